package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Keeps the audit trail in the table {@code ia_audit_records} of an H2 or PostgreSQL database (the
 * state store's, or any other), and reads it back by item, connection, time, actor and operation.
 * The table and its indexes are created on open where missing; see {@code docs/audit-events.md}.
 *
 * <pre>{@code
 * JdbcAuditSink audit = AuditSinks.jdbc(store);           // beside a JdbcStateStore
 * IntegrationAgent.builder().store(store).audit(audit)...
 * List<AuditEvent> trail = audit.query(AuditQuery.all().item("jira", "APP-3").operation("item.*"));
 * }</pre>
 *
 * <p><b>Delivery.</b> A record whose id is already stored is left as stored, and a duplicate never
 * fails the sink: the trail is delivered at least once, so the same record may come again after
 * a crash. By default each record is written before {@link #record} returns, because the agent's
 * trail moves its durable position past a record once the sinks took it: a buffered record
 * would be lost with the process. {@link #open(DataSource, int)} buffers up to a batch instead,
 * for hosts that prefer fewer round trips to that guarantee; {@link #flush()} and {@link #close()}
 * write what is buffered. Records a failed write left behind stay buffered (up to
 * {@value #MAX_PENDING}) and are written first the next time.
 *
 * <p>Thread-safe: records from several threads are written in the order the sink took them.
 * Reading ({@link #query}, {@link #count}) first writes what this sink holds, so it sees every
 * record given to it; it also works after {@link #close()} while the data source is open.
 */
public final class JdbcAuditSink implements AuditSink {
  /** The most records kept for writing while the database refuses them. */
  public static final int MAX_PENDING = 10_000;

  /** Records written in one transaction when many wait. */
  private static final int CHUNK = 500;

  private final DataSource dataSource;
  private final AuditTable table;
  private final String description;
  private final int batchSize;
  private final Object lock = new Object();
  private final List<AuditRow> pending = new ArrayList<>();
  private boolean closed;

  private JdbcAuditSink(DataSource dataSource, AuditTable table, String description, int batchSize) {
    this.dataSource = dataSource;
    this.table = table;
    this.description = description;
    this.batchSize = batchSize;
  }

  /** A sink that writes each record before {@link #record} returns; creates the table where missing. */
  public static JdbcAuditSink open(DataSource dataSource) {
    return open(dataSource, 1);
  }

  /**
   * A sink that writes once {@code batchSize} records are buffered, and on {@link #flush()} and
   * {@link #close()}; a crash loses what is buffered. Creates the table where missing.
   *
   * @param batchSize from 1 (write each record at once) to {@value #MAX_PENDING}
   */
  public static JdbcAuditSink open(DataSource dataSource, int batchSize) {
    requireNonNull(dataSource, "dataSource");
    if (batchSize < 1 || batchSize > MAX_PENDING) {
      throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_PENDING + " but was " + batchSize);
    }
    String where = "(data source)";
    try (Connection c = dataSource.getConnection()) {
      // parameters after ? or ; may hold a password: never print them
      where = c.getMetaData().getURL().split("[?;]", 2)[0];
      AuditTable table = AuditTable.of(c.getMetaData().getDatabaseProductName());
      table.create(c);
      return new JdbcAuditSink(dataSource, table, where, batchSize);
    } catch (SQLException e) {
      throw failure("create the audit table " + AuditTable.NAME + " in " + where, e);
    }
  }

  /**
   * Stores the record, or buffers it (see {@link #open(DataSource, int)}).
   *
   * @throws IllegalArgumentException when the table cannot hold it (an id of more than
   *     300 characters, a time past 2262); nothing is kept
   * @throws IntegrationException when the write failed; the record is kept for the next write
   *     unless {@value #MAX_PENDING} already wait, which the message says
   */
  @Override
  public void record(AuditEvent event) {
    AuditRow row = AuditRow.of(requireNonNull(event, "event"));
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the audit sink for " + description + " is closed");
      }
      if (pending.size() >= MAX_PENDING) {
        try {
          writePending();
        } catch (IntegrationException e) {
          throw new IntegrationException(e.category(), "audit record " + event.id() + " was not kept: "
              + pending.size() + " records already wait for " + description + " (" + e.getMessage() + ")", e);
        }
      }
      pending.add(row);
      if (pending.size() >= batchSize) {
        writePending();
      }
    }
  }

  /** Writes the batch, with whatever waits from before, in transactions of up to 500 records, before it returns. */
  @Override
  public void recordAll(List<AuditEvent> events) {
    List<AuditRow> rows = new java.util.ArrayList<>(events.size());
    for (AuditEvent event : events) {
      rows.add(AuditRow.of(requireNonNull(event, "event")));
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the audit sink for " + description + " is closed");
      }
      pending.addAll(rows);
      writePending();
    }
  }

  @Override
  public void flush() {
    synchronized (lock) {
      writePending();
    }
  }

  /** Writes what is buffered; recording afterwards is an error, closing again does nothing. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      writePending();
    }
  }

  /**
   * The records the query asks for, oldest first; of more than its limit, the newest. Records of
   * the same instant come in the order they were stored.
   */
  public List<AuditEvent> query(AuditQuery query) {
    AuditWhere where = AuditWhere.of(requireNonNull(query, "query"));
    flush();
    String sql = "SELECT record FROM " + AuditTable.NAME + where.sql() + " ORDER BY at DESC, seq DESC LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(where.bind(ps), query.limit());
      List<AuditEvent> newestFirst = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          newestFirst.add(AuditEventJson.read(rs.getString(1)));
        }
      }
      Collections.reverse(newestFirst);
      return newestFirst;
    } catch (SQLException e) {
      throw failure("query the audit records in " + description, e);
    }
  }

  /** How many records the query matches, its limit aside. */
  public long count(AuditQuery query) {
    AuditWhere where = AuditWhere.of(requireNonNull(query, "query"));
    flush();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + AuditTable.NAME + where.sql())) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("count the audit records in " + description, e);
    }
  }

  /** Deletes the records from before {@code before}, for retention; answers how many. */
  public int prune(Instant before) {
    long nanos = AuditRow.nanosClamped(requireNonNull(before, "before"));
    flush();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + AuditTable.NAME + " WHERE at < ?")) {
      ps.setLong(1, nanos);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("prune the audit records in " + description, e);
    }
  }

  @Override
  public String toString() {
    return "JdbcAuditSink[" + description + "]";
  }

  /** Writes the buffer in chunks, each in its own transaction; what failed stays buffered. */
  private void writePending() {
    while (!pending.isEmpty()) {
      List<AuditRow> chunk = pending.subList(0, Math.min(pending.size(), CHUNK));
      try {
        write(chunk);
      } catch (SQLException e) {
        throw failure("write " + chunk.size() + " audit records to " + description + " (" + pending.size()
            + " kept for the next write)", e);
      }
      chunk.clear();
    }
  }

  private void write(List<AuditRow> rows) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(table.insert())) {
        try {
          for (AuditRow row : rows) {
            row.bind(ps);
            ps.addBatch();
          }
          ps.executeBatch();
        } catch (SQLException e) {
          if (!AuditTable.duplicateKey(e)) {
            throw e;
          }
          c.rollback();
          insertSkippingDuplicates(ps, rows);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** H2's way to ON CONFLICT DO NOTHING: one insert at a time, a duplicate-key failure skipped. */
  private static void insertSkippingDuplicates(PreparedStatement ps, List<AuditRow> rows) throws SQLException {
    ps.clearBatch();
    for (AuditRow row : rows) {
      row.bind(ps);
      try {
        ps.executeUpdate();
      } catch (SQLException e) {
        if (!AuditTable.duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  private static IntegrationException failure(String what, SQLException e) {
    // as the state store: connection problems, deadlocks, serialization failures and lock
    // timeouts may pass; anything else is a bug or a broken schema
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    ErrorCategory category = state.startsWith("08") || state.startsWith("40") || state.equals("HYT00")
        || state.equals("55P03") ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT;
    return new IntegrationException(category, "could not " + what + ": " + e.getMessage(), e);
  }
}
