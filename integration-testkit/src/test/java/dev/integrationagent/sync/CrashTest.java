package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The process dies at every write point of a run, before or after the tool took the write; a new
 * agent on the same store finishes the job with no duplicate item and no lost change.
 */
class CrashTest {
  /** The JVM "dies": an Error escapes every catch of the engine, as a kill would stop it. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** A connection whose n-th write crashes the process, before or after reaching the tool. */
  static ConnectionDefinition crashing(InMemoryConnector tracker, AtomicInteger writesLeft, boolean afterWrite) {
    return ForwardingConnectorSession.wrap(tracker, session -> new ForwardingConnectorSession(session) {
      private <T> T write(java.util.function.Supplier<T> call) {
        if (writesLeft.decrementAndGet() == 0) {
          if (afterWrite) {
            call.get();
          }
          throw new Crash();
        }
        return call.get();
      }

      @Override
      public ExternalItem create(JsonNode fields, @Nullable String marker) {
        return write(() -> super.create(fields, marker));
      }

      @Override
      public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
        return write(() -> super.update(id, patch, expectedVersion));
      }
    });
  }

  static List<Arguments> writePoints() {
    List<Arguments> points = new java.util.ArrayList<>();
    for (boolean twoWay : List.of(false, true)) {
      for (int write = 1; write <= 8; write++) {
        points.add(Arguments.of(write, false, twoWay));
        points.add(Arguments.of(write, true, twoWay));
      }
    }
    return points;
  }

  @ParameterizedTest(name = "crash at write {0}, after the tool took it: {1}, two-way: {2}")
  @MethodSource("writePoints")
  void aRestartOnTheSameStoreLosesAndDuplicatesNothing(int crashAt, boolean afterWrite, boolean twoWay) {
    FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    StateStore store = StateStores.inMemory();
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(a.add(WorkItem.builder().title("Item " + i).labels(List.of("v1")).build()));
    }
    AtomicInteger writesLeft = new AtomicInteger(crashAt);
    boolean crashed = false;
    try {
      run(clock, a, crashing(b, writesLeft, afterWrite), store, twoWay); // 5 creates
      ids.subList(0, 3).forEach(id -> a.edit(id, i -> i.toBuilder().labels(List.of("v2")).build()));
      run(clock, a, crashing(b, writesLeft, afterWrite), store, twoWay); // 3 updates
    } catch (Crash e) {
      crashed = true;
    }
    assertThat(crashed).as("the crash point lies within the run's 8 writes").isTrue();

    // the process restarts: a new agent on the same store, passes until the backlog is done
    ids.subList(0, 3).forEach(id -> a.edit(id, i -> i.toBuilder().labels(List.of("v2")).build()));
    for (int pass = 0; pass < 3; pass++) {
      clock.advance(Duration.ofMinutes(5));
      run(clock, a, b, store, twoWay);
    }

    assertThat(b.items().values()).extracting(WorkItem::title).as("no duplicate, none missing")
        .containsExactlyInAnyOrder("Item 0", "Item 1", "Item 2", "Item 3", "Item 4");
    for (WorkItem item : b.items().values()) {
      int n = Integer.parseInt(item.title().substring(5));
      assertThat(item.labels()).as(item.title()).containsExactly(n < 3 ? "v2" : "v1");
    }
    assertThat(a.items()).as("nothing copied back").hasSize(5);
    assertThat(store.pendingIntents("a-b")).isEmpty();
  }

  private static void run(FakeClock clock, InMemoryConnector a, ConnectionDefinition b, StateStore store,
      boolean twoWay) {
    SyncPlan.Builder plan = SyncPlan.between("a", "b");
    IntegrationAgent agent = IntegrationAgent.builder().agentId("agent").clock(clock).stateStore(store)
        .connection("a", a).connection("b", b).sync(twoWay ? plan.twoWay() : plan).build();
    agent.syncNow("a-b"); // not closed on a crash: a killed process closes nothing
  }
}
