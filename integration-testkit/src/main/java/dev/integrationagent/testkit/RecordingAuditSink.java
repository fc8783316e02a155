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

  /** The records of that type that the agent's own doing left: origin AGENT, not a tool's change seen. */
  public synchronized List<AuditEvent> byAgent(String type) {
    return events.stream().filter(e -> e.type().equals(type) && "AGENT".equals(e.attributes().get("origin"))).toList();
  }

  public synchronized void clear() {
    events.clear();
  }
}
