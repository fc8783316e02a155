package dev.integrationagent.audit;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each audit record to every sink. A failing sink is logged and skipped so that one
 * broken destination never stops a sync or starves the other sinks.
 *
 * <p>The agent subscribes it to its event stream (as the subscription {@code audit}): every
 * event recorded, in the same store transaction as the state it reports, becomes one record
 * ({@link AuditRecords}), delivered at least once in offset order from the trail's durable
 * position, so that a record lost with a crashed process is delivered after the restart. A
 * record delivered twice carries the same {@code eventId} attribute.
 */
public final class AuditTrail implements AutoCloseable, EventHandler {
  private final Logger log;
  private final List<AuditSink> sinks;

  public AuditTrail(List<AuditSink> sinks) {
    this(sinks, LoggerFactory.getLogger(AuditTrail.class));
  }

  /** A trail that logs the failures of its sinks to {@code log}. */
  public AuditTrail(List<AuditSink> sinks, Logger log) {
    this.sinks = List.copyOf(sinks);
    this.log = java.util.Objects.requireNonNull(log, "log");
  }

  /** Records the audit record of a stream event. */
  @Override
  public void handle(ChangeEvent event) {
    record(AuditRecords.of(event));
  }

  /** Records an audit record made outside the stream (an HTTP call's). */
  public void record(AuditEvent event) {
    for (AuditSink sink : sinks) {
      try {
        sink.record(event);
      } catch (RuntimeException e) {
        log.warn("audit sink {} failed to record {}: {}", sink, event.type(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    for (AuditSink sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        log.warn("audit sink {} failed to close: {}", sink, e.toString());
      }
    }
  }
}
