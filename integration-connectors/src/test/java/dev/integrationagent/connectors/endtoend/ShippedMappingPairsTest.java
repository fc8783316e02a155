package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.connectors.endtoend.PairSide.Tool;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hub and spoke: any two shipped mappings interoperate with no custom mapping. For every ordered
 * pair of GitHub, Jira, Redmine, Linear (each connector with its default mapping, against the test kit's
 * fake) and the test kit's in-memory tracker, items carrying every canonical field the source can
 * hold are created in the source, and a two-way plan runs between source and target. Asserted:
 * nothing fails or is parked; the target shows what a user expects; both sides then agree on every
 * field both can hold; and further passes write nothing (no echo, no flapping).
 *
 * <p>What a tool cannot hold is not asserted on it: GitHub has no priority or due date and only
 * open/closed (work in progress is open); the shipped Redmine mapping has no labels (Redmine has
 * none), nor does the shipped Linear mapping (Linear labels are team objects the connector does
 * not yet create). Linear's priorities are numbers its mapping names Urgent, High, Medium, Low:
 * Redmine's Normal is Medium there. Assignees are not seeded here: user identities differ per tool (login, account id, user
 * id), so a plan between two tools syncs them only when both mappings have a {@code users} table
 * (otherwise the engine leaves the field out rather than have the target refuse a foreign id and
 * park the item); {@code AssigneesAcrossToolsTest} covers both cases. A status
 * name the target does not know is written by its category (GitHub's "Open" is Redmine's "New" and
 * Jira's "To Do"). Jira labels cannot contain spaces: the shipped Jira mapping writes a space as
 * {@code _} and reads {@code _} back as a space, so GitHub's {@code good first issue} is Jira's
 * {@code good_first_issue} and comes back unchanged. Jira's and Redmine's default priorities
 * differ: Jira's Medium is Redmine's Normal, Highest is Urgent, Lowest is Low (and Redmine's
 * Immediate is Jira's Highest).
 */
class ShippedMappingPairsTest {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (Tool source : Tool.values()) {
      for (Tool target : Tool.values()) {
        out.add(Arguments.of(source, target));
      }
    }
    return out.stream();
  }

  /**
   * Every canonical field, every status category, GitHub's default labels with spaces, a label
   * with an underscore, and Jira's and Redmine's default priorities (Medium, Normal).
   */
  static List<WorkItem> seed() {
    return List.of(
        WorkItem.builder().title("Checkout fails on Safari").description("Steps:\n\n1. open *checkout*\n2. pay")
            .status(Status.of("Open", StatusCategory.TODO)).priority("High")
            .labels(List.of("bug", "good first issue")).dueDate(LocalDate.parse("2026-04-01")).build(),
        WorkItem.builder().title("Export is slow").description("Takes **minutes** for a small file.")
            .status(Status.of("In Progress", StatusCategory.IN_PROGRESS)).priority("Medium")
            .labels(List.of("help wanted")).dueDate(LocalDate.parse("2026-05-15")).build(),
        WorkItem.builder().title("Typo on pricing page").description("")
            .status(Status.of("Done", StatusCategory.DONE)).priority("Normal")
            .labels(List.of("documentation", "wont_fix")).build());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void shippedMappingsInteroperate(Tool sourceTool, Tool targetTool) {
    try (PairSide source = PairSide.start(sourceTool, clock, "source");
        PairSide target = PairSide.start(targetTool, clock, "target")) {
      createInSource(source);
      List<WorkItem> inSource = read(source);
      assertThat(inSource).extracting(WorkItem::title).containsExactlyInAnyOrderElementsOf(
          seed().stream().map(WorkItem::title).toList());

      try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
          .connection("source", source.definition()).connection("target", target.definition())
          .sync(SyncPlan.between("source", "target").twoWay()).build()) {
        SyncReport first = pass(agent);
        assertThat(first.created()).as(first.summary()).isEqualTo(seed().size());
        SyncReport second = pass(agent);
        SyncReport third = pass(agent);

        List<WorkItem> onSource = read(source);
        List<WorkItem> onTarget = read(target);
        assertThat(onTarget).hasSize(seed().size());
        assertThat(onSource).as("nothing came back as a new item").hasSize(seed().size());
        for (int i = 0; i < seed().size(); i++) {
          WorkItem want = seed().get(i);
          WorkItem s = onSource.get(i);
          WorkItem t = onTarget.get(i);
          assertExpected(want, sourceTool, targetTool, t);
          assertAgree(s, t, sourceTool, targetTool);
          assertThat(s).as("the source keeps what it had").usingRecursiveComparison()
              .ignoringFields("createdAt", "updatedAt", "customFields").isEqualTo(inSource.get(i));
        }
        assertThat(second.created() + second.updated()).as("echo: " + second.summary()).isZero();
        assertThat(third.created() + third.updated()).as("flapping: " + third.summary()).isZero();
        for (PairSide jira : List.of(source, target)) {
          assertThat(jira.jiraLabels()).allSatisfy(labels -> assertThat(labels).noneMatch(l -> l.contains(" ")));
        }
        if (targetTool == Tool.JIRA && sourceTool.labels) {
          assertThat(target.jiraLabels()).flatMap(l -> l)
              .contains("good_first_issue", "help_wanted", "wont__fix").doesNotContain("good first issue");
        }

        // an edit on the target flows back with every field it carries (labels from Jira
        // included), and one on the source flows out again; neither leaves a duplicate or a flap
        target.retitle(title -> title + " (seen)");
        SyncReport back = pass(agent);
        assertThat(back.updated()).as(back.summary()).isEqualTo(seed().size());
        source.retitle(title -> title + " (fixed)");
        SyncReport out = pass(agent);
        assertThat(out.updated()).as(out.summary()).isEqualTo(seed().size());
        SyncReport settled = pass(agent);
        assertThat(settled.created() + settled.updated()).as("flapping: " + settled.summary()).isZero();

        List<WorkItem> finalSource = read(source);
        List<WorkItem> finalTarget = read(target);
        for (int i = 0; i < seed().size(); i++) {
          WorkItem s = finalSource.get(i);
          assertThat(s.title()).isEqualTo(seed().get(i).title() + " (seen) (fixed)");
          assertAgree(s, finalTarget.get(i), sourceTool, targetTool);
          assertThat(s).as("only the title changed on the source").usingRecursiveComparison()
              .ignoringFields("title", "createdAt", "updatedAt", "customFields").isEqualTo(inSource.get(i));
        }
        assertThat(agent.parked("source-target")).isEmpty();
      }
    }
  }

  /**
   * A label a person adds in Jira with an underscore reaches GitHub as words, once, and stays
   * as it was made in Jira; no later pass rewrites either side.
   */
  @Test
  void aLabelMadeInJiraReachesGitHubOnceAndStaysAsMade() {
    try (FakeGitHub github = FakeGitHub.start(clock, "acme/app"); FakeJira jira = FakeJira.start(clock)) {
      int number = github.createIssue("Crash on start", "body");
      try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
          .connection("source", Fakes.github(github))
          .connection("target", PairSide.jira(jira))
          .sync(SyncPlan.between("source", "target").twoWay()).build()) {
        pass(agent);
        String key = jira.projectKey() + "-1";
        clock.advance(Duration.ofMinutes(1));
        jira.editIssue(key, f -> f.putArray("labels").add("needs_triage").add("good_first_issue"));
        SyncReport back = pass(agent);
        SyncReport again = pass(agent);

        assertThat(back.updated()).as(back.summary()).isEqualTo(1);
        assertThat(github.issue(number).path("labels")).extracting(l -> l.path("name").asText())
            .containsExactly("needs triage", "good first issue");
        assertThat(jira.issueJson(key).orElseThrow().path("fields").path("labels")).extracting(JsonNode::asText)
            .containsExactly("needs_triage", "good_first_issue");
        assertThat(again.created() + again.updated()).as(again.summary()).isZero();
        assertThat(agent.parked("source-target")).isEmpty();
      }
    }
  }

  /** What a user expects on the target: the value where the target can hold it. */
  private static void assertExpected(WorkItem want, Tool source, Tool target, WorkItem got) {
    assertThat(got.title()).isEqualTo(want.title());
    assertThat(got.description()).as(want.title()).isEqualTo(want.description());
    StatusCategory category = target.holds(source.holds(want.status().category()));
    assertThat(got.status()).as(want.title()).isNotNull();
    assertThat(got.status().category()).as(want.title()).isEqualTo(category);
    if (!target.statusByCategory.isEmpty() && !source.statusByCategory.isEmpty()) {
      assertThat(got.status().name()).as(want.title() + " status, by category").isEqualTo(target.statusByCategory.get(category));
    }
    if (source.priority && target.priority) {
      assertThat(got.priority()).as(want.title()).isEqualTo(target.priority(source.priority(want.priority())));
    }
    if (source.labels && target.labels) {
      assertThat(got.labels()).as(want.title()).containsExactlyElementsOf(want.labels());
    }
    if (source.dueDate && target.dueDate) {
      assertThat(got.dueDate()).as(want.title()).isEqualTo(want.dueDate());
    }
  }

  /** After two-way passes, both sides agree on every field both can hold. */
  private static void assertAgree(WorkItem s, WorkItem t, Tool source, Tool target) {
    assertThat(t.title()).isEqualTo(s.title());
    assertThat(t.description()).isEqualTo(s.description());
    assertThat(t.status().category()).isEqualTo(target.holds(s.status().category()));
    if (source.priority && target.priority) {
      assertThat(t.priority()).as(s.title()).isEqualTo(target.priority(s.priority()));
    }
    if (source.labels && target.labels) {
      assertThat(t.labels()).as(s.title()).containsExactlyElementsOf(s.labels());
    }
    if (source.dueDate && target.dueDate) {
      assertThat(t.dueDate()).as(s.title()).isEqualTo(s.dueDate());
    }
  }

  private SyncReport pass(IntegrationAgent agent) {
    clock.advance(Duration.ofMinutes(1));
    SyncReport report = agent.syncNow("source-target");
    assertThat(report.failures()).as(report.summary()).isEmpty();
    return report;
  }

  /** The seed items, created in the source through its connector as a one-way sync would. */
  private void createInSource(PairSide source) {
    InMemoryConnector memory = source.memory();
    if (memory != null) {
      seed().forEach(memory::add);
      return;
    }
    InMemoryConnector seed = InMemoryConnector.builder().name("seed").clock(clock).build();
    seed().forEach(seed::add);
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("seed", seed).connection("tool", source.definition())
        .sync(SyncPlan.between("seed", "tool").oneWay()).build()) {
      pass(agent, "seed-tool");
    }
  }

  /** The items of a side in canonical form, through its shipped mapping, in seed order. */
  private List<WorkItem> read(PairSide side) {
    InMemoryConnector memory = side.memory();
    ConnectionDefinition from = side.definition();
    InMemoryConnector probe = InMemoryConnector.builder().name("probe").clock(clock).build();
    if (memory != null) {
      probe = memory;
    } else {
      try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
          .connection("tool", from).connection("probe", probe)
          .sync(SyncPlan.between("tool", "probe").oneWay()).build()) {
        pass(agent, "tool-probe");
      }
    }
    List<String> order = seed().stream().map(WorkItem::title).toList();
    return probe.items().values().stream()
        .sorted(Comparator.comparingInt(item -> seedIndex(order, item.title()))).toList();
  }

  private static int seedIndex(List<String> seedTitles, String title) {
    for (int i = 0; i < seedTitles.size(); i++) {
      if (title.startsWith(seedTitles.get(i))) {
        return i;
      }
    }
    throw new AssertionError("not a seed item: " + title);
  }

  private void pass(IntegrationAgent agent, String plan) {
    clock.advance(Duration.ofMinutes(1));
    SyncReport report = agent.syncNow(plan);
    assertThat(report.failures()).as(report.summary()).isEmpty();
    assertThat(agent.parked(plan)).isEmpty();
  }
}
