package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.events.EventStream;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How a sink's thread hands it records: the records that are not events (an HTTP call's) in pages
 * through {@link AuditSink#recordAll}, so a JDBC sink commits once per page and not once per call;
 * and a pass's events page by page while the pass goes on, not all after it.
 */
class SinkWorkerPagingTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");

  /** Every batch it was handed, in order; the first one waits until {@code release} opens. */
  private static final class PagedSink implements AuditSink {
    final List<List<AuditEvent>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger refusals = new AtomicInteger();
    final CountDownLatch refused = new CountDownLatch(1);

    @Override
    public void record(AuditEvent event) {
      recordAll(List.of(event));
    }

    @Override
    public void recordAll(List<AuditEvent> events) {
      try {
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        refused.countDown();
        throw new IllegalStateException("disk full");
      }
      batches.add(List.copyOf(events));
    }

    List<String> messages() {
      return batches.stream().flatMap(List::stream).map(AuditEvent::message).toList();
    }
  }

  private AuditTrail attached(PagedSink sink, StateStore store) {
    AuditTrail trail = new AuditTrail(List.of(sink), "agent-1", AuditMasking.none(), clock,
        LoggerFactory.getLogger(SinkWorkerPagingTest.class));
    EventStream stream = new EventStream(store, store, "agent-1", Duration.ofMinutes(1), clock,
        LoggerFactory.getLogger(SinkWorkerPagingTest.class), e -> e, Duration.ofDays(7));
    trail.attach(stream, new AuditTrail.Health() {
      @Override
      public void failing(String sink, String error) {}

      @Override
      public void recovered(String sink) {}
    });
    return trail;
  }

  private AuditEvent call(int i) {
    return AuditEvent.builder("http.call", AuditEvent.Outcome.SUCCESS, clock.instant()).message("GET /issues/" + i)
        .build();
  }

  @Test
  void recordsThatAreNotEventsReachTheSinkInPagesOfTwoHundredInTheOrderRecorded() {
    PagedSink sink = new PagedSink();
    StateStore store = StateStores.inMemory();
    AuditTrail trail = attached(sink, store);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 650; i++) {
      trail.record(call(i));
      sent.add("GET /issues/" + i);
    }
    sink.release.countDown();

    assertThat(trail.awaitCaughtUp(store.lastEventOffset(), Duration.ofSeconds(30))).isTrue();
    trail.close();

    assertThat(sink.messages()).as("every record once, in order").isEqualTo(sent);
    // the first batch is whatever had arrived when the thread woke; the rest come in full pages
    List<Integer> sizes = sink.batches.stream().map(List::size).toList();
    assertThat(sizes.subList(1, sizes.size() - 1)).as("batch sizes " + sizes).isNotEmpty()
        .allMatch(size -> size == SinkWorker.QUEUE_PAGE);
    assertThat(sizes.size()).as("batch sizes " + sizes).isLessThanOrEqualTo(2 + 650 / SinkWorker.QUEUE_PAGE);
  }

  @Test
  void aPageTheSinkRefusesComesAgainWholeAndNothingIsLostOrDoubled() throws Exception {
    PagedSink sink = new PagedSink();
    sink.refusals.set(1);
    StateStore store = StateStores.inMemory();
    AuditTrail trail = attached(sink, store);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      trail.record(call(i));
      sent.add("GET /issues/" + i);
    }
    sink.release.countDown();
    assertThat(sink.refused.await(30, TimeUnit.SECONDS)).as("the sink's thread was refused a page").isTrue();

    trail.close(); // drains: the refused page is handed over again, with what followed it

    assertThat(sink.refusals).hasValue(0);
    assertThat(sink.messages()).as("nothing lost or doubled, in order").isEqualTo(sent);
  }

  @Test
  void aPassesEventsReachTheSinkWhileThePassIsStillReadingItsNextPage() throws Exception {
    StateStore store = StateStores.inMemory();
    List<Long> seenBeforeSecondPage = new CopyOnWriteArrayList<>();
    CountDownLatch firstPageAudited = new CountDownLatch(1);
    List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    AuditSink sink = new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        recordAll(List.of(event));
      }

      @Override
      public void recordAll(List<AuditEvent> events) {
        audited.addAll(events);
        if (audited.stream().filter(e -> e.type().equals("item.linked")).count() >= 3) {
          firstPageAudited.countDown();
        }
      }
    };
    // the source lists 3 items a page; before it answers for the second page, it waits for the
    // first page's links to reach the audit sink (an idle sink thread looks only once a second)
    InMemoryConnector a = InMemoryConnector.builder().name("tracker-a").clock(clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("tracker-b").clock(clock).build();
    for (int i = 0; i < 6; i++) {
      a.add(WorkItem.builder().title("Item " + i).build());
    }
    var waitingSource = ForwardingConnectorSession.wrap(a, session -> new ForwardingConnectorSession(session) {
      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        if (!cursor.isStart()) {
          long started = System.nanoTime();
          try {
            firstPageAudited.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seenBeforeSecondPage.add(System.nanoTime() - started);
        }
        return super.changes(cursor, pageSize);
      }
    });
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store).audit(sink)
        .connection("a", waitingSource).connection("b", b).sync(SyncPlan.between("a", "b").pageSize(3)).build()) {
      assertThat(agent.syncNow("a-b").created()).isEqualTo(6);
    }

    assertThat(seenBeforeSecondPage).as("the second page was asked for").isNotEmpty();
    assertThat(Duration.ofNanos(seenBeforeSecondPage.get(0)))
        .as("the first page's records reached the sink as soon as the page was done, not at the sink's next idle look")
        .isLessThan(Duration.ofMillis(900));
    assertThat(audited.stream().filter(e -> e.type().equals("item.linked"))).hasSize(6);
  }
}
