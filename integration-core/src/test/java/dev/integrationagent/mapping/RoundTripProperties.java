package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.Mapping;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips of every built-in rule kind, on generated items: what a mapping writes reads back
 * as the same canonical item (the direction a sync depends on), and a tool item within the
 * mapping's domain is written back exactly as it was read.
 */
class RoundTripProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Mapping TRACKER = Mappings.fromResource("mappings/tracker.yaml");
  private static final Mapping GITHUB = Mappings.fromResource("dev/integrationagent/mappings/github.yaml");
  private static final Mapping TRANSFORMED = Mappings.builder("transformed")
      .rule("title", r -> r.from("/name").transform("reversed"))
      .rule("labels", r -> r.from("/tags").items("/tag/text"))
      .rule("dueDate", r -> r.from("/due"))
      .rule("custom.points", r -> r.from("/points").type("number"))
      .build();

  private static Arbitrary<String> text() {
    return Arbitraries.strings().withChars("abcxyz ÄéЖ漢*_`#[]\\\"'\n").ofMinLength(1).ofMaxLength(20)
        .filter(s -> !s.isBlank());
  }

  private static Arbitrary<LocalDate> dates() {
    return Arbitraries.integers().between(0, 20_000).map(d -> LocalDate.of(2000, 1, 1).plusDays(d));
  }

  @Provide
  Arbitrary<WorkItem> trackerItems() {
    Arbitrary<Status> status = Combinators.combine(text(), Arbitraries.of(StatusCategory.class)).as(Status::of);
    Arbitrary<String> priority = Arbitraries.oneOf(Arbitraries.of("Critical", "High", "Normal", "Low"),
        text().filter(p -> !List.of("Highest", "Medium").contains(p)));
    Arbitrary<List<String>> assignee = Arbitraries.of("ada", "linus", "grace").list().ofMaxSize(1);
    return Combinators.combine(text(), text(), status.injectNull(0.2), priority.injectNull(0.2), assignee,
            text().list().ofMaxSize(4), dates().injectNull(0.3), Arbitraries.integers().between(0, 100))
        .as((title, description, s, p, assignees, labels, due, points) -> WorkItem.builder()
            .title(title).description(description).status(s).priority(p).assignees(assignees).labels(labels)
            .dueDate(due).customField("points", IntNode.valueOf(points))
            .customField("team", TextNode.valueOf(title)).build());
  }

  @Property(tries = 200)
  void trackerWritesReadBackUnchanged(@ForAll("trackerItems") WorkItem item) {
    JsonNode vendor = TRACKER.fromCanonical(item, TRACKER.writableFields());

    assertThat(TRACKER.toCanonical(vendor)).isEqualTo(item);
  }

  @Provide
  Arbitrary<JsonNode> trackerIssues() {
    Arbitrary<String> category = Arbitraries.of("new", "indeterminate", "done");
    Arbitrary<String> priority = Arbitraries.of("Highest", "High", "Medium", "Low");
    return Combinators.combine(text(), text(), text(), category, priority,
            Arbitraries.of("557058:ada", "557058:linus", "someone-else"), text().list().ofMaxSize(3), dates())
        .as((summary, body, statusName, cat, prio, account, labels, due) -> {
          ObjectNode fields = JSON.createObjectNode();
          fields.put("summary", summary).put("body", body);
          fields.putObject("status").put("name", statusName).putObject("statusCategory").put("key", cat);
          fields.putObject("priority").put("name", prio);
          fields.putObject("assignee").put("accountId", account);
          ArrayNode l = fields.putArray("labels");
          labels.forEach(l::add);
          fields.put("duedate", due.toString());
          fields.put("customfield_10016", 3);
          fields.putObject("customfield_10001").put("value", summary);
          ObjectNode issue = JSON.createObjectNode();
          issue.set("fields", fields);
          return issue;
        });
  }

  @Property(tries = 200)
  void aTrackerIssueIsWrittenBackAsItWasRead(@ForAll("trackerIssues") JsonNode issue) {
    JsonNode written = TRACKER.fromCanonical(TRACKER.toCanonical(issue), TRACKER.writableFields());

    assertThat(written).isEqualTo(issue);
  }

  @Provide
  Arbitrary<JsonNode> transformedDocs() {
    return Combinators.combine(text(), text().list().ofMaxSize(4), dates(), Arbitraries.integers().between(-5, 5000))
        .as((name, tags, due, points) -> {
          ObjectNode doc = JSON.createObjectNode().put("name", name);
          ArrayNode t = doc.putArray("tags");
          tags.forEach(tag -> t.addObject().putObject("tag").put("text", tag));
          doc.put("due", due.toString()).put("points", points);
          return doc;
        });
  }

  @Property(tries = 200)
  void transformersListsOfObjectsDatesAndNumbersRoundTrip(@ForAll("transformedDocs") JsonNode doc) {
    WorkItem item = TRANSFORMED.toCanonical(doc);

    assertThat(TRANSFORMED.fromCanonical(item, TRANSFORMED.writableFields())).isEqualTo(doc);
    assertThat(TRANSFORMED.toCanonical(TRANSFORMED.fromCanonical(item, TRANSFORMED.writableFields()))).isEqualTo(item);
  }

  @Provide
  Arbitrary<JsonNode> githubIssues() {
    return Combinators.combine(text(), text().injectNull(0.2), Arbitraries.of("open", "closed"),
            Arbitraries.of("octocat", "hubot", "ada").list().uniqueElements().ofMaxSize(3),
            text().list().uniqueElements().ofMaxSize(4))
        .as((title, body, state, logins, labels) -> {
          ObjectNode issue = JSON.createObjectNode().put("title", title).put("body", body).put("state", state);
          ArrayNode a = issue.putArray("assignees");
          logins.forEach(login -> a.addObject().put("login", login));
          ArrayNode l = issue.putArray("labels");
          labels.forEach(name -> l.addObject().put("name", name));
          return issue;
        });
  }

  @Property(tries = 200)
  void theGitHubDefaultMappingRoundTrips(@ForAll("githubIssues") JsonNode issue) {
    WorkItem item = GITHUB.toCanonical(issue);
    JsonNode written = GITHUB.fromCanonical(item, GITHUB.writableFields());

    ObjectNode expected = issue.deepCopy();
    if (expected.get("body").isNull()) {
      expected.put("body", ""); // a missing body reads as an empty description
    }
    assertThat(written).isEqualTo(expected);
    assertThat(GITHUB.toCanonical(written)).isEqualTo(item);
  }

  private static final Mapping JIRA = Mappings.fromResource("dev/integrationagent/mappings/jira.yaml");
  private static final Mapping REDMINE = Mappings.fromResource("dev/integrationagent/mappings/redmine.yaml");

  private static Arbitrary<String> paragraphs() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    return word.list().ofMinSize(1).ofMaxSize(6).map(w -> String.join(" ", w))
        .list().ofMinSize(1).ofMaxSize(3).map(p -> String.join("\n\n", p));
  }

  @Provide
  Arbitrary<WorkItem> jiraItems() {
    Arbitrary<Status> status = Combinators.combine(text(), Arbitraries.of(StatusCategory.class)).as(Status::of);
    return Combinators.combine(text(), paragraphs(), status.injectNull(0.2), text().injectNull(0.3),
            Arbitraries.strings().withCharRange('0', '9').ofLength(6).list().ofMaxSize(1),
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10).list().ofMaxSize(3),
            dates().injectNull(0.3))
        .as((title, description, st, priority, assignees, labels, due) -> WorkItem.builder().title(title)
            .description(description).status(st).priority(priority).assignees(assignees).labels(labels)
            .dueDate(due).build());
  }

  @Property(tries = 150)
  void theJiraDefaultMappingRoundTrips(@ForAll("jiraItems") WorkItem item) {
    JsonNode issue = JIRA.fromCanonical(item, JIRA.writableFields());

    assertThat(issue.at("/fields/description/type").asText()).isEqualTo("doc");
    assertThat(JIRA.toCanonical(issue)).isEqualTo(item);
  }

  @Provide
  Arbitrary<WorkItem> redmineItems() {
    Arbitrary<Status> status = Arbitraries.of(
        Status.of("New", StatusCategory.TODO), Status.of("In Progress", StatusCategory.IN_PROGRESS),
        Status.of("Feedback", StatusCategory.IN_PROGRESS), Status.of("Resolved", StatusCategory.IN_PROGRESS),
        Status.of("Closed", StatusCategory.DONE), Status.of("Rejected", StatusCategory.DONE));
    return Combinators.combine(text(), paragraphs(), status, Arbitraries.of("Low", "Normal", "High", "Urgent"),
            Arbitraries.integers().between(1, 500).map(String::valueOf).list().ofMaxSize(1), dates().injectNull(0.3),
            Arbitraries.integers().between(0, 10).map(n -> n * 10))
        .as((title, description, st, priority, assignees, due, ratio) -> WorkItem.builder().title(title)
            .description(description).status(st).priority(priority).assignees(assignees).dueDate(due)
            .customField("doneRatio", IntNode.valueOf(ratio)).build());
  }

  @Property(tries = 150)
  void theRedmineDefaultMappingRoundTrips(@ForAll("redmineItems") WorkItem item) {
    JsonNode issue = REDMINE.fromCanonical(item, REDMINE.writableFields());

    assertThat(REDMINE.toCanonical(issue)).isEqualTo(item);
  }

  @Property(tries = 100)
  void gitHubTakesEveryCanonicalStatusCategory(@ForAll StatusCategory category) {
    WorkItem item = WorkItem.builder().title("t").status(Status.of("Whatever", category)).build();

    JsonNode written = GITHUB.fromCanonical(item, java.util.Set.of("status"));

    assertThat(written.path("state").asText()).isEqualTo(category == StatusCategory.DONE ? "closed" : "open");
    assertThat(Map.of("open", StatusCategory.TODO, "closed", StatusCategory.DONE))
        .containsKey(written.path("state").asText());
  }
}
