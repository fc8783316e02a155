package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeRedmine;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import java.time.Duration;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redmine and GitHub both ways, when the process died right after a create reached GitHub and a
 * person edited the copy before the agent came back. Nothing is known of what the sides agreed
 * on, so every field is compared afresh: the person's edit is not overwritten, and a status that
 * reads "In Progress" in Redmine and "Open" in GitHub (which has no such status) is no conflict.
 */
class RecoveredLinkTest {
  /** The process dies: an Error escapes the engine, as a kill would stop it. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeRedmine redmine = FakeRedmine.start(clock);
  private final StateStore store = StateStores.inMemory();
  private int redmineId;

  @BeforeEach
  void anIssueInProgressWhoseCopyWasCreatedJustBeforeTheProcessDied() {
    redmineId = redmine.createIssue("Deploy script fails");
    redmine.editIssue(redmineId, i -> i.putObject("status").put("id", 2).put("name", "In Progress")
        .put("is_closed", false));
    clock.advance(Duration.ofMinutes(1));
    try {
      pass(ConflictPolicy.lastWriteWins(), true);
    } catch (Killed e) {
      // GitHub took the create; the agent never saw the answer
    }
    assertThat(github.issueCount()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    github.editIssue(1, "Deploy script fails on ARM"); // a person, before the agent restarts
    clock.advance(Duration.ofMinutes(1));
  }

  @AfterEach
  void stop() {
    github.close();
    redmine.close();
  }

  private SyncReport pass(ConflictPolicy policy, boolean dieAfterCreate) {
    ConnectionDefinition gh = Fakes.github(github);
    if (dieAfterCreate) {
      gh = ForwardingConnectorSession.wrap(gh, s -> new ForwardingConnectorSession(s) {
        @Override
        public ExternalItem create(JsonNode fields, @Nullable String marker) {
          super.create(fields, marker);
          throw new Killed();
        }
      });
    }
    IntegrationAgent agent = IntegrationAgent.builder().agentId("agent").clock(clock).stateStore(store)
        .connection("redmine", Fakes.redmine(redmine))
        .connection("github", gh)
        .sync(SyncPlan.between("redmine", "github").twoWay().conflicts(policy))
        .build();
    return agent.syncNow("redmine-github");
  }

  @Test
  void underLastWriteWinsThePersonsLaterEditOfTheCopyWinsAndTheStatusStays() {
    SyncReport report = pass(ConflictPolicy.lastWriteWins(), false);
    pass(ConflictPolicy.lastWriteWins(), false);

    assertThat(report.failures()).isEmpty();
    assertThat(github.issueCount()).as("linked, not created again").isEqualTo(1);
    assertThat(redmine.issueIds()).hasSize(1);
    assertThat(redmine.issue(redmineId).path("subject").asText()).isEqualTo("Deploy script fails on ARM");
    assertThat(redmine.issue(redmineId).path("status").path("name").asText()).isEqualTo("In Progress");
    assertThat(github.issue(1).path("state").asText()).isEqualTo("open");
    assertThat(store.conflicts("redmine-github")).isEmpty();
  }

  @Test
  void underManualOnlyTheTitleIsQueuedNotTheStatusBothToolsExpressAlike() {
    pass(ConflictPolicy.manual(), false);
    pass(ConflictPolicy.manual(), false);

    assertThat(store.conflicts("redmine-github")).extracting(ConflictRecord::field).containsExactly("title");
    assertThat(redmine.issue(redmineId).path("subject").asText()).as("both sides as they were")
        .isEqualTo("Deploy script fails");
    assertThat(github.issue(1).path("title").asText()).isEqualTo("Deploy script fails on ARM");
    assertThat(redmine.issue(redmineId).path("status").path("name").asText()).isEqualTo("In Progress");
    assertThat(github.issueCount()).isEqualTo(1);
  }
}
