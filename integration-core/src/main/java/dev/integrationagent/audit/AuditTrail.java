package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.events.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.Logger;

/**
 * The audit trail: every event of the stream becomes one record ({@link AuditRecords}, then
 * {@link AuditMasking}) delivered to every sink.
 *
 * <p><b>Each sink reads the stream on its own.</b> A sink is a detached subscription of the stream
 * (named {@code audit} for the first sink, {@code audit-2}, {@code audit-3}, … for the next, by
 * their order in the builder) with its own durable position, delivered on a thread of its own
 * ({@link SinkWorker}): at least once, in offset order; a record lost with a crashed process is
 * delivered after the restart; a record delivered twice has the same id.
 *
 * <p><b>Back-pressure.</b> The stream is the queue: records wait in the store, durable, until the
 * sink has taken them, bounded by the stream's retention (past it, the sink is told with a
 * {@code consumer.behind} record). So a sink that is slow, failing or blocked falls behind on its
 * own and holds up neither a pass nor the other sinks; a failing sink gets the same record again
 * after a backoff and raises the {@code audit-failing} alert. Synchronous calls of the agent wait
 * at most {@link #awaitCaughtUp}'s bound for their records to be written. {@code http.call}
 * records, which are not events, go through a bounded queue per sink ({@link SinkWorker#QUEUE}
 * records); when it is full the newest are dropped, counted, and an {@code audit.dropped} record
 * says how many. {@link #close()} writes everything recorded before it returns.
 */
public final class AuditTrail implements AutoCloseable {
  /** What the trail tells of its sinks' health (the agent raises and resolves alerts). */
  public interface Health {
    void failing(String sink, String error);

    void recovered(String sink);
  }

  private static final int WORKFLOWS_KEPT = 50_000;

  private final Logger log;
  private final List<AuditSink> sinks;
  private final String agentId;
  private final AuditMasking masking;
  private final java.time.Clock clock;
  private final List<SinkWorker> workers = new ArrayList<>();
  /** Event id to the workflow run it belongs to, so that a workflow's writes name it as their actor. */
  private final Map<String, AuditRecords.WorkflowRun> workflowRuns = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, AuditRecords.WorkflowRun> eldest) {
      return size() > WORKFLOWS_KEPT;
    }
  };

  /** A trail whose records name {@code agentId} for the agent's own doing and hide what {@code masking} says. */
  public AuditTrail(List<AuditSink> sinks, String agentId, AuditMasking masking, java.time.Clock clock, Logger log) {
    this.sinks = List.copyOf(sinks);
    this.clock = requireNonNull(clock, "clock");
    this.agentId = requireNonNull(agentId, "agentId");
    this.masking = requireNonNull(masking, "masking");
    this.log = requireNonNull(log, "log");
  }

  /** The name of the subscription of the sink at {@code index} (0-based) in the builder. */
  public static String subscriptionName(int index) {
    return index == 0 ? "audit" : "audit-" + (index + 1);
  }

  /** Subscribes every sink to {@code events} and starts their threads. */
  public synchronized void attach(EventStream events, Health health) {
    if (!workers.isEmpty()) {
      throw new IllegalStateException("the audit trail is attached already");
    }
    for (int i = 0; i < sinks.size(); i++) {
      AuditSink sink = sinks.get(i);
      String name = subscriptionName(i);
      // a page of the stream at a time: a sink that writes it in one transaction commits once per page
      dev.integrationagent.events.BatchEventHandler pages = page -> sink.recordAll(page.stream().map(this::recordOf)
          .toList());
      workers.add(new SinkWorker(name, sink, events.subscribeDetached(name, dev.integrationagent.api.event.EventFilter
          .all(), pages), health, clock, log));
    }
    workers.forEach(SinkWorker::start);
  }

  /** The record of a stream event, as every sink gets it. */
  public AuditEvent recordOf(ChangeEvent e) {
    AuditRecords.WorkflowRun run = null;
    if (e.type().startsWith("workflow.") && e.attributes().containsKey("workflow")) {
      run = new AuditRecords.WorkflowRun(e.attributes().get("workflow"), e.attributes().get("execution"));
    }
    synchronized (workflowRuns) {
      if (run != null) {
        workflowRuns.put(e.id(), run);
      }
      AuditEvent record = masking.apply(AuditRecords.of(e, agentId, this::workflowOf));
      if (run == null && record.workflowId() != null) {
        // a workflow's write: what follows from it is the workflow's doing too
        workflowRuns.put(e.id(), new AuditRecords.WorkflowRun(record.workflowId(), record.workflowRunId()));
      }
      return record;
    }
  }

  private @Nullable AuditRecords.WorkflowRun workflowOf(String eventId) {
    return workflowRuns.get(eventId);
  }

  /** Records what is not an event of the stream (an HTTP call's record), through each sink's bounded queue. */
  public void record(AuditEvent event) {
    AuditEvent masked = masking.apply(event);
    if (workers.isEmpty()) {
      for (AuditSink sink : sinks) { // not attached (a trail without a stream): straight to the sinks
        try {
          sink.record(masked);
        } catch (RuntimeException e) {
          log.warn("audit sink {} failed to record {}: {}", sink, event.type(), e.toString());
        }
      }
      return;
    }
    workers.forEach(w -> w.offer(masked));
  }

  /**
   * Wakes every sink's thread to deliver what the stream holds now: the agent calls it after each
   * page of a pass, so the audit is written while the pass goes on, not all after it.
   */
  public void eventsRecorded() {
    workers.forEach(SinkWorker::eventsRecorded);
  }

  /**
   * Waits until every sink has taken the stream up to {@code offset} and its queue, for at most
   * {@code max}; a sink that is failing, or busy with one record for longer than {@code max}, is
   * not waited for.
   *
   * @return whether every sink caught up
   */
  public boolean awaitCaughtUp(long offset, Duration max) {
    eventsRecorded(); // every sink to work at once, not each only when the previous one has caught up
    boolean all = true;
    for (SinkWorker worker : workers) {
      all &= worker.awaitCaughtUp(offset, max);
    }
    return all;
  }

  /** Writes what was recorded before (each sink's stream and queue), stops the threads and closes the sinks. */
  @Override
  public void close() {
    for (SinkWorker worker : workers) {
      worker.drainAndStop();
    }
    for (AuditSink sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        log.warn("audit sink {} failed to close: {}", sink, e.toString());
      }
    }
  }
}
