package dev.integrationagent.audit;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each event to every sink. A failing sink is logged and skipped so that one broken
 * destination never stops a sync or starves the other sinks.
 */
public final class AuditTrail implements AutoCloseable {
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
