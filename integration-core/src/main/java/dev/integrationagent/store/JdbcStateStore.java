package dev.integrationagent.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Lease;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.http.Arguments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import javax.sql.DataSource;

/**
 * A state store in a relational database: the embedded H2 file store by default, PostgreSQL for
 * several agents sharing one database. The schema is created on first use and migrated by
 * version ({@code ia_schema_version}); every write is one statement or one transaction.
 *
 * <p>{@link #inTransaction(Supplier)} binds one connection, autocommit off, to the calling thread
 * for the length of the work: every method of this store that the thread calls meanwhile runs on
 * it, so their writes commit together at the end of the outermost call, or roll back when the work
 * throws. Other threads and processes see none of them before the commit (both databases read
 * committed data only). Event offsets follow commit order across processes: see
 * {@link JdbcEvents}.
 */
public final class JdbcStateStore implements StateStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String description;
  private final @Nullable AutoCloseable owned;
  private final boolean sharedAcrossProcesses;
  private final JdbcTransactions transactions;

  private JdbcStateStore(DataSource dataSource, Dialect dialect, String description,
      @Nullable AutoCloseable owned, boolean sharedAcrossProcesses) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
    this.owned = owned;
    this.sharedAcrossProcesses = sharedAcrossProcesses;
    this.transactions = new JdbcTransactions(dataSource, description);
  }

  /**
   * Opens a store on the data source, {@linkplain #sharedAcrossProcesses() shared across
   * processes}, and migrates its schema to the current version.
   *
   * @param description names the database in messages; empty to take the JDBC URL without its parameters
   * @param owned closed with the store (a pool the store created), or null
   */
  public static JdbcStateStore open(DataSource dataSource, String description, @Nullable AutoCloseable owned) {
    return open(dataSource, description, owned, true);
  }

  /**
   * Opens a store on the data source and migrates its schema to the current version.
   *
   * @param description names the database in messages; empty to take the JDBC URL without its parameters
   * @param owned closed with the store (a pool the store created), or null
   * @param sharedAcrossProcesses false only when the database itself keeps a second process out
   *     (an embedded H2 file, which H2 locks); see {@link StateStore#sharedAcrossProcesses()}
   */
  public static JdbcStateStore open(DataSource dataSource, String description, @Nullable AutoCloseable owned,
      boolean sharedAcrossProcesses) {
    requireNonNull(dataSource, "dataSource");
    Dialect dialect;
    String where = description;
    try (Connection c = dataSource.getConnection()) {
      dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
      if (where.isEmpty()) {
        // parameters after ? or ; may hold a password: never print them
        where = c.getMetaData().getURL().split("[?;]", 2)[0];
      }
    } catch (SQLException e) {
      throw failure("connect to the state store " + (where.isEmpty() ? "(data source)" : where), e);
    }
    JdbcStateStore store = new JdbcStateStore(dataSource, dialect, where, owned, sharedAcrossProcesses);
    store.migrate();
    return store;
  }

  /**
   * The database this store keeps its state in, for companions that keep their own tables beside
   * it ({@code AuditSinks.jdbc(store)}). Connections taken from it are not part of
   * {@link #inTransaction} work; a store opened by {@code StateStores.h2} closes it with the store.
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The schema version this store is at. */
  public int schemaVersion() {
    return inConnection("read the schema version", c -> currentVersion(c));
  }

  private void migrate() {
    List<List<String>> migrations = Migrations.all(dialect);
    atomically("migrate the schema", c -> {
      try (var st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS ia_schema_version (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)");
      }
      if (dialect == Dialect.POSTGRESQL) {
        // serializes migrations of agents starting together against one database
        try (var st = c.createStatement()) {
          st.execute("LOCK TABLE ia_schema_version IN EXCLUSIVE MODE");
        }
      }
      int current = currentVersion(c);
      if (current > migrations.size()) {
        throw new IntegrationException(ErrorCategory.CONFIGURATION, "the state store " + description
            + " has schema version " + current + ", newer than this library knows ("
            + migrations.size() + "); upgrade the library");
      }
      for (int v = current + 1; v <= migrations.size(); v++) {
        try (var st = c.createStatement()) {
          for (String sql : migrations.get(v - 1)) {
            st.execute(sql);
          }
        }
        update(c, "INSERT INTO ia_schema_version (version, applied_at) VALUES (?, ?)", v,
            nanos(Instant.now()));
      }
      return null;
    });
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM ia_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  // transactions

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return transactions.run(requireNonNull(work, "work"));
  }

  // the event stream

  @Override
  public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
    List<ChangeEvent> given = List.copyOf(events);
    if (given.isEmpty()) {
      return List.of();
    }
    return atomically("append " + given.size() + " events", c -> JdbcEvents.append(c, dialect, given));
  }

  @Override
  public List<ChangeEvent> events(long afterOffset, int limit) {
    Arguments.atLeast("limit", limit, 0);
    return inConnection("read events", c -> JdbcEvents.after(c, afterOffset, limit));
  }

  @Override
  public long firstEventOffset() {
    return inConnection("read the first event offset", JdbcEvents::first);
  }

  @Override
  public long lastEventOffset() {
    return inConnection("read the last event offset", JdbcEvents::last);
  }

  @Override
  public int pruneEvents(Instant before) {
    requireNonNull(before, "before");
    return inConnection("prune events", c -> JdbcEvents.prune(c, before));
  }

  @Override
  public OptionalLong consumerOffset(String consumer) {
    requireNonNull(consumer, "consumer");
    return inConnection("read the offset of consumer " + consumer, c -> JdbcEvents.consumerOffset(c, consumer));
  }

  @Override
  public void saveConsumerOffset(String consumer, long offset) {
    requireNonNull(consumer, "consumer");
    Offsets.checkConsumerOffset(consumer, offset);
    inConnection("save the offset of consumer " + consumer,
        c -> JdbcEvents.saveConsumerOffset(c, dialect, consumer, offset));
  }

  // watch snapshots

  @Override
  public Optional<JsonNode> watchSnapshot(String watchId, String itemId) {
    return inConnection("read a watch snapshot", c -> JdbcEvents.watchSnapshot(c, watchId, itemId));
  }

  @Override
  public void saveWatchSnapshot(String watchId, String itemId, JsonNode snapshot) {
    requireNonNull(snapshot, "snapshot");
    inConnection("save a watch snapshot",
        c -> JdbcEvents.saveWatchSnapshot(c, dialect, watchId, itemId, snapshot));
  }

  @Override
  public void deleteWatchSnapshot(String watchId, String itemId) {
    inConnection("delete a watch snapshot", c -> JdbcEvents.deleteWatchSnapshot(c, watchId, itemId));
  }

  // links

  @Override
  public Optional<Link> link(String planId, Side side, String itemId) {
    String column = side == Side.A ? "a_id" : "b_id";
    return inConnection("read a link", c -> first(query(c,
        "SELECT plan_id, a_id, b_id, base, a_seen, b_seen, synced_at FROM ia_links WHERE plan_id = ? AND "
            + column + " = ?", JdbcStateStore::link, planId, itemId)));
  }

  @Override
  public List<Link> links(String planId) {
    return inConnection("list links", c -> query(c,
        "SELECT plan_id, a_id, b_id, base, a_seen, b_seen, synced_at FROM ia_links WHERE plan_id = ? ORDER BY a_id",
        JdbcStateStore::link, planId));
  }

  @Override
  public void saveLink(Link link) {
    atomically("save a link", c -> {
      List<Link> other = query(c, "SELECT plan_id, a_id, b_id, base, a_seen, b_seen, synced_at FROM ia_links"
          + " WHERE plan_id = ? AND b_id = ? AND a_id <> ?", JdbcStateStore::link, link.planId(), link.bId(), link.aId());
      if (!other.isEmpty()) {
        throw new IllegalStateException("plan " + link.planId() + ": B item " + link.bId()
            + " is already linked to A item " + other.get(0).aId());
      }
      update(c, dialect.upsert("ia_links", List.of("plan_id", "a_id"),
              List.of("plan_id", "a_id", "b_id", "base", "a_seen", "b_seen", "synced_at")),
          link.planId(), link.aId(), link.bId(), json(link.base()), json(link.aSeen()),
          json(link.bSeen()), nanos(link.syncedAt()));
      return null;
    });
  }

  @Override
  public void deleteLink(String planId, String aId) {
    inConnection("delete a link", c -> update(c, "DELETE FROM ia_links WHERE plan_id = ? AND a_id = ?", planId, aId));
  }

  private static Link link(ResultSet rs) throws SQLException {
    return new Link(rs.getString(1), rs.getString(2), rs.getString(3), parse(rs.getString(4)),
        parse(rs.getString(5)), parse(rs.getString(6)), instant(rs.getLong(7)));
  }

  // cursors

  @Override
  public Optional<Cursor> cursor(String planId, String connectionId) {
    return inConnection("read a cursor", c -> first(query(c,
        "SELECT cursor_value FROM ia_cursors WHERE plan_id = ? AND connection_id = ?",
        rs -> new Cursor(rs.getString(1)), planId, connectionId)));
  }

  @Override
  public void saveCursor(String planId, String connectionId, Cursor cursor) {
    inConnection("save a cursor", c -> update(c, dialect.upsert("ia_cursors", List.of("plan_id", "connection_id"),
        List.of("plan_id", "connection_id", "cursor_value")), planId, connectionId, cursor.value()));
  }

  // history

  @Override
  public void appendHistory(List<HistoryEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    atomically("append history", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ia_history (plan_id, a_id, run_id, from_side,"
          + " field, old_value, new_value, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (HistoryEntry h : entries) {
          bind(ps, h.planId(), h.aId(), h.runId(), h.from().name(), h.field(), jsonOrNull(h.oldValue()),
              jsonOrNull(h.newValue()), nanos(h.at()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public List<HistoryEntry> history(String planId, String aId) {
    return inConnection("read history", c -> query(c, "SELECT plan_id, a_id, run_id, from_side, field, old_value,"
            + " new_value, at FROM ia_history WHERE plan_id = ? AND a_id = ? ORDER BY seq",
        rs -> new HistoryEntry(rs.getString(1), rs.getString(2), rs.getString(3), Side.valueOf(rs.getString(4)),
            rs.getString(5), parseOrNull(rs.getString(6)), parseOrNull(rs.getString(7)), instant(rs.getLong(8))),
        planId, aId));
  }

  // conflicts

  @Override
  public void saveConflict(ConflictRecord r) {
    inConnection("save a conflict", c -> update(c, dialect.upsert("ia_conflicts", List.of("id"),
            List.of("id", "plan_id", "a_id", "b_id", "field", "base", "a_value", "b_value", "created_at")),
        r.id(), r.planId(), r.aId(), r.bId(), r.field(), jsonOrNull(r.base()), json(r.aValue()),
        json(r.bValue()), nanos(r.createdAt())));
  }

  @Override
  public List<ConflictRecord> conflicts(String planId) {
    return inConnection("list conflicts", c -> query(c, "SELECT id, plan_id, a_id, b_id, field, base, a_value,"
            + " b_value, created_at FROM ia_conflicts WHERE plan_id = ? ORDER BY created_at, id",
        rs -> new ConflictRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), parseOrNull(rs.getString(6)), parse(rs.getString(7)), parse(rs.getString(8)),
            instant(rs.getLong(9))), planId));
  }

  @Override
  public void deleteConflict(String id) {
    inConnection("delete a conflict", c -> update(c, "DELETE FROM ia_conflicts WHERE id = ?", id));
  }

  // parked items

  @Override
  public void park(ParkedItem p) {
    inConnection("park an item", c -> update(c, dialect.upsert("ia_parked",
            List.of("plan_id", "connection_id", "item_id"),
            List.of("plan_id", "connection_id", "item_id", "category", "message", "attempts", "parked_at",
                "retry_at")),
        p.planId(), p.connectionId(), p.itemId(), p.category().name(), p.message(), p.attempts(),
        nanos(p.parkedAt()), p.retryAt() == null ? null : nanos(p.retryAt())));
  }

  @Override
  public List<ParkedItem> parked(String planId) {
    return inConnection("list parked items", c -> query(c, "SELECT plan_id, connection_id, item_id, category,"
            + " message, attempts, parked_at, retry_at FROM ia_parked WHERE plan_id = ? ORDER BY parked_at, item_id",
        rs -> {
          long retryAt = rs.getLong(8);
          Instant retry = rs.wasNull() ? null : instant(retryAt);
          return new ParkedItem(rs.getString(1), rs.getString(2), rs.getString(3),
              ErrorCategory.valueOf(rs.getString(4)), rs.getString(5), rs.getInt(6), instant(rs.getLong(7)), retry);
        }, planId));
  }

  @Override
  public void unpark(String planId, String connectionId, String itemId) {
    inConnection("unpark an item", c -> update(c,
        "DELETE FROM ia_parked WHERE plan_id = ? AND connection_id = ? AND item_id = ?", planId, connectionId, itemId));
  }

  // intents

  @Override
  public void recordIntent(CreateIntent i) {
    inConnection("record a create intent", c -> update(c, dialect.upsert("ia_intents", List.of("plan_id", "marker"),
            List.of("plan_id", "marker", "source_connection", "source_item", "target_connection", "created_at")),
        i.planId(), i.marker(), i.sourceConnectionId(), i.sourceItemId(), i.targetConnectionId(),
        nanos(i.createdAt())));
  }

  @Override
  public void completeIntent(String planId, String marker) {
    inConnection("complete a create intent", c -> update(c,
        "DELETE FROM ia_intents WHERE plan_id = ? AND marker = ?", planId, marker));
  }

  @Override
  public List<CreateIntent> pendingIntents(String planId) {
    return inConnection("list create intents", c -> query(c, "SELECT plan_id, marker, source_connection,"
            + " source_item, target_connection, created_at FROM ia_intents WHERE plan_id = ? ORDER BY created_at, marker",
        rs -> new CreateIntent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), instant(rs.getLong(6))), planId));
  }

  // leases

  @Override
  public Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
    Leases.checkTtl(ttl);
    Lease lease = new Lease(name, owner, now.plus(ttl));
    return inConnection("claim lease " + name, c -> {
      // One statement takes a free, expired or own lease; a concurrent insert loses on the key.
      int updated = update(c, "UPDATE ia_leases SET owner = ?, expires_at = ? WHERE name = ?"
          + " AND (owner = ? OR expires_at <= ?)", owner, nanos(lease.expiresAt()), name, owner, nanos(now));
      if (updated == 1) {
        return Optional.of(lease);
      }
      if (dialect == Dialect.POSTGRESQL) {
        // no failing insert on PostgreSQL: it would abort a transaction this call is part of
        int inserted = update(c, "INSERT INTO ia_leases (name, owner, expires_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (name) DO NOTHING", name, owner, nanos(lease.expiresAt()));
        return inserted == 1 ? Optional.of(lease) : Optional.<Lease>empty();
      }
      try { // H2 undoes just the failed statement
        update(c, "INSERT INTO ia_leases (name, owner, expires_at) VALUES (?, ?, ?)", name, owner,
            nanos(lease.expiresAt()));
        return Optional.of(lease);
      } catch (SQLException e) {
        if ("23505".equals(e.getSQLState())) { // unique violation: another owner got there first
          return Optional.<Lease>empty();
        }
        throw e;
      }
    });
  }

  @Override
  public Optional<Lease> lease(String name, Instant now) {
    return inConnection("read lease " + name, c -> query(c, "SELECT owner, expires_at FROM ia_leases WHERE name = ?"
        + " AND expires_at > ?", rs -> new Lease(name, rs.getString(1), instant(rs.getLong(2))), name, nanos(now))
        .stream().findFirst());
  }

  @Override
  public void releaseLease(String name, String owner) {
    inConnection("release lease " + name, c -> update(c, "DELETE FROM ia_leases WHERE name = ? AND owner = ?", name, owner));
  }

  @Override
  public boolean sharedAcrossProcesses() {
    return sharedAcrossProcesses;
  }

  // workflow executions

  @Override
  public void saveExecution(WorkflowExecution e) {
    inConnection("save a workflow execution", c -> update(c, dialect.upsert("ia_executions", List.of("id"),
            List.of("id", "workflow_id", "state", "step", "context", "next_run_at", "updated_at")),
        e.id(), e.workflowId(), e.state().name(), e.step(), json(e.context()),
        e.nextRunAt() == null ? null : nanos(e.nextRunAt()), nanos(e.updatedAt())));
  }

  @Override
  public Optional<WorkflowExecution> execution(String id) {
    return inConnection("read a workflow execution", c -> first(query(c,
        "SELECT id, workflow_id, state, step, context, next_run_at, updated_at FROM ia_executions WHERE id = ?",
        JdbcStateStore::execution, id)));
  }

  @Override
  public List<WorkflowExecution> dueExecutions(Instant now, int limit) {
    return inConnection("list due workflow executions", c -> query(c,
        "SELECT id, workflow_id, state, step, context, next_run_at, updated_at FROM ia_executions"
            + " WHERE state IN ('WAITING', 'RUNNING') AND next_run_at <= ? ORDER BY next_run_at, id LIMIT "
            + Math.max(0, limit), JdbcStateStore::execution, nanos(now)));
  }

  @Override
  public List<WorkflowExecution> executions(@Nullable String workflowId, int limit) {
    String where = workflowId == null ? "" : " WHERE workflow_id = ?";
    Object[] params = workflowId == null ? new Object[0] : new Object[] {workflowId};
    return inConnection("list workflow executions", c -> query(c,
        "SELECT id, workflow_id, state, step, context, next_run_at, updated_at FROM ia_executions" + where
            + " ORDER BY updated_at DESC, id LIMIT " + Math.max(0, limit), JdbcStateStore::execution, params));
  }

  private static WorkflowExecution execution(ResultSet rs) throws SQLException {
    long next = rs.getLong(6);
    Instant nextRunAt = rs.wasNull() ? null : instant(next);
    return new WorkflowExecution(rs.getString(1), rs.getString(2),
        WorkflowExecution.State.valueOf(rs.getString(3)), rs.getInt(4), parse(rs.getString(5)), nextRunAt,
        instant(rs.getLong(7)));
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IntegrationException(ErrorCategory.TRANSIENT, "closing the state store " + description + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcStateStore[" + description + ", " + dialect + "]";
  }

  // plumbing

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs the work on a connection of its own in autocommit, or in the transaction open on this thread. */
  private <T> T inConnection(String what, Work<T> work) {
    JdbcTransactions.Bound open = transactions.current();
    if (open != null) {
      return open.run(what + " in " + description, work);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what + " in " + description, e);
    }
  }

  /** Runs the work in one transaction: its own, or the one open on this thread. */
  private <T> T atomically(String what, Work<T> work) {
    JdbcTransactions.Bound open = transactions.current();
    if (open != null) {
      return open.run(what + " in " + description, work);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what + " in " + description, e);
    }
  }

  static IntegrationException failure(String what, SQLException e) {
    // connection problems, deadlocks, serialization failures and lock timeouts (H2's HYT00,
    // PostgreSQL's 55P03) may pass; anything else is a bug or a broken schema
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    ErrorCategory category = state.startsWith("08") || state.startsWith("40") || state.equals("HYT00")
        || state.equals("55P03") ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT;
    return new IntegrationException(category, "could not " + what + ": " + e.getMessage(), e);
  }

  static int update(Connection c, String sql, @Nullable Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.map(rs));
        }
        return out;
      }
    }
  }

  static void bind(PreparedStatement ps, @Nullable Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.NULL); // untyped, so that it fits text and number columns alike
      } else if (p instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (p instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, p.toString());
      }
    }
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  static @Nullable String jsonOrNull(@Nullable JsonNode node) {
    return node == null ? null : json(node);
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IntegrationException(ErrorCategory.PERMANENT, "the state store holds malformed JSON", e);
    }
  }

  static @Nullable JsonNode parseOrNull(@Nullable String text) {
    return text == null ? null : parse(text);
  }
}
