package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link HttpCallListener} that writes calls to an {@link AuditSink} as {@code http.call}
 * events. Events name the path template, never a URL, so nothing secret reaches the audit trail;
 * a call made during a sync pass names its plan and run ({@link RunScope}).
 *
 * <pre>{@code
 * HttpPipeline.builder(client).listener(HttpCallAudit.failuresTo(auditSink))...
 * }</pre>
 */
public final class HttpCallAudit implements HttpCallListener {
  private final AuditSink sink;
  private final boolean failuresOnly;

  private HttpCallAudit(AuditSink sink, boolean failuresOnly) {
    this.sink = sink;
    this.failuresOnly = failuresOnly;
  }

  /** Audits every attempt. */
  public static HttpCallAudit allTo(AuditSink sink) {
    return new HttpCallAudit(requireNonNull(sink, "sink"), false);
  }

  /** Audits failed attempts only. */
  public static HttpCallAudit failuresTo(AuditSink sink) {
    return new HttpCallAudit(requireNonNull(sink, "sink"), true);
  }

  @Override
  public void onCall(HttpCallEvent e) {
    if (failuresOnly && e.succeeded()) {
      return;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("method", e.method());
    attributes.put("path", e.pathTemplate());
    attributes.put("status", Integer.toString(e.status()));
    attributes.put("attempt", Integer.toString(e.attempt()));
    attributes.put("durationMs", Long.toString(e.duration().toMillis()));
    attributes.put("cacheHit", Boolean.toString(e.cacheHit()));
    if (e.category() != null) {
      attributes.put("category", e.category().name());
    }
    String message = e.method() + " " + e.pathTemplate() + " -> " + e.status()
        + (e.category() == null ? "" : " (" + e.category() + ")") + ", attempt " + e.attempt();
    sink.record(new AuditEvent(e.at(), "http.call",
        e.succeeded() ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
        e.runId(), e.planId(), e.connectionId(), null, message, attributes));
  }
}
