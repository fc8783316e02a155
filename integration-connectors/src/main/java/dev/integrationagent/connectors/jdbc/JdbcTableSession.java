package dev.integrationagent.connectors.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a host table. Every call takes a connection from the host's DataSource and
 * gives it back; writes run in one transaction each. The table is looked up (and what the
 * connector keeps next to it installed, where configured) on first use, so that opening works
 * while the database is down.
 */
final class JdbcTableSession implements ConnectorSession {
  private static final Logger log = LoggerFactory.getLogger(JdbcTableSession.class);

  private final JdbcTableConnector.Config config;
  private final String connectionId;
  private final Clock clock;
  private volatile @Nullable Shape shape;
  private final TableRows rows;

  JdbcTableSession(JdbcTableConnector.Config config, ConnectorContext context) {
    this.config = config;
    this.connectionId = context.connectionId();
    this.clock = context.clock();
    this.rows = new TableRows(connectionId, clock);
  }

  @Override
  public Set<Capability> capabilities() {
    return config.capabilities();
  }

  /** Runs {@code work} on a connection; SQL failures become classified integration errors. */
  private <T> T withConnection(String what, SqlWork<T> work) {
    try (Connection c = config.dataSource().getConnection()) {
      return work.run(c, shape(c));
    } catch (SQLException e) {
      throw SqlErrors.classify(e, connectionId, config.table(), what);
    }
  }

  /** Runs {@code work} in one transaction, rolled back on any failure. */
  private <T> T inTransaction(String what, SqlWork<T> work) {
    return withConnection(what, (c, s) -> {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c, s);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    });
  }

  interface SqlWork<T> {
    T run(Connection c, Shape shape) throws SQLException;
  }

  private Shape shape(Connection c) throws SQLException {
    Shape known = shape;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (shape == null) {
        Shape resolved = config.resolve(c, connectionId);
        if (config.installOnOpen()) {
          Installer.install(c, resolved, connectionId);
        }
        shape = resolved;
      }
      return shape;
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    requireNonNull(cursor, "cursor");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
    }
    return withConnection("listing changes", (c, s) -> s.tracking() == Tracking.CHANGE_TABLE
        ? rows.changesFromLog(c, s, ChangeCursor.decode(cursor, connectionId), pageSize, config.inFlightWait())
        : rows.changesByKey(c, s, KeyCursor.decode(cursor, connectionId), pageSize));
  }

  @Override
  public Optional<ExternalItem> get(String id) {
    requireNonNull(id, "id");
    return withConnection("reading row " + id, (c, s) -> rows.get(c, s, id));
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    requireNonNull(marker, "marker");
    return withConnection("looking up sync marker " + marker, (c, s) -> rows.byMarker(c, s, marker));
  }

  // ---- writing -------------------------------------------------------------------------------

  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    requireNonNull(fields, "fields");
    try {
      return inTransaction("inserting a row", (c, s) -> {
        if (marker != null) {
          Optional<ExternalItem> existing = rows.byMarker(c, s, marker);
          if (existing.isPresent()) {
            log.info("{}: row {} already carries sync marker {}; not inserting again", connectionId,
                existing.get().id(), marker);
            return existing.get();
          }
        }
        return rows.insert(c, s, fields, marker);
      });
    } catch (IntegrationException e) {
      if (marker != null && (e.category() == ErrorCategory.TRANSIENT || e.category() == ErrorCategory.VALIDATION)) {
        // the commit may have happened although its answer was lost, or a concurrent create with
        // the same marker won the marker's key: the marker tells
        try {
          Optional<ExternalItem> found = findByMarker(marker);
          if (found.isPresent()) {
            log.info("{}: row {} carries the insert's marker (its answer was lost, or a concurrent insert made it)",
                connectionId, found.get().id());
            return found.get();
          }
        } catch (IntegrationException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
  }

  /**
   * Changes the patch's columns of the row, locked for the transaction: with an expected version,
   * the row's version must still be it, or the update fails with {@code CONFLICT} and changes
   * nothing. The answer is read in the same transaction, so it is exactly what was written.
   */
  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    requireNonNull(id, "id");
    requireNonNull(patch, "patch");
    return inTransaction("updating row " + id, (c, s) -> {
      ExternalItem current = rows.lock(c, s, id).orElseThrow(() -> new IntegrationException(ErrorCategory.NOT_FOUND,
          connectionId, connectionId + ": table '" + config.table() + "' has no row with " + s.id().key() + " = '" + id
              + "'", null));
      if (expectedVersion != null && !expectedVersion.equals(current.version())) {
        throw new IntegrationException(ErrorCategory.CONFLICT, connectionId, connectionId + ": row " + id
            + " of table '" + config.table() + "' is at version " + current.version() + ", but the update was based on "
            + expectedVersion + "; it changed since it was read, and nothing was written", null);
      }
      return rows.update(c, s, current, patch);
    });
  }

  @Override
  public void delete(String id) {
    requireNonNull(id, "id");
    if (!config.deletes()) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId, connectionId + ": deleting rows of table '"
          + config.table() + "' is not allowed; enable it with allowDeletes()", null);
    }
    inTransaction("deleting row " + id, (c, s) -> {
      rows.delete(c, s, id);
      return null;
    });
  }

  // ---- health --------------------------------------------------------------------------------

  @Override
  public ConnectorHealth health() {
    Instant start = clock.instant();
    try {
      String product = withConnection("checking health", (c, s) -> {
        try (PreparedStatement ps = c.prepareStatement(s.select() + " WHERE 1 = 0")) {
          ps.executeQuery().close();
          return c.getMetaData().getDatabaseProductName();
        }
      });
      Duration latency = Duration.between(start, clock.instant());
      return new ConnectorHealth(HealthStatus.UP, "", latency, Map.of("database", product, "table", config.table()));
    } catch (IntegrationException e) {
      return ConnectorHealth.down(e.getMessage(), Duration.between(start, clock.instant()));
    }
  }

  /** The time a write stamps: now, but after the row's last stamp, so that its version moves on. */
  static Instant stampAfter(Instant now, @Nullable Instant previous) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return previous != null && !at.isAfter(previous) ? previous.plus(1, ChronoUnit.MICROS) : at;
  }
}
