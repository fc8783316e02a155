package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What happens when people edit while the agent works, and when tools do not take what they are
 * sent: edits made between a listing and a write, during a write, on a field with a queued
 * conflict; a marker look-up that fails after a crash; a tool that ignores part of a create.
 */
class RaceTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).optimisticLocking(false).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).optimisticLocking(false).build();
  private final StateStore store = StateStores.inMemory();
  private final RecordingAuditSink audit = new RecordingAuditSink();

  private SyncReport pass(ConnectionDefinition aSide, ConnectionDefinition bSide, ConflictPolicy policy) {
    clock.advance(Duration.ofMinutes(1));
    IntegrationAgent agent = IntegrationAgent.builder().agentId("agent").clock(clock).stateStore(store).audit(audit)
        .connection("a", aSide).connection("b", bSide)
        .sync(SyncPlan.between("a", "b").twoWay().conflicts(policy)).build();
    return agent.syncNow("a-b"); // not closed: a crashed process closes nothing either
  }

  private SyncReport pass() {
    return pass(a, b, ConflictPolicy.lastWriteWins());
  }

  private String bOf(String aId) {
    return store.link("a-b", Side.A, aId).orElseThrow().bId();
  }

  private static UnaryOperator<WorkItem> title(String title) {
    return i -> i.toBuilder().title(title).build();
  }

  private static UnaryOperator<WorkItem> labels(String... labels) {
    return i -> i.toBuilder().labels(List.of(labels)).build();
  }

  /** A connection on which {@code person} edits the tool right after each of the next listings returns. */
  private static ConnectionDefinition editedAfterListing(InMemoryConnector tracker, Runnable person) {
    AtomicInteger left = new AtomicInteger(1);
    return ForwardingConnectorSession.wrap(tracker, session -> new ForwardingConnectorSession(session) {
      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        ChangePage page = super.changes(cursor, pageSize);
        if (!page.items().isEmpty() && left.getAndDecrement() > 0) {
          person.run();
        }
        return page;
      }
    });
  }

  @Test
  void anEditMadeBetweenTheListingAndTheWriteIsMergedNotOverwritten() {
    String id = a.add(WorkItem.builder().title("Login fails").labels(List.of("bug")).build());
    pass();
    a.edit(id, title("Login fails on Safari"));
    clock.advance(Duration.ofSeconds(10));
    b.edit(bOf(id), labels("bug", "ui"));
    clock.advance(Duration.ofSeconds(10));

    // A is listed with the new title; seconds later, a person relabels it, before the agent
    // writes B's labels back to A
    SyncReport report = pass(editedAfterListing(a, () -> a.edit(id, labels("bug", "safari"))), b,
        ConflictPolicy.lastWriteWins());

    assertThat(report.failures()).isEmpty();
    assertThat(a.item(id).orElseThrow().labels()).as("the person's later edit wins, it is not overwritten")
        .containsExactly("bug", "safari");
    assertThat(b.item(bOf(id)).orElseThrow().labels()).containsExactly("bug", "safari");
    assertThat(b.item(bOf(id)).orElseThrow().title()).isEqualTo("Login fails on Safari");
  }

  @Test
  void underManualAnEditMadeBetweenTheListingAndTheWriteIsQueuedNotOverwritten() {
    String id = a.add(WorkItem.builder().title("Login fails").labels(List.of("bug")).build());
    pass(a, b, ConflictPolicy.manual());
    a.edit(id, title("Login fails on Safari"));
    b.edit(bOf(id), labels("bug", "ui"));

    pass(editedAfterListing(a, () -> a.edit(id, labels("bug", "safari"))), b, ConflictPolicy.manual());

    assertThat(a.item(id).orElseThrow().labels()).containsExactly("bug", "safari");
    assertThat(b.item(bOf(id)).orElseThrow().labels()).containsExactly("bug", "ui");
    assertThat(store.conflicts("a-b")).singleElement().extracting(ConflictRecord::field).isEqualTo("labels");
  }

  @Test
  void anEditOfAnotherFieldMadeWhileTheAgentWritesIsSyncedLater() {
    String id = a.add(WorkItem.builder().title("Login fails").labels(List.of("bug")).build());
    pass();
    String bId = bOf(id);
    a.edit(id, title("Login fails on Safari"));
    AtomicInteger updates = new AtomicInteger();
    ConnectionDefinition bEditedDuringWrite = ForwardingConnectorSession.wrap(b,
        session -> new ForwardingConnectorSession(session) {
          @Override
          public ExternalItem update(String itemId, JsonNode patch, @Nullable String expectedVersion) {
            if (updates.getAndIncrement() == 0) {
              b.edit(bId, labels("bug", "p1")); // a person, between the agent's read and its write
            }
            return super.update(itemId, patch, expectedVersion);
          }
        });

    pass(a, bEditedDuringWrite, ConflictPolicy.lastWriteWins());
    pass();

    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("Login fails on Safari");
    assertThat(a.item(id).orElseThrow().labels()).as("the person's edit is theirs, not the agent's echo")
        .containsExactly("bug", "p1");
  }

  @Test
  void aQueuedConflictHoldsItsFieldUntilAPersonResolvesIt() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    pass(a, b, ConflictPolicy.manual());
    String bId = bOf(id);
    a.edit(id, title("Login fails (A)"));
    b.edit(bId, title("Login fails (B)"));
    pass(a, b, ConflictPolicy.manual());
    assertThat(store.conflicts("a-b")).hasSize(1);

    a.edit(id, title("Login fails (A, again)"));
    pass(a, b, ConflictPolicy.manual());
    pass(a, b, ConflictPolicy.manual());

    assertThat(b.item(bId).orElseThrow().title()).as("untouched while the conflict is queued")
        .isEqualTo("Login fails (B)");
    assertThat(a.item(id).orElseThrow().title()).isEqualTo("Login fails (A, again)");
    ConflictRecord queued = store.conflicts("a-b").get(0);
    assertThat(queued.aValue().asText()).as("the queue shows what A holds now").isEqualTo("Login fails (A, again)");

    IntegrationAgent agent = IntegrationAgent.builder().agentId("agent").clock(clock).stateStore(store)
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b").twoWay().conflicts(ConflictPolicy.manual()))
        .build();
    agent.conflicts().resolve("a-b", queued.id(), Side.A);
    pass(a, b, ConflictPolicy.manual());

    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("Login fails (A, again)");
    assertThat(store.conflicts("a-b")).isEmpty();
  }

  @Test
  void aFailedMarkerLookUpAfterACrashHoldsTheListingInsteadOfCopyingTheItemBack() {
    a.add(WorkItem.builder().title("Only once").build());
    try {
      pass(a, CrashTest.crashing(b, new AtomicInteger(1), true), ConflictPolicy.lastWriteWins());
    } catch (CrashTest.Crash e) {
      // B took the create, then the process died
    }
    AtomicInteger lookUpsToFail = new AtomicInteger(4);
    ConnectionDefinition lookUpsFail = ForwardingConnectorSession.wrap(b, session -> new ForwardingConnectorSession(session) {
      @Override
      public Optional<ExternalItem> findByMarker(String marker) {
        if (lookUpsToFail.getAndDecrement() > 0) {
          throw new IntegrationException(ErrorCategory.TRANSIENT, "b", "b: search timed out", null);
        }
        return super.findByMarker(marker);
      }
    });

    SyncReport failing = pass(a, lookUpsFail, ConflictPolicy.lastWriteWins());
    pass(a, lookUpsFail, ConflictPolicy.lastWriteWins());

    assertThat(failing.failures()).extracting(SyncReport.Failure::connectionId).contains("b");
    assertThat(failing.failures()).anySatisfy(f -> assertThat(f.message()).contains("waits"));
    assertThat(a.items()).as("B's copy is not taken for a new item of B").hasSize(1);
    assertThat(b.items()).hasSize(1);

    pass(a, lookUpsFail, ConflictPolicy.lastWriteWins());
    pass();
    assertThat(a.items()).hasSize(1);
    assertThat(b.items()).hasSize(1);
    assertThat(store.links("a-b")).hasSize(1);
    assertThat(store.pendingIntents("a-b")).isEmpty();
  }

  /** A connection whose tool drops the status of a create, and of the next {@code updatesIgnored} updates. */
  private static ConnectionDefinition dropsStatus(InMemoryConnector tracker, int updatesIgnored) {
    AtomicInteger ignored = new AtomicInteger(updatesIgnored);
    return ForwardingConnectorSession.wrap(tracker, session -> new ForwardingConnectorSession(session) {
      @Override
      public ExternalItem create(JsonNode fields, @Nullable String marker) {
        ObjectNode without = fields.deepCopy();
        without.remove("status");
        return super.create(without, marker);
      }

      @Override
      public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
        if (ignored.getAndDecrement() > 0) {
          ObjectNode without = patch.deepCopy();
          without.remove("status");
          return super.update(id, without, expectedVersion);
        }
        return super.update(id, patch, expectedVersion);
      }
    });
  }

  @Test
  void aToolThatIgnoresPartOfACreateIsCompletedByAFollowUpWrite() {
    String id = a.add(WorkItem.builder().title("Shipped").status(Status.of("Closed", StatusCategory.DONE)).build());

    SyncReport first = pass(a, dropsStatus(b, 0), ConflictPolicy.lastWriteWins());
    int writes = b.writeCount();
    SyncReport second = pass();

    assertThat(first.failures()).isEmpty();
    assertThat(b.item(bOf(id)).orElseThrow().status()).isEqualTo(Status.of("Closed", StatusCategory.DONE));
    assertThat(writes).as("the create and one follow-up write").isEqualTo(2);
    assertThat(second.created() + second.updated()).as(second.summary()).isZero();
  }

  @Test
  void aToolThatNeverTakesAFieldParksTheItemWithItsReasonInsteadOfRecordingItAsAgreed() {
    String id = a.add(WorkItem.builder().title("Shipped").status(Status.of("Closed", StatusCategory.DONE)).build());

    SyncReport first = pass(a, dropsStatus(b, 1), ConflictPolicy.lastWriteWins());

    assertThat(first.failures()).singleElement().satisfies(f -> {
      assertThat(f.category()).isEqualTo(ErrorCategory.VALIDATION);
      assertThat(f.connectionId()).as("the connection that did not take the write").isEqualTo("b");
      assertThat(f.itemConnectionId()).isEqualTo("a");
      assertThat(f.message()).contains("b kept status").contains("Closed");
      assertThat(f.parked()).isTrue();
    });
    assertThat(b.items()).hasSize(1);

    // once the tool takes it (its workflow fixed), retrying the parked item completes it
    IntegrationAgent agent = IntegrationAgent.builder().agentId("agent").clock(clock).stateStore(store)
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b").twoWay()).build();
    SyncReport retried = agent.retryParked("a-b", "a", id);
    assertThat(retried.failures()).isEmpty();
    assertThat(b.item(bOf(id)).orElseThrow().status().category()).isEqualTo(StatusCategory.DONE);
    assertThat(b.items()).hasSize(1);
    assertThat(a.item(id).orElseThrow().status().category()).as("the source keeps its value").isEqualTo(StatusCategory.DONE);
  }

  @Test
  void aWriteThatLandedJustBeforeACrashIsTheAgentsOwnNotAnEditToWeighAgainstAPersons() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    pass();
    String bId = bOf(id);
    a.edit(id, title("Login fails on Safari"));
    try {
      pass(a, CrashTest.crashing(b, new AtomicInteger(1), true), ConflictPolicy.lastWriteWins());
    } catch (CrashTest.Crash e) {
      // B took the new title, then the process died before the link recorded it
    }
    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("Login fails on Safari");
    clock.advance(Duration.ofSeconds(10));
    a.edit(id, title("Login fails on Safari 17"));   // the person's last word on the title
    clock.advance(Duration.ofSeconds(10));
    b.edit(bId, labels("ui"));                        // B's item is now the later one

    SyncReport report = pass();

    assertThat(report.conflicts()).isZero();
    assertThat(b.item(bId).orElseThrow().title()).as("the agent's own write lost to nothing").isEqualTo("Login fails on Safari 17");
    assertThat(a.item(id).orElseThrow().title()).isEqualTo("Login fails on Safari 17");
    assertThat(a.item(id).orElseThrow().labels()).containsExactly("ui");
  }

  @Test
  void underLastWriteWinsTheLaterEditOfTheFieldWinsNotTheLaterEditedItem() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    pass();
    String bId = bOf(id);
    a.edit(id, title("Login fails (A)"));
    clock.advance(Duration.ofSeconds(10));
    b.edit(bId, title("Login fails (B)"));    // the title's last edit
    clock.advance(Duration.ofSeconds(10));
    a.edit(id, labels("ui"));                 // A's item is the later edited one, in another field

    SyncReport report = pass();

    assertThat(report.failures()).isEmpty();
    assertThat(a.item(id).orElseThrow().title()).isEqualTo("Login fails (B)");
    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("Login fails (B)");
    assertThat(b.item(bId).orElseThrow().labels()).containsExactly("ui");
  }

  @Test
  void sidesThatAgreeOnlyThroughAStaleListingAreNotRecordedAsAgreed() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    pass();
    String bId = bOf(id);
    a.edit(id, title("Login fails (A)"));
    clock.advance(Duration.ofSeconds(10));

    // A is listed with its edit; then a person edits A's title again, and another person sets
    // B's title to what A's listing says: the pass sees both sides agree, but A has moved on, and
    // B's edit is the title's last
    SyncReport report = pass(editedAfterListing(a, () -> {
      a.edit(id, title("Login fails (A, later)"));
      clock.advance(Duration.ofSeconds(10));
      b.edit(bId, title("Login fails (A)"));
      clock.advance(Duration.ofSeconds(10));
    }), b, ConflictPolicy.lastWriteWins());
    pass();

    assertThat(report.failures()).isEmpty();
    assertThat(b.item(bId).orElseThrow().title()).as("B's edit is the title's last write").isEqualTo("Login fails (A)");
    assertThat(a.item(id).orElseThrow().title()).isEqualTo("Login fails (A)");
  }

  @Test
  void underLastWriteWinsAFieldSetAndSetBackOnOneSideIsItsLaterWrite() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    pass();
    String bId = bOf(id);
    a.edit(id, title("Login fails (A)"));
    clock.advance(Duration.ofSeconds(10));
    b.edit(bId, title("Login fails (B)"));
    clock.advance(Duration.ofSeconds(10));
    b.edit(bId, title("Login fails"));        // set back: the same value as last synced, written last

    SyncReport report = pass();

    assertThat(report.failures()).isEmpty();
    assertThat(a.item(id).orElseThrow().title()).isEqualTo("Login fails");
    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("Login fails");
  }

  @Test
  void aOneSidedChangeCostsNoHistoryCallWhenTheOtherItemWasNotEditedSinceTheLastSync() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    pass();
    a.edit(id, title("Login fails (A)"));
    AtomicInteger historyCalls = new AtomicInteger();
    ConnectionDefinition counted = ForwardingConnectorSession.wrap(b, session -> new ForwardingConnectorSession(session) {
      @Override
      public java.util.Map<String, java.time.Instant> fieldsChangedAt(String itemId) {
        historyCalls.incrementAndGet();
        return super.fieldsChangedAt(itemId);
      }
    });

    pass(a, counted, ConflictPolicy.lastWriteWins());

    assertThat(b.item(bOf(id)).orElseThrow().title()).isEqualTo("Login fails (A)");
    assertThat(historyCalls).hasValue(0);
  }

  @Test
  void aCopyRecoveredAfterACrashIsTheAgentsWhereNobodyTouchedItSoTheSourcesLaterEditWins() {
    String id = a.add(WorkItem.builder().title("Shipped").status(Status.of("Open", StatusCategory.TODO)).build());
    clock.advance(Duration.ofSeconds(10));
    try {
      // A is listed open; a person closes it at once; the agent creates B's copy from the listing
      // (open) and dies before the link is saved
      pass(editedAfterListing(a, () -> {
        clock.advance(Duration.ofSeconds(1));
        a.edit(id, i -> i.toBuilder().status(Status.of("Closed", StatusCategory.DONE)).build());
        clock.advance(Duration.ofSeconds(1));
      }), CrashTest.crashing(b, new AtomicInteger(1), true), ConflictPolicy.lastWriteWins());
    } catch (CrashTest.Crash e) {
      // B holds the open copy
    }

    pass();

    assertThat(b.items()).hasSize(1);
    assertThat(b.items().values().iterator().next().status().category()).as("the close, made after the copy's source state")
        .isEqualTo(StatusCategory.DONE);
    assertThat(a.item(id).orElseThrow().status().category()).isEqualTo(StatusCategory.DONE);
  }

  @Test
  void everyWriteIsAuditedBeforeItIsSentSoAWriteJustBeforeACrashIsNeverMissing() {
    String id = a.add(WorkItem.builder().title("Login fails").build());
    try {
      pass(a, CrashTest.crashing(b, new AtomicInteger(1), true), ConflictPolicy.lastWriteWins());
    } catch (CrashTest.Crash e) {
      // the create reached B, then the process died
    }
    assertThat(audit.ofType("item.creating")).singleElement().satisfies(e -> {
      assertThat(e.connectionId()).isEqualTo("b");
      assertThat(e.attributes()).containsEntry("source", "a:" + id);
    });
    pass();
    assertThat(audit.byAgent("item.created")).singleElement()
        .satisfies(e -> assertThat(e.attributes()).containsEntry("recovered", "true"));
    String bId = bOf(id);

    a.edit(id, title("Login fails on Safari"));
    try {
      pass(a, CrashTest.crashing(b, new AtomicInteger(1), true), ConflictPolicy.lastWriteWins());
    } catch (CrashTest.Crash e) {
      // the update reached B, then the process died
    }
    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("Login fails on Safari");
    List<AuditEvent> updating = audit.ofType("item.updating");
    assertThat(updating).singleElement().satisfies(e -> {
      assertThat(e.connectionId()).isEqualTo("b");
      assertThat(e.itemId()).isEqualTo(bId);
      assertThat(e.attributes()).containsEntry("fields", "title");
    });
  }
}
