package dev.integrationagent;

import dev.integrationagent.api.alert.AlertSink;
import dev.integrationagent.monitor.LogAlertSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in alert sinks.
 *
 * <pre>{@code
 * IntegrationAgent.builder().alerts(AlertSinks.log())
 * }</pre>
 */
public final class AlertSinks {
  private AlertSinks() {}

  /** Logs alerts to the logger {@code dev.integrationagent.alerts}. */
  public static AlertSink log() {
    return log(LoggerFactory.getLogger("dev.integrationagent.alerts"));
  }

  public static AlertSink log(Logger logger) {
    return new LogAlertSink(logger);
  }
}
