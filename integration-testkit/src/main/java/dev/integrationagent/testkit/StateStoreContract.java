package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Lease;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.api.sync.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do. Extend it and return a fresh, empty store:
 *
 * <pre>{@code
 * class MyStoreTest extends StateStoreContract {
 *   protected StateStore newStore() { return new MyStore(freshDatabase()); }
 * }
 * }</pre>
 */
public abstract class StateStoreContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a concurrent check may take before it fails instead of hanging. */
  private static final Duration CONCURRENT_LIMIT = Duration.ofSeconds(60);
  /** An instant with nanoseconds, which a store must keep exactly. */
  protected static final Instant T0 = Instant.parse("2026-01-05T10:00:00.123456789Z");

  protected StateStore store;

  /** A new, empty store; closed after each test. */
  protected abstract StateStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static ObjectNode base(String title) {
    ObjectNode node = JSON.createObjectNode();
    node.put("title", title);
    node.putArray("labels").add("bug").add("ünïcødé ✓");
    node.putObject("status").put("name", "Done").put("category", "DONE");
    node.putNull("dueDate");
    return node;
  }

  /** Per-field hashes as a link keeps them: {@code seen("title", "9f2c")}; no arguments for none. */
  protected static ObjectNode seen(String... fieldAndHash) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i + 1 < fieldAndHash.length; i += 2) {
      node.put(fieldAndHash[i], fieldAndHash[i + 1]);
    }
    return node;
  }

  @Test
  void savedLinkIsFoundFromEitherSide() {
    Link link = new Link("p", "a1", "b1", base("one"), seen("title", "9f2c"), seen(), T0);
    store.saveLink(link);

    assertThat(store.link("p", Side.A, "a1")).contains(link);
    assertThat(store.link("p", Side.B, "b1")).contains(link);
    assertThat(store.link("p", Side.A, "b1")).isEmpty();
    assertThat(store.link("other", Side.A, "a1")).isEmpty();
  }

  @Test
  void savingALinkAgainReplacesItsBase() {
    store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
    Link updated = new Link("p", "a1", "b1", base("two"), seen("title", "h1"), seen("labels", "h2"), T0.plusSeconds(5));
    store.saveLink(updated);

    assertThat(store.links("p")).containsExactly(updated);
    assertThat(store.link("p", Side.A, "a1").orElseThrow().base().path("title").asText()).isEqualTo("two");
    assertThat(store.link("p", Side.B, "b1").orElseThrow().seen(Side.B, "labels")).isEqualTo("h2");
  }

  @Test
  void aBItemCannotBeLinkedToTwoAItems() {
    store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));

    assertThatThrownBy(() -> store.saveLink(new Link("p", "a2", "b1", base("two"), seen(), seen(), T0)))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.links("p")).extracting(Link::aId).containsExactly("a1");
  }

  @Test
  void linksAreListedPerPlanByAId() {
    store.saveLink(new Link("p", "a2", "b2", base("two"), seen(), seen(), T0));
    store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
    store.saveLink(new Link("q", "a1", "b1", base("other plan"), seen(), seen(), T0));

    assertThat(store.links("p")).extracting(Link::aId).containsExactly("a1", "a2");
    assertThat(store.links("q")).hasSize(1);
    assertThat(store.links("none")).isEmpty();
  }

  @Test
  void deletedLinkIsGone() {
    store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
    store.deleteLink("p", "a1");
    store.deleteLink("p", "never-there");

    assertThat(store.link("p", Side.B, "b1")).isEmpty();
    assertThat(store.links("p")).isEmpty();
  }

  @Test
  void cursorsAreKeptPerPlanAndConnection() {
    assertThat(store.cursor("p", "github")).isEmpty();
    store.saveCursor("p", "github", Cursor.of("2026-01-05T10:00:00Z|42"));
    store.saveCursor("p", "jira", Cursor.START);
    store.saveCursor("q", "github", Cursor.of("other"));
    store.saveCursor("p", "github", Cursor.of("2026-01-05T11:00:00Z|43"));

    assertThat(store.cursor("p", "github")).contains(Cursor.of("2026-01-05T11:00:00Z|43"));
    assertThat(store.cursor("p", "jira")).contains(Cursor.START);
    assertThat(store.cursor("q", "github")).contains(Cursor.of("other"));
  }

  @Test
  void historyIsReturnedOldestFirstPerItem() {
    HistoryEntry first = new HistoryEntry("p", "a1", "run-1", Side.A, "title", null, TextNode.valueOf("one"), T0);
    HistoryEntry second = new HistoryEntry("p", "a1", "run-2", Side.B, "title", TextNode.valueOf("one"),
        TextNode.valueOf("two"), T0.plusSeconds(1));
    HistoryEntry cleared = new HistoryEntry("p", "a1", "run-3", Side.A, "priority", TextNode.valueOf("High"), null,
        T0.plusSeconds(2));
    store.appendHistory(List.of(first, second));
    store.appendHistory(List.of(cleared));
    store.appendHistory(List.of(new HistoryEntry("p", "a2", "run-1", Side.A, "title", null, TextNode.valueOf("x"), T0)));

    assertThat(store.history("p", "a1")).containsExactly(first, second, cleared);
    assertThat(store.history("q", "a1")).isEmpty();
  }

  @Test
  void conflictsAreQueuedUntilDeleted() {
    ConflictRecord c1 = new ConflictRecord("c1", "p", "a1", "b1", "title", TextNode.valueOf("base"),
        TextNode.valueOf("from a"), TextNode.valueOf("from b"), T0);
    ConflictRecord c2 = new ConflictRecord("c2", "p", "a2", "b2", "labels", null,
        base("x").get("labels"), JSON.createArrayNode(), T0.plusSeconds(1));
    store.saveConflict(c2);
    store.saveConflict(c1);

    assertThat(store.conflicts("p")).containsExactly(c1, c2);
    store.deleteConflict("c1");
    assertThat(store.conflicts("p")).containsExactly(c2);
    assertThat(store.conflicts("q")).isEmpty();
  }

  @Test
  void parkingAgainReplacesTheEntry() {
    store.park(new ParkedItem("p", "github", "7", ErrorCategory.TRANSIENT, "timeout", 1, T0, T0.plusSeconds(30)));
    ParkedItem again = new ParkedItem("p", "github", "7", ErrorCategory.PERMANENT, "still broken", 2, T0.plusSeconds(9),
        null);
    store.park(again);
    ParkedItem other = new ParkedItem("p", "jira", "7", ErrorCategory.NOT_FOUND, "gone", 1, T0.plusSeconds(1),
        T0.plusSeconds(61));
    store.park(other);

    assertThat(store.parked("p")).containsExactly(other, again);
    store.unpark("p", "github", "7");
    assertThat(store.parked("p")).containsExactly(other);
  }

  @Test
  void intentsStayPendingUntilCompleted() {
    CreateIntent i1 = new CreateIntent("p", "ia:p:a:1", "a", "1", "b", T0);
    CreateIntent i2 = new CreateIntent("p", "ia:p:a:2", "a", "2", "b", T0.plusMillis(1));
    store.recordIntent(i2);
    store.recordIntent(i1);

    assertThat(store.pendingIntents("p")).containsExactly(i1, i2);
    store.completeIntent("p", "ia:p:a:1");
    assertThat(store.pendingIntents("p")).containsExactly(i2);
    assertThat(store.pendingIntents("q")).isEmpty();
  }

  @Test
  void leaseIsExclusiveUntilItExpires() {
    Duration ttl = Duration.ofSeconds(30);
    assertThat(store.tryAcquireLease("plan:p", "agent-1", T0, ttl))
        .contains(new Lease("plan:p", "agent-1", T0.plus(ttl)));
    assertThat(store.tryAcquireLease("plan:p", "agent-2", T0.plusSeconds(29), ttl)).isEmpty();
    assertThat(store.tryAcquireLease("plan:p", "agent-1", T0.plusSeconds(10), ttl))
        .as("the owner renews").contains(new Lease("plan:p", "agent-1", T0.plusSeconds(40)));
    assertThat(store.tryAcquireLease("plan:p", "agent-2", T0.plusSeconds(39), ttl)).isEmpty();
    assertThat(store.tryAcquireLease("plan:p", "agent-2", T0.plusSeconds(40), ttl))
        .as("taken over once expired").contains(new Lease("plan:p", "agent-2", T0.plusSeconds(70)));
  }

  @Test
  void aLeaseIsReadAsHeldUntilItExpiresOrIsReleased() {
    Duration ttl = Duration.ofSeconds(30);
    assertThat(store.lease("plan:p", T0)).isEmpty();
    store.tryAcquireLease("plan:p", "agent-1", T0, ttl);
    assertThat(store.lease("plan:p", T0.plusSeconds(29))).contains(new Lease("plan:p", "agent-1", T0.plus(ttl)));
    assertThat(store.lease("plan:p", T0.plusSeconds(30))).as("expired").isEmpty();
    assertThat(store.lease("plan:other", T0)).isEmpty();
    store.releaseLease("plan:p", "agent-1");
    assertThat(store.lease("plan:p", T0)).as("released").isEmpty();
  }

  @Test
  void onlyTheOwnerReleasesALease() {
    Duration ttl = Duration.ofSeconds(30);
    store.tryAcquireLease("plan:p", "agent-1", T0, ttl);
    store.releaseLease("plan:p", "agent-2");
    assertThat(store.tryAcquireLease("plan:p", "agent-2", T0, ttl)).isEmpty();

    store.releaseLease("plan:p", "agent-1");
    assertThat(store.tryAcquireLease("plan:p", "agent-2", T0, ttl)).isPresent();
  }

  @Test
  void concurrentClaimsOfOneLeaseHaveOneWinner() throws Exception {
    int agents = 8;
    ExecutorService pool = Executors.newFixedThreadPool(agents);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<Lease>>> claims = new ArrayList<>();
      for (int i = 0; i < agents; i++) {
        String owner = "agent-" + i;
        Callable<Optional<Lease>> claim = () -> {
          go.await();
          return store.tryAcquireLease("plan:race", owner, T0, Duration.ofMinutes(1));
        };
        claims.add(pool.submit(claim));
      }
      go.countDown();
      int winners = 0;
      for (Future<Optional<Lease>> claim : claims) {
        winners += claim.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leaseTtlMustBePositive() {
    assertThatThrownBy(() -> store.tryAcquireLease("x", "o", T0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void executionsAreListedPerWorkflowMostRecentlySavedFirst() {
    ObjectNode context = JSON.createObjectNode();
    WorkflowExecution old = new WorkflowExecution("x1", "triage", WorkflowExecution.State.SUCCEEDED, 4, context, null, T0);
    WorkflowExecution recent = new WorkflowExecution("x2", "triage", WorkflowExecution.State.FAILED, 2, context, null,
        T0.plusSeconds(5));
    WorkflowExecution other = new WorkflowExecution("x3", "billing", WorkflowExecution.State.WAITING, 1, context,
        T0.plusSeconds(60), T0.plusSeconds(1));
    List.of(old, recent, other).forEach(store::saveExecution);

    assertThat(store.executions("triage", 10)).containsExactly(recent, old);
    assertThat(store.executions(null, 2)).containsExactly(recent, other);
    assertThat(store.executions("none", 10)).isEmpty();
  }

  @Test
  void dueExecutionsAreWaitingOnesSoonestFirst() {
    ObjectNode context = JSON.createObjectNode().put("item", "7");
    WorkflowExecution later = new WorkflowExecution("e1", "wf", WorkflowExecution.State.WAITING, 2, context,
        T0.plusSeconds(60), T0);
    WorkflowExecution sooner = new WorkflowExecution("e2", "wf", WorkflowExecution.State.WAITING, 1, context,
        T0.plusSeconds(30), T0);
    WorkflowExecution notYet = new WorkflowExecution("e3", "wf", WorkflowExecution.State.WAITING, 1, context,
        T0.plusSeconds(600), T0);
    WorkflowExecution running = new WorkflowExecution("e4", "wf", WorkflowExecution.State.RUNNING, 0, context,
        null, T0);
    WorkflowExecution orphaned = new WorkflowExecution("e5", "wf", WorkflowExecution.State.RUNNING, 3, context,
        T0.plusSeconds(45), T0);
    WorkflowExecution claimed = new WorkflowExecution("e6", "wf", WorkflowExecution.State.RUNNING, 3, context,
        T0.plusSeconds(120), T0);
    List.of(later, sooner, notYet, running, orphaned, claimed).forEach(store::saveExecution);

    assertThat(store.dueExecutions(T0.plusSeconds(60), 10)).as("waiting ones, and a running one whose claim ran out")
        .containsExactly(sooner, orphaned, later);
    assertThat(store.dueExecutions(T0.plusSeconds(60), 1)).containsExactly(sooner);
    assertThat(store.execution("e4")).contains(running);
    assertThat(store.execution("missing")).isEmpty();
  }

  @Test
  void savingAnExecutionAgainReplacesIt() {
    ObjectNode context = JSON.createObjectNode().put("step", "wait");
    store.saveExecution(new WorkflowExecution("e1", "wf", WorkflowExecution.State.WAITING, 1, context,
        T0, T0));
    WorkflowExecution done = new WorkflowExecution("e1", "wf", WorkflowExecution.State.SUCCEEDED, 3, context,
        null, T0.plusSeconds(1));
    store.saveExecution(done);

    assertThat(store.execution("e1")).contains(done);
    assertThat(store.dueExecutions(T0.plusSeconds(100), 10)).isEmpty();
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String id = thread + "-" + i;
            store.saveLink(new Link("p", "a" + id, "b" + id, base(id), seen(), seen(), T0));
            store.appendHistory(List.of(new HistoryEntry("p", "a" + id, "r", Side.A, "title", null,
                TextNode.valueOf(id), T0)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.links("p")).hasSize(threads * perThread);
    JsonNode someBase = store.link("p", Side.B, "b3-7").orElseThrow().base();
    assertThat(someBase.path("title").asText()).isEqualTo("3-7");
    assertThat(store.history("p", "a5-24")).hasSize(1);
  }

  // the event stream

  /** An event with every field set, and JSON of every kind in its snapshot and changes. */
  protected static ChangeEvent fullEvent(String id, Instant at) {
    ObjectNode snapshot = base("snapshot of " + id);
    snapshot.put("number", 42).put("done", true).putObject("nested").putArray("empty");
    return ChangeEvent.builder("item.updated", ChangeEvent.Origin.TOOL, at).id(id)
        .connection("github").plan("github-jira").run("run-1").item("7")
        .snapshot(snapshot)
        .changes(Map.of(
            "title", new FieldChange(TextNode.valueOf("old"), TextNode.valueOf("new ✓")),
            "dueDate", new FieldChange(NullNode.getInstance(), TextNode.valueOf("2026-02-01")),
            "labels", new FieldChange(JSON.createArrayNode().add("bug"), JSON.createArrayNode()),
            "points", new FieldChange(IntNode.valueOf(3), NullNode.getInstance())))
        .causation(List.of("cause-3", "cause-1", "cause-2"))
        .attribute("side", "A").attribute("message", "ünïcødé \"quoted\" ✓")
        .build();
  }

  /** An event with nothing but what an event must have. */
  protected static ChangeEvent bareEvent(String id, Instant at) {
    return ChangeEvent.builder("pass.completed", ChangeEvent.Origin.AGENT, at).id(id).build();
  }

  @Test
  void appendedEventsGetConsecutiveOffsetsAndRoundTrip() {
    ChangeEvent full = fullEvent("e1", T0);
    ChangeEvent bare = bareEvent("e2", T0.plusNanos(1));
    ChangeEvent host = ChangeEvent.builder("host.published", ChangeEvent.Origin.HOST, T0.plusSeconds(1)).id("e3")
        .snapshot(NullNode.getInstance()).build();

    List<ChangeEvent> recorded = store.appendEvents(List.of(full, bare, host));

    assertThat(recorded).containsExactly(full.at(1), bare.at(2), host.at(3));
    List<ChangeEvent> read = store.events(0, 10);
    assertThat(read).containsExactlyElementsOf(recorded);
    ChangeEvent first = read.get(0);
    assertThat(first.at()).isEqualTo(T0);
    assertThat(first.changes().get("dueDate").oldValue()).as("a JSON null old value")
        .isEqualTo(NullNode.getInstance());
    assertThat(first.changes().get("points").newValue()).isEqualTo(NullNode.getInstance());
    assertThat(first.causation()).containsExactly("cause-3", "cause-1", "cause-2");
    assertThat(first.attributes()).containsEntry("message", "ünïcødé \"quoted\" ✓");
    assertThat(first.snapshot()).isEqualTo(full.snapshot());
    assertThat(read.get(1).snapshot()).as("no snapshot").isNull();
    assertThat(read.get(1).connectionId()).isNull();
    assertThat(read.get(2).snapshot()).as("a JSON null snapshot is not a missing one")
        .isEqualTo(NullNode.getInstance());

    assertThat(store.appendEvents(List.of(bareEvent("e4", T0)))).extracting(ChangeEvent::offset).containsExactly(4L);
    assertThat(store.appendEvents(List.of())).isEmpty();
    assertThat(store.lastEventOffset()).isEqualTo(4);
  }

  @Test
  void anEventIdIsRecordedOnce() {
    store.appendEvents(List.of(bareEvent("e1", T0)));

    assertThatThrownBy(() -> store.appendEvents(List.of(bareEvent("e2", T0), bareEvent("e1", T0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'e1'");
    assertThatThrownBy(() -> store.appendEvents(List.of(bareEvent("e3", T0), bareEvent("e3", T0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'e3'");
    assertThat(store.events(0, 10)).extracting(ChangeEvent::id).containsExactly("e1");
    assertThat(store.appendEvents(List.of(bareEvent("e2", T0)))).extracting(ChangeEvent::offset)
        .as("a refused append takes no offset").containsExactly(2L);
  }

  @Test
  void aRefusedAppendLeavesTheEnclosingTransactionUsable() {
    store.appendEvents(List.of(bareEvent("e1", T0)));

    store.inTransaction(() -> {
      assertThatThrownBy(() -> store.appendEvents(List.of(bareEvent("e2", T0), bareEvent("e1", T0))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'e1'");
      store.appendEvents(List.of(bareEvent("e3", T0)));
    });

    assertThat(store.events(0, 10)).extracting(ChangeEvent::id, ChangeEvent::offset)
        .as("nothing of the refused batch, and the next append right after the first")
        .containsExactly(tuple("e1", 1L), tuple("e3", 2L));
  }

  @Test
  void eventsAfterAnOffsetComeInOrderUpToTheLimit() {
    for (int i = 1; i <= 5; i++) {
      store.appendEvents(List.of(bareEvent("e" + i, T0.plusSeconds(10 - i))));
    }

    assertThat(store.events(0, 3)).extracting(ChangeEvent::offset).containsExactly(1L, 2L, 3L);
    assertThat(store.events(3, 10)).extracting(ChangeEvent::offset).containsExactly(4L, 5L);
    assertThat(store.events(3, 10)).extracting(ChangeEvent::id).containsExactly("e4", "e5");
    assertThat(store.events(5, 10)).as("after the last").isEmpty();
    assertThat(store.events(99, 10)).isEmpty();
    assertThat(store.events(0, 0)).isEmpty();
    assertThatThrownBy(() -> store.events(0, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void offsetsNeverRestartEvenWhenEveryEventWasPruned() {
    assertThat(store.firstEventOffset()).as("a new store").isEqualTo(1);
    assertThat(store.lastEventOffset()).isZero();
    assertThat(store.events(0, 10)).isEmpty();

    store.appendEvents(List.of(bareEvent("e1", T0), bareEvent("e2", T0), bareEvent("e3", T0)));
    assertThat(store.firstEventOffset()).isEqualTo(1);
    assertThat(store.lastEventOffset()).isEqualTo(3);

    assertThat(store.pruneEvents(T0.plusSeconds(1))).isEqualTo(3);
    assertThat(store.events(0, 10)).isEmpty();
    assertThat(store.firstEventOffset()).as("the offset the next event gets").isEqualTo(4);
    assertThat(store.lastEventOffset()).isEqualTo(3);

    assertThat(store.appendEvents(List.of(bareEvent("e4", T0)))).extracting(ChangeEvent::offset).containsExactly(4L);
    assertThat(store.firstEventOffset()).isEqualTo(4);
    assertThat(store.lastEventOffset()).isEqualTo(4);
  }

  @Test
  void pruningRemovesTheOldestEventsUpToTheFirstThatIsNotThatOldAndNeverLeavesAHole() {
    store.appendEvents(List.of(bareEvent("old", T0), bareEvent("edge", T0.plusSeconds(60)),
        bareEvent("late-but-old", T0.minusSeconds(5)), bareEvent("new", T0.plusSeconds(120))));

    assertThat(store.pruneEvents(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(store.events(0, 10)).as("an old event after a kept one stays: no hole a consumer would skip")
        .extracting(ChangeEvent::id).containsExactly("edge", "late-but-old", "new");
    assertThat(store.firstEventOffset()).isEqualTo(2);
    assertThat(store.pruneEvents(T0.plusSeconds(60))).as("nothing more that old at the head").isZero();

    assertThat(store.pruneEvents(T0.plusSeconds(61))).as("the head, with the old event in it").isEqualTo(2);
    assertThat(store.events(0, 10)).extracting(ChangeEvent::id).containsExactly("new");
    assertThat(store.firstEventOffset()).isEqualTo(4);
    assertThat(store.lastEventOffset()).isEqualTo(4);

    assertThat(store.pruneEvents(T0.plusSeconds(121))).isEqualTo(1);
    assertThat(store.events(0, 10)).isEmpty();
    assertThat(store.firstEventOffset()).as("the offset the next event gets").isEqualTo(5);
  }

  @Test
  void consumerOffsetsAreKeptPerConsumer() {
    assertThat(store.consumerOffset("audit")).isEmpty();

    store.saveConsumerOffset("audit", 7);
    store.saveConsumerOffset("workflows", 0);
    assertThat(store.consumerOffset("audit")).isEqualTo(OptionalLong.of(7));
    assertThat(store.consumerOffset("workflows")).isEqualTo(OptionalLong.of(0));

    store.saveConsumerOffset("audit", 12);
    assertThat(store.consumerOffset("audit")).isEqualTo(OptionalLong.of(12));
    assertThat(store.consumerOffset("workflows")).isEqualTo(OptionalLong.of(0));
    assertThat(store.consumerOffset("metrics")).isEmpty();
    assertThatThrownBy(() -> store.saveConsumerOffset("audit", -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audit").hasMessageContaining("-1");
  }

  // watch snapshots

  @Test
  void watchSnapshotsAreSavedReplacedAndDeleted() {
    assertThat(store.watchSnapshot("w", "7")).isEmpty();

    store.saveWatchSnapshot("w", "7", base("first"));
    store.saveWatchSnapshot("w", "8", base("other item"));
    store.saveWatchSnapshot("v", "7", base("other watch"));
    store.saveWatchSnapshot("w", "7", base("second"));

    assertThat(store.watchSnapshot("w", "7")).contains(base("second"));
    assertThat(store.watchSnapshot("w", "8")).contains(base("other item"));
    assertThat(store.watchSnapshot("v", "7")).contains(base("other watch"));

    store.deleteWatchSnapshot("w", "7");
    store.deleteWatchSnapshot("w", "never-there");
    assertThat(store.watchSnapshot("w", "7")).isEmpty();
    assertThat(store.watchSnapshot("w", "8")).isPresent();
  }

  // transactions

  @Test
  void aTransactionThatThrowsLeavesNothingAndRethrowsTheSameException() {
    Link kept = new Link("p", "a0", "b0", base("kept"), seen(), seen(), T0);
    store.saveLink(kept);
    store.saveCursor("p", "github", Cursor.of("before"));
    store.saveConsumerOffset("audit", 0);
    RuntimeException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> store.inTransaction(() -> {
      store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
      store.deleteLink("p", "a0");
      store.appendHistory(List.of(new HistoryEntry("p", "a1", "run-1", Side.A, "title", null,
          TextNode.valueOf("one"), T0)));
      store.saveCursor("p", "github", Cursor.of("after"));
      store.park(new ParkedItem("p", "github", "7", ErrorCategory.TRANSIENT, "timeout", 1, T0, null));
      store.appendEvents(List.of(fullEvent("e1", T0), bareEvent("e2", T0)));
      store.saveConsumerOffset("audit", 2);
      store.saveWatchSnapshot("w", "7", base("seen"));
      throw boom;
    })).isSameAs(boom);

    assertThat(store.links("p")).containsExactly(kept);
    assertThat(store.history("p", "a1")).isEmpty();
    assertThat(store.cursor("p", "github")).contains(Cursor.of("before"));
    assertThat(store.parked("p")).isEmpty();
    assertThat(store.events(0, 10)).isEmpty();
    assertThat(store.lastEventOffset()).isZero();
    assertThat(store.consumerOffset("audit")).isEqualTo(OptionalLong.of(0));
    assertThat(store.watchSnapshot("w", "7")).isEmpty();
    assertThat(store.appendEvents(List.of(bareEvent("e1", T0)))).extracting(ChangeEvent::offset)
        .as("the offsets of rolled-back events are given again").containsExactly(1L);
  }

  @Test
  void aCommittedTransactionMakesAllItsWritesVisible() {
    String result = store.inTransaction(() -> {
      store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
      store.saveCursor("p", "github", Cursor.of("after"));
      store.appendEvents(List.of(bareEvent("e1", T0)));
      store.saveConsumerOffset("audit", 1);
      return "done";
    });
    store.inTransaction(() -> store.park(new ParkedItem("p", "github", "7", ErrorCategory.TRANSIENT, "t", 1, T0,
        null)));

    assertThat(result).isEqualTo("done");
    assertThat(store.link("p", Side.B, "b1")).isPresent();
    assertThat(store.cursor("p", "github")).contains(Cursor.of("after"));
    assertThat(store.events(0, 10)).extracting(ChangeEvent::id).containsExactly("e1");
    assertThat(store.consumerOffset("audit")).isEqualTo(OptionalLong.of(1));
    assertThat(store.parked("p")).hasSize(1);
  }

  @Test
  void aNestedTransactionJoinsTheOuterOne() {
    RuntimeException boom = new IllegalStateException("outer fails after inner returned");
    assertThatThrownBy(() -> store.inTransaction(() -> {
      String inner = store.inTransaction(() -> {
        store.saveCursor("p", "github", Cursor.of("inner"));
        store.appendEvents(List.of(bareEvent("e1", T0)));
        return "inner";
      });
      assertThat(inner).isEqualTo("inner");
      throw boom;
    })).isSameAs(boom);
    assertThat(store.cursor("p", "github")).as("the inner work rolled back with the outer").isEmpty();
    assertThat(store.events(0, 10)).isEmpty();

    store.inTransaction(() -> {
      store.inTransaction(() -> store.saveCursor("p", "github", Cursor.of("inner")));
      store.saveCursor("p", "jira", Cursor.of("outer"));
    });
    assertThat(store.cursor("p", "github")).contains(Cursor.of("inner"));
    assertThat(store.cursor("p", "jira")).contains(Cursor.of("outer"));
  }

  @Test
  void readsInsideATransactionSeeItsWrites() {
    store.inTransaction(() -> {
      store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
      assertThat(store.link("p", Side.B, "b1")).isPresent();
      store.deleteLink("p", "a1");
      assertThat(store.links("p")).isEmpty();
      store.appendEvents(List.of(bareEvent("e1", T0)));
      assertThat(store.events(0, 10)).extracting(ChangeEvent::id).containsExactly("e1");
      assertThat(store.lastEventOffset()).isEqualTo(1);
      store.saveConsumerOffset("audit", 1);
      assertThat(store.consumerOffset("audit")).isEqualTo(OptionalLong.of(1));
      store.saveWatchSnapshot("w", "7", base("seen"));
      assertThat(store.watchSnapshot("w", "7")).contains(base("seen"));
    });
  }

  @Test
  void aLostLeaseClaimDoesNotSpoilTheTransactionItIsIn() {
    store.tryAcquireLease("plan:p", "agent-1", T0, Duration.ofMinutes(1));

    store.inTransaction(() -> {
      store.saveCursor("p", "github", Cursor.of("1"));
      assertThat(store.tryAcquireLease("plan:p", "agent-2", T0, Duration.ofMinutes(1))).isEmpty();
      store.saveCursor("p", "jira", Cursor.of("2"));
    });

    assertThat(store.cursor("p", "github")).contains(Cursor.of("1"));
    assertThat(store.cursor("p", "jira")).contains(Cursor.of("2"));
  }

  @Test
  void otherThreadsSeeATransactionOnlyOnceItCommits() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch written = new CountDownLatch(1);
      CountDownLatch commit = new CountDownLatch(1);
      AtomicReference<Boolean> released = new AtomicReference<>();
      Future<?> transaction = pool.submit(() -> store.inTransaction(() -> {
        store.saveLink(new Link("p", "a1", "b1", base("one"), seen(), seen(), T0));
        store.appendEvents(List.of(bareEvent("e1", T0)));
        store.saveConsumerOffset("audit", 1);
        written.countDown();
        try {
          released.set(commit.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }));
      assertThat(written.await(30, TimeUnit.SECONDS)).as("the transaction wrote").isTrue();

      assertThat(store.link("p", Side.A, "a1")).as("an uncommitted link").isEmpty();
      assertThat(store.links("p")).isEmpty();
      assertThat(store.events(0, 10)).as("an uncommitted event").isEmpty();
      assertThat(store.lastEventOffset()).isZero();
      assertThat(store.consumerOffset("audit")).isEmpty();

      commit.countDown();
      transaction.get(30, TimeUnit.SECONDS);
      assertThat(released.get()).as("the transaction waited for the reads, not the timeout").isTrue();
      assertThat(store.link("p", Side.A, "a1")).isPresent();
      assertThat(store.events(0, 10)).extracting(ChangeEvent::id).containsExactly("e1");
      assertThat(store.consumerOffset("audit")).isEqualTo(OptionalLong.of(1));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentAppendsGetUniqueGapFreeOffsetsInTheOrderTheyBecomeVisible() throws Exception {
    assertConcurrentAppendsAreSeenInOrder(List.of(store), store);
  }

  /**
   * Appends from several threads, each in its own transaction, through {@code writers} in turn,
   * while {@code reader} polls as a consumer does: offsets are unique, gap-free, and no reader ever
   * passes an offset that becomes visible later. A store test passes several instances on one
   * database to check that across processes.
   */
  protected static void assertConcurrentAppendsAreSeenInOrder(List<StateStore> writers, StateStore reader)
      throws Exception {
    // two events per transaction; the reader polls as a consumer does, moving its position to the
    // last offset it saw: had a lower offset become visible later, the reader would skip it
    int threads = 6;
    int transactions = 20;
    int total = threads * transactions * 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> appenders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        StateStore writer = writers.get(t % writers.size());
        Callable<List<Long>> append = () -> {
          go.await();
          List<Long> offsets = new ArrayList<>();
          for (int i = 0; i < transactions; i++) {
            String id = "t" + thread + "-" + i;
            List<ChangeEvent> recorded = writer.inTransaction(() -> writer.appendEvents(List.of(
                ChangeEvent.builder("item.updated", ChangeEvent.Origin.TOOL, T0).id(id + "-a").item(id).build(),
                ChangeEvent.builder("item.updated", ChangeEvent.Origin.TOOL, T0).id(id + "-b").item(id).build())));
            assertThat(recorded.get(1).offset()).as("one append's offsets are consecutive")
                .isEqualTo(recorded.get(0).offset() + 1);
            recorded.forEach(e -> offsets.add(e.offset()));
          }
          return offsets;
        };
        appenders.add(pool.submit(append));
      }
      Future<List<ChangeEvent>> polled = pool.submit(() -> {
        go.await();
        List<ChangeEvent> seen = new ArrayList<>();
        long lastSeen = 0;
        long deadline = System.nanoTime() + CONCURRENT_LIMIT.toNanos();
        while (lastSeen < total && System.nanoTime() < deadline) {
          for (ChangeEvent e : reader.events(lastSeen, 7)) {
            assertThat(e.offset()).as("after offset %s the reader saw %s: it will never see those between",
                lastSeen, e.offset()).isEqualTo(lastSeen + 1);
            lastSeen = e.offset();
            seen.add(e);
          }
        }
        return seen;
      });
      go.countDown();
      Set<Long> taken = new HashSet<>();
      for (Future<List<Long>> appender : appenders) {
        for (long offset : appender.get(CONCURRENT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          assertThat(taken.add(offset)).as("offset %s given twice", offset).isTrue();
        }
      }
      assertThat(taken).as("offsets 1 to %s, each once", total).hasSize(total)
          .allSatisfy(o -> assertThat(o).isBetween(1L, (long) total));
      List<ChangeEvent> seen = polled.get(CONCURRENT_LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(seen).as("the reader saw every event").hasSize(total);
      assertThat(seen.stream().map(ChangeEvent::id).distinct().count()).isEqualTo(total);
      assertThat(reader.lastEventOffset()).isEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }
}
