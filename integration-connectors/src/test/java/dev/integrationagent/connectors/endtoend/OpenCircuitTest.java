package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

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

/** A target whose circuit is open is down as a whole: its backlog waits, it is not parked item by item. */
class OpenCircuitTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
      .connection("tracker", tracker).connection("github", Fakes.github(github))
      .sync(SyncPlan.between("tracker", "github").retries(20, Duration.ofMillis(10))).build();

  @AfterEach
  void close() {
    agent.close();
    github.close();
  }

  @Test
  void whileTheTargetsCircuitIsOpenNoItemIsChargedAnAttemptAndTheBacklogSyncsOnceItCloses() {
    for (int i = 0; i < 3; i++) {
      tracker.add(WorkItem.builder().title("Item " + i).build());
    }
    github.failNext(10_000, 503);
    int pass = 0;
    while (agent.parked("tracker-github").isEmpty() || !circuitOpen(agent.syncNow("tracker-github"))) {
      assertThat(++pass).as("the circuit opens after a few failing calls").isLessThan(20);
      if (agent.parked("tracker-github").isEmpty()) {
        agent.syncNow("tracker-github");
      }
      clock.advance(Duration.ofSeconds(2));
    }
    int attempts = headAttempts();
    for (int i = 0; i < 8; i++) { // 16 s: the circuit (open for 30 s) lets no trial call through
      SyncReport report = agent.syncNow("tracker-github");
      assertThat(report.failures()).filteredOn(f -> !f.message().startsWith("waiting until"))
          .allSatisfy(f -> assertThat(f.connectionId()).as("the failing connection").isEqualTo("github"));
      clock.advance(Duration.ofSeconds(2));
    }

    assertThat(headAttempts()).as("attempts charged while the circuit was open: %s", agent.parked("tracker-github")).isEqualTo(attempts);
    assertThat(agent.parked("tracker-github")).filteredOn(p -> p.retryAt() == null).as("parked for good").isEmpty();

    github.clearFaults();
    clock.advance(Duration.ofMinutes(10)); // the circuit lets a trial call through, and closes
    agent.syncNow("tracker-github");

    assertThat(github.issueCount()).isEqualTo(3);
    assertThat(agent.parked("tracker-github")).isEmpty();
  }

  private static boolean circuitOpen(SyncReport report) {
    return report.failures().stream().anyMatch(f -> f.message().contains("circuit is open"));
  }

  private int headAttempts() {
    return agent.parked("tracker-github").stream().mapToInt(p -> p.attempts()).max().orElse(0);
  }
}
