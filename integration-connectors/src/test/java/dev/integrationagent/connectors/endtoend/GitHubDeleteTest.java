package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub cannot delete an issue, so a propagated delete closes it; the closed issue must then
 * read as deleted, not as a new issue that the plan copies back to where it was deleted.
 */
class GitHubDeleteTest {
  private final FakeClock clock = FakeClock.at("2026-03-01T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void anItemDeletedInTheTrackerIsClosedOnGitHubAndNotCreatedAgain() {
    String keep = tracker.add(WorkItem.builder().title("Keep me").build());
    String doomed = tracker.add(WorkItem.builder().title("Delete me").build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("tracker", tracker)
        .connection("github", Fakes.github(github))
        .sync(SyncPlan.between("tracker", "github").twoWay().deletes(DeletePolicy.PROPAGATE))
        .build()) {
      agent.syncNow("tracker-github");
      assertThat(github.issueCount()).isEqualTo(2);

      tracker.remove(doomed);
      clock.advance(Duration.ofMinutes(5));
      agent.syncNow("tracker-github");
      clock.advance(Duration.ofMinutes(5));
      SyncReport again = agent.syncNow("tracker-github");

      assertThat(again.failed()).isZero();
      assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Keep me");
      assertThat(tracker.item(keep)).isPresent();
    }
  }
}
