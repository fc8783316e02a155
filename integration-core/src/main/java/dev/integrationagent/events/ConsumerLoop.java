package dev.integrationagent.events;

import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.api.event.EventHandler;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.annotation.Nullable;
import org.slf4j.Logger;

/**
 * Delivers the stream to one subscription: from its stored position, in batches, storing the
 * position after each batch and before an event its handler failed on. A handler that throws gets the same event again after a
 * backoff that doubles (1 s up to 5 min); until then this subscription waits and every other one
 * goes on. Across agents sharing a store, a lease per subscription makes one agent deliver at a
 * time, so each event reaches the subscription once cluster-wide (again only after a crash
 * between handling a batch and storing its position: at least once).
 */
final class ConsumerLoop {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final int BATCH = 200;

  private final String name;
  private final EventFilter filter;
  private final EventHandler handler;
  private final StateStore store;
  private final StateStore leases;
  private final String owner;
  private final Duration leaseTtl;
  private final Clock clock;
  private final Logger log;
  private final ReentrantLock delivering = new ReentrantLock();

  private volatile int failures;
  private volatile @Nullable Instant retryAt;
  private volatile @Nullable String lastError;
  private volatile long missed;
  private volatile boolean closed;

  ConsumerLoop(String name, EventFilter filter, EventHandler handler, StateStore store, StateStore leases,
      String owner, Duration leaseTtl, Clock clock, Logger log) {
    this.name = name;
    this.filter = filter;
    this.handler = handler;
    this.store = store;
    this.leases = leases;
    this.owner = owner;
    this.leaseTtl = leaseTtl;
    this.clock = clock;
    this.log = log;
  }

  String name() {
    return name;
  }

  /**
   * Delivers what is due: every event after the position, until the stream's end or a handler
   * failure. Does nothing while a failed event waits for its retry, while another agent holds
   * this subscription's lease, or while another thread of this agent delivers it.
   *
   * @return how many events the handler took
   */
  int deliver() {
    return deliver(false);
  }

  /** Like {@link #deliver()}; with {@code wait}, after a delivery in flight on another thread. */
  int deliver(boolean wait) {
    if (closed || (retryAt != null && clock.instant().isBefore(retryAt))) {
      return 0;
    }
    if (wait) {
      delivering.lock();
    } else if (!delivering.tryLock()) {
      return 0;
    }
    String lease = "events:" + name;
    try {
      if (leases.tryAcquireLease(lease, owner, clock.instant(), leaseTtl).isEmpty()) {
        return 0;
      }
      try {
        return deliverHeld(lease);
      } finally {
        leases.releaseLease(lease, owner);
      }
    } finally {
      delivering.unlock();
    }
  }

  private int deliverHeld(String lease) {
    long position = position();
    int handled = 0;
    while (!closed) {
      List<ChangeEvent> batch = store.events(position, BATCH);
      if (batch.isEmpty()) {
        return handled;
      }
      long passed = position;
      if (handler instanceof BatchEventHandler pages) {
        List<ChangeEvent> accepted = batch.stream().filter(filter::test).toList();
        if (!accepted.isEmpty()) {
          try {
            pages.handleAll(accepted);
          } catch (Exception | LinkageError e) {
            failed(accepted.get(0), e); // the whole page again, from the position before it
            return handled;
          }
          handled += accepted.size();
        }
        passed = batch.get(batch.size() - 1).offset();
        store.saveConsumerOffset(name, passed);
        position = passed;
        succeeded();
        if (leases.tryAcquireLease(lease, owner, clock.instant(), leaseTtl).isEmpty()) {
          return handled;
        }
        continue;
      }
      for (ChangeEvent event : batch) {
        if (filter.test(event)) {
          try {
            handler.handle(event);
          } catch (Exception | LinkageError e) {
            if (passed != position) {
              store.saveConsumerOffset(name, passed); // what went before it is done
            }
            failed(event, e);
            return handled;
          }
          handled++;
        }
        passed = event.offset();
      }
      // one write per batch, not per event: a crash delivers at most this batch again
      store.saveConsumerOffset(name, passed);
      position = passed;
      succeeded();
      if (leases.tryAcquireLease(lease, owner, clock.instant(), leaseTtl).isEmpty()) {
        return handled; // the lease ran out under a slow handler and went to another agent
      }
    }
    return handled;
  }

  /**
   * The stored position, moved up to the oldest event kept when retention pruned events this
   * subscription never read: it is told (a warning and a {@code consumer.behind} event) rather
   * than skipped silently. A subscription that never handled an event starts at the stream's start.
   */
  private long position() {
    long first = store.firstEventOffset();
    java.util.OptionalLong stored = store.consumerOffset(name);
    if (stored.isEmpty()) {
      return first - 1;
    }
    long position = stored.getAsLong();
    if (position < first - 1) {
      long lost = first - 1 - position;
      missed += lost;
      log.warn("event subscription {} fell behind the stream's retention: {} events (offsets {} to {}) were "
          + "pruned before it read them; it goes on from offset {}", name, lost, position + 1, first - 1, first);
      store.inTransaction(() -> {
        store.appendEvents(List.of(ChangeEvent.builder(EventTypes.CONSUMER_BEHIND, ChangeEvent.Origin.AGENT,
                clock.instant())
            .attribute("consumer", name).attribute("missed", Long.toString(lost))
            .attribute("from", Long.toString(position + 1)).attribute("to", Long.toString(first - 1)).build()));
        store.saveConsumerOffset(name, first - 1);
      });
      return first - 1;
    }
    return position;
  }

  private void failed(ChangeEvent event, Throwable e) {
    failures++;
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 16));
    if (wait.compareTo(MAX_BACKOFF) > 0) {
      wait = MAX_BACKOFF;
    }
    retryAt = clock.instant().plus(wait);
    lastError = e.toString();
    log.warn("event subscription {}: handling event {} ({} {}) failed, attempt {}; it is delivered again "
        + "after {}: {}", name, event.offset(), event.type(), event.id(), failures, wait, e.toString());
  }

  private void succeeded() {
    failures = 0;
    retryAt = null;
    lastError = null;
  }

  long storedPosition() {
    return store.consumerOffset(name).orElse(store.firstEventOffset() - 1);
  }

  int failures() {
    return failures;
  }

  @Nullable Instant retryAt() {
    return retryAt;
  }

  @Nullable String lastError() {
    return lastError;
  }

  long missed() {
    return missed;
  }

  void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }
}
