package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeRedmine;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redmine's listing never reports a deleted issue; it only stops showing it. The plan's
 * reconciling listing finds it, a read confirms it is gone (404), and its copy follows the delete
 * policy. The same scenario runs against a real Redmine in {@code RedmineRealServerTest}.
 */
class UnreportedDeleteTest {
  private final FakeClock clock = FakeClock.at("2026-03-01T10:00:00Z");
  private final FakeRedmine redmine = FakeRedmine.start(clock);
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();

  @AfterEach
  void stop() {
    redmine.close();
  }

  @Test
  void aDeletedRedmineIssueIsFoundByTheReconcilingListingAndItsCopyDeleted() {
    redmine.createIssue("Keep me");
    int doomed = redmine.createIssue("Delete me");
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("redmine", Fakes.redmine(redmine))
        .connection("tracker", tracker)
        .sync(SyncPlan.between("redmine", "tracker").deletes(DeletePolicy.PROPAGATE)
            .reconcileEvery(Duration.ofHours(1)))
        .build()) {
      agent.syncNow("redmine-tracker");
      assertThat(tracker.items().values()).extracting(WorkItem::title)
          .containsExactlyInAnyOrder("Keep me", "Delete me");

      redmine.deleteIssue(doomed);
      clock.advance(Duration.ofMinutes(10));
      agent.syncNow("redmine-tracker");
      assertThat(tracker.items()).as("not due yet: nothing inferred from an incremental listing").hasSize(2);

      clock.advance(Duration.ofHours(1));
      SyncReport report = agent.syncNow("redmine-tracker");

      assertThat(report.failed()).isZero();
      assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Keep me");
    }
  }
}
