package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLifecycleTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  @TempDir Path dir;

  @Test
  void startRunsEveryScheduledPlanOnceAtOnce() throws Exception {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    a.add(WorkItem.builder().title("Scheduled").build());
    CountDownLatch finished = new CountDownLatch(1);
    AuditSink onFinish = e -> {
      if (e.type().equals("pass.finished")) {
        finished.countDown();
      }
    };
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").every(Duration.ofHours(1)))
        .audit(onFinish).build()) {
      agent.start();
      agent.start();

      assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(b.items()).hasSize(1);
  }

  @Test
  void aRestartedAgentContinuesFromItsPersistedState() {
    Path data = dir.resolve("data");
    SyncReport first = runOnce(data);
    assertThat(first.created()).isEqualTo(2);

    SyncReport second = runOnce(data);
    assertThat(second.created() + second.updated() + second.failed()).isZero();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).storage(data.resolve("b.json")).build();
    assertThat(b.items()).hasSize(2);
  }

  private SyncReport runOnce(Path data) {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).storage(data.resolve("a.json")).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).storage(data.resolve("b.json")).build();
    if (a.isEmpty()) {
      a.add(WorkItem.builder().title("One").build());
      a.add(WorkItem.builder().title("Two").build());
    }
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock)
        .stateStore(StateStores.h2(data.resolve("agent")))
        .connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b")).build()) {
      return agent.syncNow("a-b");
    }
  }
}
