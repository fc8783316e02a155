package dev.integrationagent.testkit;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every audit event in memory for assertions.
 *
 * <pre>{@code
 * RecordingAuditSink audit = new RecordingAuditSink();
 * ...builder().audit(audit)...
 * assertThat(audit.ofType("item.created")).hasSize(3);
 * }</pre>
 */
public final class RecordingAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void record(AuditEvent event) {
    events.add(event);
  }

  /** Every event so far, oldest first. */
  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<AuditEvent> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  public synchronized void clear() {
    events.clear();
  }
}
