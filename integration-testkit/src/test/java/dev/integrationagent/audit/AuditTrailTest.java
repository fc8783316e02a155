package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The audit trail reads the event stream: one record per event, delivered before a synchronous
 * call returns, after a restart for what a dead process left, and at close for what is left.
 */
class AuditTrailTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("tracker-a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("tracker-b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();

  private IntegrationAgent agent(AuditSink... sinks) {
    return agent(Duration.ofSeconds(5), List.of(), sinks);
  }

  private IntegrationAgent agent(Duration auditWait, List<dev.integrationagent.api.alert.AlertSink> alerts,
      AuditSink... sinks) {
    IntegrationAgent.Builder builder = IntegrationAgent.builder().clock(clock).stateStore(store).auditWait(auditWait)
        .connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").twoWay().conflicts(ConflictPolicy.manual()).deletes(DeletePolicy.PROPAGATE)
            .retries(2, Duration.ofSeconds(10)));
    for (AuditSink sink : sinks) {
      builder.audit(sink);
    }
    alerts.forEach(builder::alerts);
    return builder.build();
  }

  private List<String> streamIds() {
    return store.events(0, 100_000).stream().map(ChangeEvent::id).toList();
  }

  private static List<String> auditedIds(RecordingAuditSink sink) {
    return sink.events().stream().map(e -> e.attributes().get("eventId")).filter(Objects::nonNull).toList();
  }

  @Test
  void everyEventOfCreatesUpdatesConflictsFailuresAndDeletesIsAuditedOnceInStreamOrder() {
    RecordingAuditSink audit = new RecordingAuditSink();
    IntegrationAgent agent = agent(audit);
    String kept = a.add(WorkItem.builder().title("Login fails").build());
    String doomed = a.add(WorkItem.builder().title("Old report").build());
    agent.syncNow("a-b");
    clock.advance(Duration.ofMinutes(1));
    a.edit(kept, i -> i.toBuilder().title("Login fails on Safari").build());
    b.edit(b.items().keySet().stream().filter(id -> b.item(id).orElseThrow().title().equals("Login fails"))
        .findFirst().orElseThrow(), i -> i.toBuilder().title("Login fails (B)").build());
    a.add(WorkItem.builder().title("Refused at first").build());
    b.failNext(1, ErrorCategory.TRANSIENT);
    agent.syncNow("a-b");
    clock.advance(Duration.ofMinutes(1));
    a.remove(doomed);
    agent.syncNow("a-b");

    assertThat(auditedIds(audit)).as("one record per event, in the stream's order").isEqualTo(streamIds());
    assertThat(audit.events()).extracting(AuditEvent::type).contains("item.creating", "item.created",
        "item.updating", "item.updated", "conflict.detected", "item.failed", "item.deleted", "item.unlinked",
        "pass.started", "pass.finished");
    agent.close();
  }

  @Test
  void whatAFrozenProcessRecordedButNeverAuditedIsAuditedByTheNextAgent() throws Exception {
    CountDownLatch thaw = new CountDownLatch(1);
    IntegrationAgent first = agent(Duration.ofMillis(100), List.of(), e -> {
      try {
        thaw.await(); // the process hangs here, and dies when it thaws
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("killed");
    });
    a.add(WorkItem.builder().title("Login fails").build());
    assertThat(first.syncNow("a-b").created()).as("a hanging sink holds up no pass").isEqualTo(1);
    List<String> recorded = streamIds();
    assertThat(recorded).as("the pass committed its events before the trail ran").hasSizeGreaterThan(3);

    clock.advance(Duration.ofMinutes(3)); // the frozen agent's claim on the trail's subscription lapses
    RecordingAuditSink audit = new RecordingAuditSink();
    IntegrationAgent second = agent(audit);
    SyncReport nothing = second.syncNow("a-b");

    assertThat(nothing.created()).isZero();
    assertThat(auditedIds(audit)).as("the first pass's events, then the second's").startsWith(
        recorded.toArray(String[]::new)).doesNotHaveDuplicates();
    assertThat(auditedIds(audit)).isEqualTo(streamIds());
    second.close();
    thaw.countDown();
  }

  @Test
  void aSinkThatBlocksHoldsUpNeitherThePassNorTheOtherSinksAndGetsEverythingOnceItMovesAgain() throws Exception {
    CountDownLatch unblock = new CountDownLatch(1);
    RecordingAuditSink slow = new RecordingAuditSink();
    RecordingAuditSink audit = new RecordingAuditSink();
    IntegrationAgent agent = agent(Duration.ofMillis(100), List.of(), e -> {
      try {
        unblock.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      slow.record(e);
    }, audit);
    a.add(WorkItem.builder().title("Login fails").build());
    a.add(WorkItem.builder().title("Export hangs").build());

    long started = System.nanoTime();
    SyncReport report = agent.syncNow("a-b");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(report.created()).isEqualTo(2);
    assertThat(took).as("the pass waited for the blocked sink no longer than the audit wait")
        .isLessThan(Duration.ofSeconds(3));
    assertThat(auditedIds(audit)).as("the other sink has every record").isEqualTo(streamIds());
    unblock.countDown();
    agent.close();
    assertThat(auditedIds(slow)).as("released, the slow sink gets every record by close").isEqualTo(streamIds());
  }

  @Test
  void aFailingSinkRaisesAnAlertAndGetsTheRecordsItRefusedOnceItRecovers() {
    java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
    RecordingAuditSink written = new RecordingAuditSink();
    List<dev.integrationagent.api.alert.Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    IntegrationAgent agent = agent(Duration.ofSeconds(5), List.of(alerts::add), e -> {
      if (broken.get()) {
        throw new IllegalStateException("disk full");
      }
      written.record(e);
    });
    a.add(WorkItem.builder().title("Login fails").build());

    assertThat(agent.syncNow("a-b").created()).isEqualTo(1);
    assertThat(alerts).extracting(al -> al.attributes().get("rule")).containsExactly("audit-failing");
    assertThat(alerts.get(0).message()).contains("audit sink audit failed to record", "disk full");
    assertThat(written.events()).isEmpty();

    broken.set(false);
    clock.advance(Duration.ofSeconds(2)); // past the failed record's backoff
    agent.syncNow("a-b");

    assertThat(alerts).extracting(al -> al.attributes().get("state")).containsExactly("open", "resolved");
    agent.close(); // the resolution's own alert.resolved event is recorded after the round that recovered
    assertThat(auditedIds(written)).as("nothing refused is lost").isEqualTo(streamIds());
  }

  @Test
  void closeAuditsWhatNoSynchronousCallDelivered() {
    RecordingAuditSink audit = new RecordingAuditSink();
    IntegrationAgent agent = agent(audit);
    // recorded as another agent on the store would: no call of this agent delivers it
    store.appendEvents(List.of(ChangeEvent.builder("billing.invoice-paid", ChangeEvent.Origin.HOST,
        Instant.parse("2026-01-05T10:00:00Z")).item("INV-7").build()));

    agent.close();

    assertThat(audit.ofType("billing.invoice-paid")).singleElement()
        .satisfies(e -> assertThat(e.itemId()).isEqualTo("INV-7"));
  }

  @Test
  void aSinkThatFailsHoldsUpNeitherThePassNorTheOtherSinks() {
    RecordingAuditSink audit = new RecordingAuditSink();
    IntegrationAgent agent = agent(e -> {
      throw new IllegalStateException("disk full");
    }, audit);
    a.add(WorkItem.builder().title("Login fails").build());

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.created()).isEqualTo(1);
    assertThat(auditedIds(audit)).isEqualTo(streamIds());
    agent.close();
  }
}
