package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process dies at every write the engine makes inside a store transaction, so between a state
 * change and the event describing it; a new agent on the same store runs until nothing is left to
 * do, and then the event stream and the state agree: every link has its {@code item.linked}, every
 * applied change its {@code item.created} or {@code item.updated}, and no event tells of a change
 * that was not applied.
 */
class EventCrashTest {

  /** Two passes: five creates, then edits on both sides (a conflict among them). */
  private static final class Scenario {
    final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
    final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    final CrashingStore store;
    final boolean twoWay;
    final List<String> ids = new ArrayList<>();

    Scenario(int crashAt, boolean twoWay, StateStore store) {
      this.store = new CrashingStore(store, crashAt);
      this.twoWay = twoWay;
      for (int i = 0; i < 5; i++) {
        ids.add(a.add(WorkItem.builder().title("Item " + i).labels(List.of("v1")).build()));
      }
    }

    /** Runs the two passes; true when the process crashed in them. */
    boolean run() {
      try {
        pass();
        clock.advance(Duration.ofMinutes(1));
        ids.subList(0, 3).forEach(id -> a.edit(id, i -> i.toBuilder().labels(List.of("v2")).build()));
        if (twoWay) {
          store.links("a-b").stream().filter(l -> !l.aId().equals(ids.get(0))).limit(2).forEach(l ->
              b.edit(l.bId(), i -> i.toBuilder().title(i.title() + " (from b)").build()));
        }
        clock.advance(Duration.ofMinutes(1));
        pass();
        return false;
      } catch (CrashTest.Crash e) {
        return true;
      }
    }

    void pass() {
      SyncPlan.Builder plan = SyncPlan.between("a", "b").conflicts(ConflictPolicy.lastWriteWins());
      IntegrationAgent agent = IntegrationAgent.builder().agentId("agent").clock(clock).stateStore(store)
          .connection("a", a).connection("b", b).sync(twoWay ? plan.twoWay() : plan).build();
      agent.syncNow("a-b"); // not closed on a crash: a killed process closes nothing
    }
  }

  @TempDir
  static Path dir;

  @TestFactory
  Stream<DynamicTest> theStreamAndTheStateAgreeAfterACrashAtEveryWriteOfATransaction() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String kind : List.of("in-memory", "H2")) {
      for (boolean twoWay : List.of(false, true)) {
        Scenario dry = new Scenario(0, twoWay, store(kind));
        dry.run();
        int writes = dry.store.writesInTransactions();
        dry.store.close();
        assertThat(writes).as("a pass writes inside transactions").isGreaterThan(10);
        for (int k = 1; k <= writes; k++) {
          int crashAt = k;
          tests.add(DynamicTest.dynamicTest(kind + ", " + (twoWay ? "two-way" : "one-way") + ", crash at write " + k
              + " of " + writes, () -> crashThenRecover(crashAt, twoWay, kind)));
        }
      }
    }
    return tests.stream();
  }

  private static StateStore store(String kind) {
    return kind.equals("H2") ? StateStores.h2(dir.resolve(java.util.UUID.randomUUID().toString()))
        : StateStores.inMemory();
  }

  private static void crashThenRecover(int crashAt, boolean twoWay, String kind) {
    Scenario s = new Scenario(crashAt, twoWay, store(kind));
    try {
      crashThenRecover(s);
    } finally {
      s.store.close();
    }
  }

  private static void crashThenRecover(Scenario s) {
    assertThat(s.run()).as("crashed").isTrue();

    s.store.disarm();
    // the process restarts: the edits are made (again), and a new agent passes until the backlog is done
    s.ids.subList(0, 3).forEach(id -> s.a.edit(id, i -> i.toBuilder().labels(List.of("v2")).build()));
    for (int pass = 0; pass < 3; pass++) {
      s.clock.advance(Duration.ofMinutes(5));
      s.pass();
    }

    assertThat(s.b.items().values()).extracting(WorkItem::title).as("no duplicate, none missing").hasSize(5);
    assertThat(s.a.items()).as("nothing copied back").hasSize(5);
    List<ChangeEvent> events = s.store.events(0, 100_000);
    List<Link> links = s.store.links("a-b");
    assertThat(links).hasSize(5);

    List<ChangeEvent> linked = events.stream().filter(e -> e.type().equals(EventTypes.ITEM_LINKED)).toList();
    for (Link link : links) {
      assertThat(linked).as("the item.linked of " + link.aId() + "/" + link.bId())
          .filteredOn(e -> link.aId().equals(e.attributes().get("aId")) && link.bId().equals(e.attributes().get("bId")))
          .hasSize(1);
    }
    assertThat(linked).as("no link event without its link").hasSize(links.size());

    for (ChangeEvent e : events) {
      if (e.origin() != Origin.AGENT) {
        continue;
      }
      if (e.type().equals(EventTypes.ITEM_CREATED)) {
        Link link = linkOf(s, e);
        assertThat(link).as("the link of created " + e.connectionId() + " item " + e.itemId()).isNotNull();
        if (!"true".equals(e.attributes().get("recovered"))) {
          assertThat(s.store.history("a-b", link.aId())).as("the history of the create")
              .anyMatch(h -> h.runId().equals(e.runId()) && h.oldValue() == null);
        }
      } else if (e.type().equals(EventTypes.ITEM_UPDATED)) {
        Link link = linkOf(s, e);
        assertThat(link).as("the link of updated " + e.connectionId() + " item " + e.itemId()).isNotNull();
        List<HistoryEntry> history = s.store.history("a-b", link.aId());
        for (Map.Entry<String, FieldChange> change : e.changes().entrySet()) {
          assertThat(history).as("the history of " + change.getKey() + " written by run " + e.runId())
              .anyMatch(h -> h.runId().equals(e.runId()) && h.field().equals(change.getKey())
                  && Objects.equals(h.newValue(), change.getValue().newValue()));
        }
      }
    }

    // and every applied change of the state has its event
    for (Link link : links) {
      for (HistoryEntry h : s.store.history("a-b", link.aId())) {
        String target = h.from() == Side.A ? "b" : "a";
        String targetId = h.from() == Side.A ? link.bId() : link.aId();
        assertThat(events).as("the event of " + h)
            .anyMatch(e -> e.origin() == Origin.AGENT && h.runId().equals(e.runId())
                && target.equals(e.connectionId()) && targetId.equals(e.itemId())
                && (e.type().equals(EventTypes.ITEM_CREATED)
                    || (e.type().equals(EventTypes.ITEM_UPDATED) && e.changes().containsKey(h.field()))));
      }
    }
    for (WorkItem item : s.b.items().values()) {
      int n = Integer.parseInt(item.title().substring(5, 6));
      assertThat(item.labels()).as(item.title()).containsExactly(n < 3 ? "v2" : "v1");
    }
  }

  private static Link linkOf(Scenario s, ChangeEvent e) {
    Side side = "a".equals(e.connectionId()) ? Side.A : Side.B;
    return s.store.link("a-b", side, e.itemId()).orElse(null);
  }
}
