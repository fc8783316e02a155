package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.store.TestPostgres;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.ManualScheduler;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three agents in one JVM sharing one real PostgreSQL: each scheduled pass runs once across them. */
class ClusterTest {

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:30Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final List<IntegrationAgent> agents = new ArrayList<>();
  private final List<ManualScheduler> schedulers = new ArrayList<>();
  private DataSource dataSource;

  @BeforeEach
  void startAgents() throws Exception {
    dataSource = TestPostgres.freshDatabase("cluster");
    for (int i = 1; i <= 3; i++) {
      ManualScheduler scheduler = new ManualScheduler();
      RecordingAuditSink audit = new RecordingAuditSink(); // three agents deliver one audit trail
      IntegrationAgent agent = IntegrationAgent.builder().agentId("agent-" + i).clock(clock)
          .stateStore(StateStores.jdbc(dataSource)).scheduler(scheduler).leaseTtl(Duration.ofMinutes(2))
          .connection("a", a).connection("b", b)
          .sync(SyncPlan.between("a", "b").every(Duration.ofMinutes(5)))
          .audit(audit).build();
      agent.start();
      agents.add(agent);
      schedulers.add(scheduler);
    }
  }

  @AfterEach
  void stopAgents() {
    agents.forEach(IntegrationAgent::close);
  }

  /** Fires every agent's schedule at the same moment, from three threads. */
  private void fireAllSchedules() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (ManualScheduler scheduler : schedulers) {
        done.add(pool.submit(() -> {
          go.await();
          return scheduler.runScheduled();
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Passes started across the cluster, as the shared stream records them. */
  private int passes() {
    return (int) agents.get(agents.size() - 1).events().read(0, 10_000).stream()
        .filter(e -> e.type().equals(dev.integrationagent.api.event.EventTypes.PASS_STARTED)).count();
  }

  @Test
  void eachScheduledPassRunsOnceAcrossTheCluster() throws Exception {
    for (int i = 0; i < 5; i++) {
      a.add(WorkItem.builder().title("Item " + i).build());
    }

    fireAllSchedules();
    assertThat(passes()).isEqualTo(1);
    assertThat(b.items()).hasSize(5);

    fireAllSchedules();
    assertThat(passes()).as("the same slot does not run twice").isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    a.add(WorkItem.builder().title("Later").build());
    fireAllSchedules();
    assertThat(passes()).isEqualTo(2);
    assertThat(b.items()).hasSize(6);
  }

  @Test
  void aDeadAgentsPlanIsTakenOverOnceItsLeaseExpires() throws Exception {
    a.add(WorkItem.builder().title("Waiting").build());
    StateStore shared = StateStores.jdbc(dataSource);
    // agent-1 claimed the plan and died mid-pass: its lease is never renewed nor released
    assertThat(shared.tryAcquireLease("plan:a-b", "agent-1", clock.instant(), Duration.ofMinutes(2))).isPresent();
    agents.get(0).close();
    schedulers.remove(0);

    fireAllSchedules();
    assertThat(passes()).as("the plan is still claimed").isZero();
    assertThat(b.items()).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    fireAllSchedules();
    assertThat(passes()).isEqualTo(1);
    assertThat(b.items()).hasSize(1);
  }
}
