package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.audit.JdbcAuditSink;
import dev.integrationagent.audit.JsonLinesAuditSink;
import dev.integrationagent.audit.Slf4jAuditSink;
import dev.integrationagent.store.JdbcStateStore;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in audit sinks.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .audit(AuditSinks.jsonLines(Path.of("audit.jsonl")))
 *     .audit(AuditSinks.slf4j())
 *     .audit(AuditSinks.jdbc(store))      // queryable: AuditSinks.jdbc(store).query(AuditQuery.all()...)
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
   * Writes each event as a row of {@code ia_audit_records} in the database behind the data source
   * (H2 or PostgreSQL), creating the table where missing; the returned sink also reads them back
   * ({@link JdbcAuditSink#query}). The data source stays the host's.
   */
  public static JdbcAuditSink jdbc(DataSource dataSource) {
    return JdbcAuditSink.open(requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Like {@link #jdbc(DataSource)}, in the database of a store made by {@link StateStores#h2} or
   * {@link StateStores#jdbc}. Close the sink before the store: an H2 file store closes its
   * database with it.
   *
   * @throws ConfigurationException when the store keeps its state elsewhere (in memory)
   */
  public static JdbcAuditSink jdbc(StateStore store) {
    requireNonNull(store, "store");
    if (store instanceof JdbcStateStore jdbc) {
      return JdbcAuditSink.open(jdbc.dataSource());
    }
    throw new ConfigurationException("cannot configure the JDBC audit sink", List.of("audit.jdbc: the state store "
        + store + " is not a JDBC store (StateStores.h2 or StateStores.jdbc); pass a DataSource to"
        + " AuditSinks.jdbc(dataSource) or choose another sink"));
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
