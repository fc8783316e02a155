package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The concurrent check of {@link StateStoreContract}'s event stream, apart because a store's own
 * test may run it with several store instances on one database (as several processes would).
 */
final class EventStreamChecks {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private EventStreamChecks() {}

  /**
   * Appends {@code transactions} transactions of two events each from {@code threads} threads,
   * taking turns through {@code writers}, while a reader polls {@code reader.events(lastSeen, 7)}
   * as a consumer does. The reader must see every offset from 1 up, each once and in order: a
   * store whose offsets do not follow the order in which appends become visible lets the reader
   * pass an offset that is committed later, and the reader then misses it.
   */
  static void concurrentAppendsAreSeenInOrder(List<StateStore> writers, StateStore reader, Instant at)
      throws Exception {
    int threads = 6;
    int transactions = 20;
    int total = threads * transactions * 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> appenders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        StateStore store = writers.get(t % writers.size());
        Callable<List<Long>> append = () -> {
          go.await();
          List<Long> offsets = new ArrayList<>();
          for (int i = 0; i < transactions; i++) {
            String id = "t" + thread + "-" + i;
            List<ChangeEvent> recorded = store.inTransaction(() -> store.appendEvents(List.of(
                ChangeEvent.builder("item.updated", ChangeEvent.Origin.TOOL, at).id(id + "-a").item(id).build(),
                ChangeEvent.builder("item.updated", ChangeEvent.Origin.TOOL, at).id(id + "-b").item(id).build())));
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
        long deadline = System.nanoTime() + LIMIT.toNanos();
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
        for (long offset : appender.get(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          assertThat(taken.add(offset)).as("offset %s given twice", offset).isTrue();
        }
      }
      assertThat(taken).as("offsets 1 to %s, each once", total).hasSize(total)
          .allSatisfy(o -> assertThat(o).isBetween(1L, (long) total));
      List<ChangeEvent> seen = polled.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(seen).as("the reader saw every event").hasSize(total);
      assertThat(seen.stream().map(ChangeEvent::id).distinct().count()).isEqualTo(total);
      assertThat(reader.lastEventOffset()).isEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }
}
