package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import dev.integrationagent.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host killed in the middle of a pass, restarted with the default configuration: on the
 * embedded store, which only one process can open, it resumes at once; on a store shared across
 * processes, a claim on the plan holds until it expires (see {@link ClusterTest} for PostgreSQL).
 */
class RestartTest {
  @TempDir Path dir;

  @Test
  void anAgentRestartedAfterAKillMidPassRunsTheNextPassAtOnce() throws Exception {
    Path store = dir.resolve("agent");
    try (ChildJvm child = ChildJvm.builder(AgentKilledMidPass.class.getName()).args(store.toString())
        .stderr(dir.resolve("AgentKilledMidPass.stderr")).start()) {
      String line = child.nextLine(Duration.ofSeconds(60));
      assertThat(line).as("the first agent reached the middle of a pass; its stderr:%n%s", child.stderr())
          .isEqualTo("in a pass");
      child.kill(); // SIGKILL: the plan's lease is neither released nor expired
    }

    InMemoryConnector a = InMemoryConnector.builder().name("a").build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").build();
    a.add(WorkItem.builder().title("Filed while the host was down").build());
    try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(StateStores.h2(store))
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b")).build()) {
      SyncReport report = agent.syncNow("a-b");

      assertThat(report.skipped()).as("skipped because").isNull();
      assertThat(report.ran()).isTrue();
    }
    assertThat(b.items().values()).extracting(WorkItem::title).containsExactly("Filed while the host was down");
  }

  @Test
  void agentsSharingTheEmbeddedStoreInOneProcessStillExcludeEachOther() throws Exception {
    InMemoryConnector a = InMemoryConnector.builder().name("a").build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").build();
    a.add(WorkItem.builder().title("One").build());
    CountDownLatch inPass = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConnectionDefinition held = holdingFirstListing(a, inPass, release);
    StateStore store = StateStores.h2(dir.resolve("agent"));
    IntegrationAgent first = IntegrationAgent.builder().stateStore(store)
        .connection("a", held).connection("b", b).sync(SyncPlan.between("a", "b")).build();
    IntegrationAgent second = IntegrationAgent.builder().stateStore(store)
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b")).build();
    try {
      CompletableFuture<SyncReport> running = CompletableFuture.supplyAsync(() -> first.syncNow("a-b"));
      assertThat(inPass.await(60, TimeUnit.SECONDS)).isTrue();

      assertThat(second.syncNow("a-b").skipped()).isEqualTo("another agent is running it");

      release.countDown();
      assertThat(running.get(60, TimeUnit.SECONDS).ran()).isTrue();
      assertThat(second.syncNow("a-b").ran()).as("free once the first pass is over").isTrue();
      assertThat(b.items()).hasSize(1);
    } finally {
      release.countDown();
      second.close();
      first.close();
    }
  }

  @Test
  void aLeaseLeftInASharedStoreStillHoldsANewAgentOff() {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:shared-restart;DB_CLOSE_DELAY=-1", "sa", "");
    try {
      StateStore shared = StateStores.jdbc(pool);
      assertThat(shared.sharedAcrossProcesses()).isTrue();
      // an agent of another host claimed the plan and died (or is merely slow: nobody can tell)
      assertThat(shared.tryAcquireLease("plan:a-b", "agent-dead", Instant.now(), Duration.ofMinutes(2))).isPresent();
      InMemoryConnector a = InMemoryConnector.builder().name("a").build();
      InMemoryConnector b = InMemoryConnector.builder().name("b").build();
      a.add(WorkItem.builder().title("Waiting").build());
      try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(shared)
          .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b")).build()) {
        assertThat(agent.syncNow("a-b").skipped()).isEqualTo("another agent is running it");
      }
      assertThat(b.items()).isEmpty();
    } finally {
      pool.dispose();
    }
  }

  /** {@code tracker} whose first change listing signals {@code inPass}, then waits for {@code release}. */
  private static ConnectionDefinition holdingFirstListing(InMemoryConnector tracker, CountDownLatch inPass,
      CountDownLatch release) {
    return ForwardingConnectorSession.wrap(tracker, session -> new ForwardingConnectorSession(session) {
      private boolean held;

      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        if (!held) {
          held = true;
          inPass.countDown();
          try {
            if (!release.await(60, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the test never released the pass");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        return super.changes(cursor, pageSize);
      }
    });
  }

  /**
   * The host that is killed: an agent with the default configuration on the embedded store, whose
   * first pass stops in its first change listing and prints {@code in a pass} there.
   */
  static final class AgentKilledMidPass {
    private AgentKilledMidPass() {}

    public static void main(String[] args) throws Exception {
      InMemoryConnector a = InMemoryConnector.builder().name("a").build();
      a.add(WorkItem.builder().title("Being synced when the host died").build());
      CountDownLatch inPass = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1); // bounded below: it stops by itself if not killed
      new Thread(() -> {
        try {
          inPass.await();
          System.out.println("in a pass");
          System.out.flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).start();
      IntegrationAgent agent = IntegrationAgent.builder().stateStore(StateStores.h2(Path.of(args[0])))
          .connection("a", holdingFirstListing(a, inPass, never))
          .connection("b", InMemoryConnector.builder().name("b").build())
          .sync(SyncPlan.between("a", "b")).build();
      agent.syncNow("a-b");
      System.exit(1); // not killed within a minute; never closed either
    }
  }
}
