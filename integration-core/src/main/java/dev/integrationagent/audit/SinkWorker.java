package dev.integrationagent.audit;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.events.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One audit sink's thread: delivers the sink's subscription and its queue of records that are not
 * events, round after round, woken when there is something new. Nothing else ever calls the sink, so
 * a sink that blocks stops only this thread. See {@link AuditTrail} for the policy.
 */
final class SinkWorker {
  /** How many records that are not events wait for the sink at most; the newest are dropped past it. */
  static final int QUEUE = 10_000;
  /** Records that are not events handed to the sink at once ({@link AuditSink#recordAll}). */
  static final int QUEUE_PAGE = 200;
  /** How long an idle worker waits before it looks at the stream again without being woken. */
  private static final long IDLE_MILLIS = 1_000;
  /** How long {@link #drainAndStop()} waits for a sink to take what is left. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final String name;
  private final AuditSink sink;
  private final Subscription subscription;
  private final AuditTrail.Health health;
  private final java.time.Clock clock;
  private final Logger log;
  private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final Object lock = new Object();
  private final Thread thread;
  private boolean woken;
  private volatile boolean stopping;
  private volatile boolean failing;
  /** Rounds finished; a waiter that saw a whole round pass after it asked has seen all the sink could take. */
  private long rounds;
  /** System.nanoTime() when the round in progress started, or 0 between rounds. */
  private volatile long roundStarted;

  SinkWorker(String name, AuditSink sink, Subscription subscription, AuditTrail.Health health, java.time.Clock clock,
      Logger log) {
    this.name = name;
    this.clock = clock;
    this.sink = sink;
    this.subscription = subscription;
    this.health = health;
    this.log = log;
    this.thread = new Thread(this::run, "integration-agent-" + name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void offer(AuditEvent record) {
    if (!queue.offer(record)) {
      if (dropped.getAndIncrement() == 0) {
        log.warn("audit sink {} is behind by {} records that are not events; the newest are dropped and counted",
            name, QUEUE);
      }
    }
    wake();
  }

  private void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  private void run() {
    while (!stopping) {
      round();
      synchronized (lock) {
        rounds++;
        lock.notifyAll();
        if (!woken && !stopping) {
          try {
            lock.wait(IDLE_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }
  }

  /** Delivers the stream and the queue once; returns whether the sink took everything it was given. */
  private boolean round() {
    roundStarted = System.nanoTime();
    try {
      boolean ok = drainQueue();
      try {
        subscription.deliverNow();
      } catch (RuntimeException e) {
        log.warn("audit sink {}: reading the event stream failed and is tried again: {}", name, e.toString());
      }
      ok &= subscription.failures() == 0;
      if (!ok && !failing) {
        failing = true;
        health.failing(name, subscription.lastError().orElse("it refused a record"));
      } else if (ok && failing) {
        failing = false;
        health.recovered(name);
      }
      return ok;
    } finally {
      roundStarted = 0;
    }
  }

  /**
   * Hands the queue to the sink a page at a time ({@link #QUEUE_PAGE} records, one
   * {@link AuditSink#recordAll} each, so a JDBC sink commits once per page, not once per HTTP
   * call). A page the sink refuses stays at the head of the queue and comes whole next round, as
   * {@code recordAll} promises.
   */
  private boolean drainQueue() {
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      queue.offer(AuditEvent.builder("audit.dropped", AuditEvent.Outcome.FAILURE, clock.instant())
          .message(lost + " http.call records were dropped: audit sink " + name + " was " + QUEUE + " records behind")
          .attribute("dropped", Long.toString(lost)).build());
    }
    while (true) {
      // only this thread takes from the queue, so its head stays what was read here
      List<AuditEvent> page = queue.stream().limit(QUEUE_PAGE).toList();
      if (page.isEmpty()) {
        return true;
      }
      try {
        sink.recordAll(page);
      } catch (RuntimeException e) {
        log.warn("audit sink {} failed to record {} records from {}: {}", name, page.size(), page.get(0).type(),
            e.toString());
        if (!failing) {
          failing = true;
          health.failing(name, e.toString());
        }
        return false; // kept at the head, tried again next round
      }
      for (int i = 0; i < page.size(); i++) {
        queue.poll();
      }
    }
  }

  /**
   * Tells the worker that events were recorded (a page of a pass): it delivers them now instead
   * of at its next idle look, so that the sink writes while the pass goes on rather than after it.
   */
  void eventsRecorded() {
    wake();
  }

  /**
   * Waits until the sink has taken the stream up to {@code offset} and its queue, or a round that
   * began after the call ended (all it could take, taken), for at most {@code max}.
   */
  boolean awaitCaughtUp(long offset, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (lock) {
      long asked = rounds;
      woken = true;
      lock.notifyAll();
      while (true) {
        if (caughtUp(offset)) {
          return true;
        }
        if (rounds > asked + 1) {
          return caughtUp(offset); // a whole round after the call: what is left, the sink could not take
        }
        long started = roundStarted;
        long now = System.nanoTime();
        if (now >= deadline || (started != 0 && now - started > max.toNanos())) {
          return false; // a sink busy with one record for that long is not waited for
        }
        try {
          lock.wait(Math.max(1, Math.min(50, (deadline - now) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private boolean caughtUp(long offset) {
    return queue.isEmpty() && subscription.position() >= offset;
  }

  /** Lets the sink take what is left (at most {@link #DRAIN}), then stops the thread. */
  void drainAndStop() {
    stopping = true;
    wake();
    try {
      thread.join(DRAIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("audit sink {} did not finish within {}; what it has not taken stays in the event stream for the"
          + " next start", name, DRAIN);
      thread.interrupt();
      return;
    }
    round(); // what was recorded up to the close, on this thread now that the worker is done
    subscription.close();
  }
}
