package dev.integrationagent;

import dev.integrationagent.api.alert.AlertSink;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;

/** The host's audit and alert sinks, each receiving only events with the agent's secrets hidden. */
final class RedactingSinks {
  private RedactingSinks() {}

  static AuditSink audit(AuditSink sink, Redaction redaction) {
    return new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        sink.record(redaction.event(event));
      }

      @Override
      public void recordAll(java.util.List<AuditEvent> events) {
        sink.recordAll(events.stream().map(redaction::event).toList());
      }

      @Override
      public void flush() {
        sink.flush();
      }

      @Override
      public void close() {
        sink.close();
      }

      @Override
      public String toString() {
        return sink.toString();
      }
    };
  }

  static AlertSink alerts(AlertSink sink, Redaction redaction) {
    return new AlertSink() {
      @Override
      public void send(dev.integrationagent.api.alert.Alert alert) {
        sink.send(redaction.alert(alert));
      }

      @Override
      public String toString() {
        return sink.toString();
      }
    };
  }
}
