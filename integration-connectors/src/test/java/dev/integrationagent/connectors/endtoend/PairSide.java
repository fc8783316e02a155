package dev.integrationagent.connectors.endtoend;

import dev.integrationagent.Auth;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.FakeLinear;
import dev.integrationagent.testkit.FakeRedmine;
import dev.integrationagent.testkit.FakeServer;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;

/**
 * One side of a shipped-mapping pair: a tool with its connector's default mapping, against the
 * test kit's fake, and what that tool can hold.
 */
final class PairSide implements AutoCloseable {
  /** The shipped mappings, and which canonical fields each tool can hold. */
  enum Tool {
    GITHUB(false, true, false, Map.of(StatusCategory.TODO, "Open", StatusCategory.IN_PROGRESS, "Open",
        StatusCategory.DONE, "Closed")),
    JIRA(true, true, true, Map.of(StatusCategory.TODO, "To Do", StatusCategory.IN_PROGRESS, "In Progress",
        StatusCategory.DONE, "Done")),
    REDMINE(true, false, true, Map.of(StatusCategory.TODO, "New", StatusCategory.IN_PROGRESS, "In Progress",
        StatusCategory.DONE, "Closed")),
    LINEAR(true, false, true, Map.of(StatusCategory.TODO, "Todo", StatusCategory.IN_PROGRESS, "In Progress",
        StatusCategory.DONE, "Done")),
    MEMORY(true, true, true, Map.of());

    final boolean priority;
    final boolean labels;
    final boolean dueDate;
    /** The status a tool shows for a category when the incoming name is not one of its own; empty: any name. */
    final Map<StatusCategory, String> statusByCategory;

    Tool(boolean priority, boolean labels, boolean dueDate, Map<StatusCategory, String> statusByCategory) {
      this.priority = priority;
      this.labels = labels;
      this.dueDate = dueDate;
      this.statusByCategory = statusByCategory;
    }

    /** The priority a tool holds when {@code name} is written to it by its shipped mapping. */
    @Nullable String priority(@Nullable String name) {
      Map<String, String> synonyms = switch (this) {
        case JIRA -> Map.of("Normal", "Medium", "Urgent", "Highest", "Immediate", "Highest");
        case REDMINE -> Map.of("Medium", "Normal", "Highest", "Urgent", "Lowest", "Low");
        case LINEAR -> Map.of("Normal", "Medium", "Highest", "Urgent", "Immediate", "Urgent", "Lowest", "Low");
        default -> Map.of();
      };
      return name == null ? null : synonyms.getOrDefault(name, name);
    }

    /** GitHub has only open and closed: work in progress reads back as to do. */
    StatusCategory holds(StatusCategory category) {
      return this == GITHUB && category == StatusCategory.IN_PROGRESS ? StatusCategory.TODO : category;
    }
  }

  final Tool tool;
  private final @Nullable FakeServer fake;
  private final ConnectionDefinition definition;

  private PairSide(Tool tool, @Nullable FakeServer fake, ConnectionDefinition definition) {
    this.tool = tool;
    this.fake = fake;
    this.definition = definition;
  }

  static PairSide start(Tool tool, FakeClock clock, String name) {
    return switch (tool) {
      case GITHUB -> {
        FakeGitHub github = FakeGitHub.start(clock, "acme/" + name);
        yield new PairSide(tool, github, Fakes.github(github));
      }
      case JIRA -> {
        FakeJira jira = FakeJira.start(clock);
        yield new PairSide(tool, jira, jira(jira));
      }
      case REDMINE -> {
        FakeRedmine redmine = FakeRedmine.start(clock);
        yield new PairSide(tool, redmine, Fakes.redmine(redmine));
      }
      case LINEAR -> {
        FakeLinear linear = FakeLinear.start(clock);
        yield new PairSide(tool, linear, Fakes.linear(linear));
      }
      case MEMORY -> new PairSide(tool, null, InMemoryConnector.builder().name(name).clock(clock).build());
    };
  }

  /** Jira at the fake, with its default mapping. */
  static JiraConnector.Builder jira(FakeJira jira) {
    return JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
        .auth(Auth.basic(jira.email(), jira.apiToken()))
        .settings(HttpSettings.from(JiraConnector.Builder.defaultSettings())
            .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build());
  }

  ConnectionDefinition definition() {
    return definition;
  }

  @Nullable InMemoryConnector memory() {
    return definition instanceof InMemoryConnector m ? m : null;
  }

  /** Changes every item's title as a person would in the tool, behind the connector's back. */
  void retitle(UnaryOperator<String> change) {
    InMemoryConnector memory = memory();
    if (memory != null) {
      memory.items().keySet().forEach(id -> memory.edit(id, i -> i.toBuilder().title(change.apply(i.title())).build()));
    } else if (fake instanceof FakeGitHub github) {
      for (int n = 1; n <= github.issueCount(); n++) {
        github.editIssue(n, change.apply(github.issue(n).path("title").asText()));
      }
    } else if (fake instanceof FakeJira jira) {
      for (int n = 1; n <= jira.issueCount(); n++) {
        jira.editIssue(jira.projectKey() + "-" + n, f -> f.put("summary", change.apply(f.path("summary").asText())));
      }
    } else if (fake instanceof FakeLinear linear) {
      for (String id : linear.issueIds()) {
        linear.editTitle(id, change.apply(linear.issueJson(id).orElseThrow().path("title").asText()));
      }
    } else if (fake instanceof FakeRedmine redmine) {
      for (int id : redmine.issueIds()) {
        redmine.editIssue(id, i -> i.put("subject", change.apply(i.path("subject").asText())));
      }
    }
  }

  /** Jira's labels as stored, per issue; empty for other tools. */
  List<List<String>> jiraLabels() {
    List<List<String>> out = new ArrayList<>();
    if (fake instanceof FakeJira jira) {
      for (int n = 1; n <= jira.issueCount(); n++) {
        List<String> labels = new ArrayList<>();
        jira.issueJson(jira.projectKey() + "-" + n).orElseThrow().path("fields").path("labels")
            .forEach(l -> labels.add(l.asText()));
        out.add(labels);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (fake != null) {
      fake.close();
    }
  }

  @Override
  public String toString() {
    return tool.name();
  }
}
