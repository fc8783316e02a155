package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OneWaySyncTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("tracker-a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("tracker-b").clock(clock).build();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final StateStore store = StateStores.inMemory();
  private IntegrationAgent agent;

  private IntegrationAgent agent(int pageSize) {
    agent = IntegrationAgent.builder()
        .clock(clock)
        .stateStore(store)
        .connection("a", a)
        .connection("b", b)
        .sync(SyncPlan.between("a", "b").oneWay().pageSize(pageSize))
        .audit(audit)
        .build();
    return agent;
  }

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
  }

  private static WorkItem item(String title) {
    return WorkItem.builder().title(title).description("Steps:\n\n1. *open* it")
        .status(Status.of("Open", StatusCategory.TODO)).priority("High")
        .labels(List.of("bug", "ui")).assignees(List.of("ada")).dueDate(LocalDate.parse("2026-02-01"))
        .build();
  }

  private static WorkItem syncable(WorkItem item) {
    return item.toBuilder().createdAt(null).updatedAt(null).build();
  }

  @Test
  void firstPassCreatesEveryItemInTheTarget() {
    String one = a.add(item("Login fails"));
    a.add(item("Export is slow"));
    a.add(item("Typo on pricing page"));

    SyncReport report = agent(100).syncNow("a-b");

    assertThat(report.created()).isEqualTo(3);
    assertThat(report.failed()).isZero();
    assertThat(b.items().values()).extracting(OneWaySyncTest::syncable)
        .containsExactlyInAnyOrderElementsOf(a.items().values().stream().map(OneWaySyncTest::syncable).toList());
    String bId = store.link("a-b", dev.integrationagent.api.sync.Side.A, one).orElseThrow().bId();
    assertThat(b.marker(bId)).contains("ia:a-b:a:" + one);
    assertThat(audit.byAgent("item.created")).hasSize(3)
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS))
        .extracting(AuditEvent::connectionId).containsOnly("b");
  }

  @Test
  void aSecondPassWithoutChangesWritesNothing() {
    a.add(item("Login fails"));
    agent(100).syncNow("a-b");
    int writes = b.writeCount();

    SyncReport second = agent.syncNow("a-b");

    assertThat(second.created() + second.updated() + second.failed()).isZero();
    assertThat(b.writeCount()).isEqualTo(writes);
  }

  @Test
  void anEditUpdatesOnlyTheChangedFieldsAndIsRecordedInHistory() {
    String id = a.add(item("Login fails"));
    agent(100).syncNow("a-b");
    clock.advance(Duration.ofMinutes(1));
    a.edit(id, i -> i.toBuilder().title("Login fails on Safari").labels(List.of("bug")).build());
    audit.clear();

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.updated()).isEqualTo(1);
    WorkItem inB = b.items().values().iterator().next();
    assertThat(inB.title()).isEqualTo("Login fails on Safari");
    assertThat(inB.labels()).containsExactly("bug");
    assertThat(inB.priority()).isEqualTo("High");
    List<HistoryEntry> history = store.history("a-b", id);
    assertThat(history).filteredOn(h -> h.runId().equals(report.runId()))
        .extracting(HistoryEntry::field).containsExactly("title", "labels");
    assertThat(audit.byAgent("item.updated")).singleElement()
        .satisfies(e -> assertThat(e.attributes().get("fields").split(",")).containsExactlyInAnyOrder("title", "labels"));
    assertThat(audit.byAgent("item.updating")).as("announced before the write").singleElement()
        .satisfies(e -> assertThat(e.attributes().get("fields").split(",")).containsExactlyInAnyOrder("title", "labels"));
  }

  @Test
  void pagesAreReadUntilTheFeedIsExhaustedAndTheCursorIsStored() {
    for (int i = 1; i <= 7; i++) {
      a.add(item("Item " + i));
    }

    SyncReport report = agent(3).syncNow("a-b");

    assertThat(report.created()).isEqualTo(7);
    assertThat(b.items()).hasSize(7);
    assertThat(store.cursor("a-b", "a")).contains(Cursor.of("7"));
  }

  @Test
  void anItemTheTargetRejectsIsParkedAndTheRestContinue() {
    a.add(item("First"));
    a.add(item("Second"));
    a.add(item("Third"));
    agent(100);
    b.failNext(1, ErrorCategory.VALIDATION);

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.created()).isEqualTo(2);
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.category()).isEqualTo(ErrorCategory.VALIDATION);
      assertThat(f.itemId()).isEqualTo("1");
      assertThat(f.parked()).isTrue();
    });
    assertThat(store.parked("a-b")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("injected VALIDATION"));
    assertThat(store.cursor("a-b", "a")).contains(Cursor.of("3"));
  }

  @Test
  void aTransientFailureIsRetriedAfterItsBackoffAndTheCursorWaitsForIt() {
    a.add(item("First"));
    a.add(item("Second"));
    agent(100);
    b.failNext(1, ErrorCategory.TRANSIENT);

    SyncReport failed = agent.syncNow("a-b");
    assertThat(failed.failures()).singleElement().satisfies(f -> assertThat(f.parked()).isFalse());
    assertThat(store.cursor("a-b", "a")).isEmpty();
    assertThat(store.parked("a-b")).singleElement().satisfies(p -> {
      assertThat(p.isParked()).isFalse();
      assertThat(p.retryAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    });

    SyncReport tooSoon = agent.syncNow("a-b");
    assertThat(tooSoon.created()).isZero();
    assertThat(tooSoon.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("waiting until"));

    clock.advance(Duration.ofMinutes(1));
    SyncReport retried = agent.syncNow("a-b");
    assertThat(retried.created()).isEqualTo(2);
    assertThat(b.items()).hasSize(2);
    assertThat(store.parked("a-b")).isEmpty();
  }

  @Test
  void anItemThatKeepsFailingIsParkedAfterItsAttemptsWithDoublingBackoff() {
    a.add(item("Poison"));
    a.add(item("Healthy"));
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").retries(3, Duration.ofSeconds(10))).audit(audit).build();

    b.failNext(1, ErrorCategory.TRANSIENT);
    agent.syncNow("a-b");
    assertThat(store.parked("a-b").get(0).retryAt()).isEqualTo(clock.instant().plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    b.failNext(1, ErrorCategory.TRANSIENT);
    agent.syncNow("a-b");
    assertThat(store.parked("a-b").get(0).retryAt()).isEqualTo(clock.instant().plusSeconds(20));
    clock.advance(Duration.ofSeconds(20));
    b.failNext(1, ErrorCategory.TRANSIENT);
    SyncReport third = agent.syncNow("a-b");

    assertThat(third.failures()).singleElement().satisfies(f -> assertThat(f.parked()).isTrue());
    assertThat(third.created()).as("the rest of the feed moves on").isEqualTo(1);
    assertThat(agent.parked("a-b")).singleElement().satisfies(p -> {
      assertThat(p.isParked()).isTrue();
      assertThat(p.attempts()).isEqualTo(3);
    });
    assertThat(audit.ofType("item.failed")).hasSize(2);
    assertThat(audit.ofType("item.parked")).hasSize(1);
  }

  @Test
  void aRateLimitedItemWaitsWithoutUsingUpItsAttemptsAndIsNeverParked() {
    a.add(item("Limited"));
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").retries(2, Duration.ofSeconds(10))).audit(audit).build();

    for (int storm = 0; storm < 5; storm++) {
      b.failNext(1, ErrorCategory.RATE_LIMITED);
      SyncReport limited = agent.syncNow("a-b");
      assertThat(limited.failures()).singleElement().satisfies(f -> assertThat(f.parked()).isFalse());
      assertThat(store.parked("a-b")).singleElement().satisfies(p -> {
        assertThat(p.attempts()).isEqualTo(1);
        assertThat(p.retryAt()).as("no wait announced: the first backoff, not doubled")
            .isEqualTo(clock.instant().plusSeconds(10));
      });
      clock.advance(Duration.ofSeconds(10));
    }
    SyncReport done = agent.syncNow("a-b");

    assertThat(done.created()).isEqualTo(1);
    assertThat(store.parked("a-b")).isEmpty();
    assertThat(audit.ofType("item.parked")).isEmpty();
  }

  @Test
  void theHostCanRetryOrDropAParkedItem() {
    a.add(item("Rejected once"));
    agent(100);
    b.failNext(1, ErrorCategory.VALIDATION);
    agent.syncNow("a-b");
    assertThat(agent.parked("a-b")).hasSize(1);

    SyncReport retried = agent.retryParked("a-b", "a", "1");

    assertThat(retried.created()).isEqualTo(1);
    assertThat(agent.parked("a-b")).isEmpty();

    a.add(item("Rejected again"));
    b.failNext(1, ErrorCategory.VALIDATION);
    agent.syncNow("a-b");
    agent.dropParked("a-b", "a", "2");
    assertThat(agent.parked("a-b")).isEmpty();
    assertThat(b.items()).hasSize(1);
  }

  @Test
  void aCreateWhoseResponseWasLostIsNotDuplicated() {
    a.add(item("Only once"));
    agent(100);
    b.loseNextResponses(1);

    SyncReport lost = agent.syncNow("a-b");
    assertThat(lost.failed()).isEqualTo(1);
    assertThat(b.items()).hasSize(1); // the tool did create it
    assertThat(store.pendingIntents("a-b")).hasSize(1);
    clock.advance(Duration.ofMinutes(1));

    SyncReport recovered = agent.syncNow("a-b");
    assertThat(recovered.created()).isEqualTo(1);
    assertThat(b.items()).as("found by its marker, not created again").hasSize(1);
    assertThat(store.pendingIntents("a-b")).isEmpty();
    assertThat(store.links("a-b")).hasSize(1);
  }

  @Test
  void aListingFailureIsReportedWithoutLosingTheCursor() {
    a.add(item("First"));
    agent(100).syncNow("a-b");
    a.failNext(1, ErrorCategory.RATE_LIMITED);

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.itemId()).isNull();
      assertThat(f.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    });
    assertThat(store.cursor("a-b", "a")).contains(Cursor.of("1"));
    assertThat(audit.ofType("connection.failed")).singleElement()
        .satisfies(e -> assertThat(e.attributes()).containsEntry("step", "listing").containsEntry("category", "RATE_LIMITED"));
  }

  @Test
  void aRunIsFramedByStartAndFinishEventsWithItsRunId() {
    a.add(item("First"));
    SyncReport report = agent(100).syncNow("a-b");

    List<AuditEvent> events = audit.events().stream().filter(e -> !e.type().equals(IntegrationAgent.CONFIG_LOADED))
        .toList();
    assertThat(events.get(0).type()).isEqualTo("pass.started");
    assertThat(events.get(events.size() - 1).type()).isEqualTo("pass.finished");
    assertThat(events).extracting(AuditEvent::runId).containsOnly(report.runId());
    assertThat(events.get(events.size() - 1).message()).isEqualTo(report.summary());
  }

  @Test
  void customFieldsTravelWithTheItem() {
    String id = a.add(item("With points").toBuilder()
        .customField("points", com.fasterxml.jackson.databind.node.IntNode.valueOf(3)).build());
    agent(100).syncNow("a-b");

    assertThat(b.items().values().iterator().next().customFields())
        .containsEntry("points", com.fasterxml.jackson.databind.node.IntNode.valueOf(3));
    a.edit(id, i -> i.toBuilder().customFields(Map.of("points", com.fasterxml.jackson.databind.node.IntNode.valueOf(5))).build());
    agent.syncNow("a-b");
    assertThat(b.items().values().iterator().next().customFields())
        .containsEntry("points", com.fasterxml.jackson.databind.node.IntNode.valueOf(5));
  }
}
