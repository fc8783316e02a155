package dev.integrationagent;

import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.audit.JsonLinesAuditSink;
import dev.integrationagent.audit.Slf4jAuditSink;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in audit sinks.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .audit(AuditSinks.jsonLines(Path.of("audit.jsonl")))
 *     .audit(AuditSinks.slf4j())
 * }</pre>
 */
public final class AuditSinks {
  private AuditSinks() {}

  /** Logs each event to the logger {@code dev.integrationagent.audit}. */
  public static AuditSink slf4j() {
    return slf4j(LoggerFactory.getLogger("dev.integrationagent.audit"));
  }

  /** Logs each event to the given logger. */
  public static AuditSink slf4j(Logger logger) {
    return new Slf4jAuditSink(logger);
  }

  /**
   * Appends each event as one hash-chained JSON line to the file, creating it and its folders;
   * never rotates. {@code AuditLogs.verify(file)} checks the chain.
   */
  public static AuditSink jsonLines(Path file) {
    return new JsonLinesAuditSink(file);
  }

  /**
   * A hash-chained JSON Lines sink to configure: rotation by size or by day, an HMAC key, a clock.
   *
   * <pre>{@code
   * AuditSinks.jsonLinesBuilder(Path.of("audit/audit.jsonl")).rotateDaily(ZoneOffset.UTC).hmacKey(key).build()
   * }</pre>
   */
  public static JsonLinesAuditSink.Builder jsonLinesBuilder(Path file) {
    return JsonLinesAuditSink.builder(file);
  }
}
