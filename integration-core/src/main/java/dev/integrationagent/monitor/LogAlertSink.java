package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.AlertSink;
import org.slf4j.Logger;

/** Logs alerts: CRITICAL at ERROR, WARNING at WARN, INFO at INFO. */
public final class LogAlertSink implements AlertSink {
  private final Logger logger;

  public LogAlertSink(Logger logger) {
    this.logger = requireNonNull(logger, "logger");
  }

  @Override
  public void send(Alert alert) {
    switch (alert.severity()) {
      case CRITICAL -> logger.error("[{}] {}: {} {}", alert.source(), alert.title(), alert.message(), alert.attributes());
      case WARNING -> logger.warn("[{}] {}: {} {}", alert.source(), alert.title(), alert.message(), alert.attributes());
      case INFO -> logger.info("[{}] {}: {} {}", alert.source(), alert.title(), alert.message(), alert.attributes());
    }
  }
}
