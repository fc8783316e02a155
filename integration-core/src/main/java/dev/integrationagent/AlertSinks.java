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

  /**
   * Posts each alert as JSON to {@code url}, signed with HMAC-SHA256 under {@code secret} over
   * {@code timestamp + "." + body} ({@code X-Alert-Timestamp}, {@code X-Alert-Signature: sha256=…}).
   */
  public static AlertSink webhook(String url, String secret) {
    return new dev.integrationagent.monitor.WebhookAlertSink(url, secret, new okhttp3.OkHttpClient(),
        java.time.Clock.systemUTC());
  }
}
