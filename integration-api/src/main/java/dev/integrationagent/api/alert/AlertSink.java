package dev.integrationagent.api.alert;

/**
 * Where alerts go: the log, Slack, e-mail, the host's pager. Thread-safe.
 *
 * <pre>{@code
 * AlertSink pager = alert -> { if (alert.severity() == Severity.CRITICAL) pagerDuty.trigger(alert.title()); };
 * }</pre>
 */
@FunctionalInterface
public interface AlertSink {
  void send(Alert alert);
}
