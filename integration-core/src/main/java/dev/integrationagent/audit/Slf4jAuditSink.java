package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import org.slf4j.Logger;

/**
 * Logs each event as one line: a readable sentence followed by the event's JSON, at INFO for
 * successes and WARN for failures. The JSON part can be parsed back with {@link AuditEventJson}.
 */
public final class Slf4jAuditSink implements AuditSink {
  private final Logger logger;

  public Slf4jAuditSink(Logger logger) {
    this.logger = requireNonNull(logger, "logger");
  }

  @Override
  public void record(AuditEvent event) {
    String json = AuditEventJson.write(event);
    if (event.outcome() == AuditEvent.Outcome.FAILURE) {
      logger.warn("{} {}", event.type(), json);
    } else {
      logger.info("{} {}", event.type(), json);
    }
  }

  @Override
  public String toString() {
    return "Slf4jAuditSink[" + logger.getName() + "]";
  }
}
