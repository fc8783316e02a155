package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.Auth;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.connectors.slack.SlackClient;
import dev.integrationagent.events.Watch;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.FakeSlack;
import dev.integrationagent.workflow.WorkflowRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow the workflows issue opens with, from its YAML file, against the fake GitHub, Jira
 * and Slack servers over HTTP: "when a GitHub issue gets the label bug, create a Jira bug with the
 * same title, link the two, and post to Slack #triage".
 */
class TriageWorkflowTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final Sleeper sleeper = clock::advance;
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);
  private final FakeSlack slack = FakeSlack.start(clock);

  @AfterEach
  void stop() {
    github.close();
    jira.close();
    slack.close();
  }

  @Test
  void aGitHubIssueLabelledBugBecomesALinkedJiraBugAndOneSlackMessage() throws Exception {
    String triage = slack.channel("#triage");
    String yaml = Files.readString(Path.of("src/test/resources/workflows/triage.workflow.yaml"))
        .replace("C0TRIAGE", triage);
    StateStore store = StateStores.inMemory();
    SlackClient slackClient = SlackClient.builder().baseUrl(slack.apiUrl()).token(slack.token()).clock(clock)
        .sleeper(sleeper).build();
    int issue = github.createIssue("Checkout <button> does \"nothing\"", "Steps: click it");
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).sleeper(sleeper).stateStore(store)
        .connection("github", Fakes.github(github))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken())))
        .sync(SyncPlan.between("github", "jira").twoWay().createIn())
        .watch(Watch.of("github"))
        .action(slackClient.postAction())
        .workflow(Workflows.fromYaml(yaml))
        .build()) {
      agent.syncNow("github-jira");
      agent.workflowRuns().runNow();
      assertThat(jira.issueCount()).isZero();

      clock.advance(Duration.ofMinutes(1));
      github.addLabel(issue, "bug");
      agent.syncNow("github-jira");
      agent.workflowRuns().runNow();

      assertThat(jira.issueCount()).isEqualTo(1);
      WorkflowRun run = agent.workflowRuns().list("triage", 5).get(0);
      assertThat(run.state()).isEqualTo("SUCCEEDED");
      String jiraId = run.step("create").orElseThrow().output().path("id").asText();
      String jiraKey = run.step("create").orElseThrow().output().path("key").asText();
      assertThat(jira.issueJson(jiraId)).get().satisfies(j -> assertThat(j.path("fields").path("summary").asText())
          .isEqualTo("Checkout <button> does \"nothing\""));
      assertThat(store.link("github-jira", Side.A, Integer.toString(issue))).get()
          .satisfies(l -> assertThat(l.bId()).isEqualTo(jiraId));
      List<JsonNode> posted = slack.messages(triage);
      assertThat(posted).singleElement().satisfies(m -> {
        assertThat(m.path("text").asText()).isEqualTo("New bug from GitHub: *Checkout &lt;button&gt; does \"nothing\"* is "
            + jiraKey + " in Jira");
        assertThat(m.path("metadata").path("event_payload").path("key").asText()).isEqualTo(run.id() + ":notify");
      });

      // the plan keeps the pair equal from now on; the workflow runs again only for a new label
      clock.advance(Duration.ofMinutes(1));
      github.editIssue(issue, "Checkout button does nothing on Safari");
      agent.syncNow("github-jira");
      agent.workflowRuns().runNow();
      assertThat(jira.issueJson(jiraId)).get().satisfies(j -> assertThat(j.path("fields").path("summary").asText())
          .isEqualTo("Checkout button does nothing on Safari"));
      assertThat(jira.issueCount()).isEqualTo(1);
      assertThat(slack.postCount()).isEqualTo(1);
    }
  }
}
