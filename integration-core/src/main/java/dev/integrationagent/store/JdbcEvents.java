package dev.integrationagent.store;

import static dev.integrationagent.store.JdbcStateStore.bind;
import static dev.integrationagent.store.JdbcStateStore.instant;
import static dev.integrationagent.store.JdbcStateStore.json;
import static dev.integrationagent.store.JdbcStateStore.jsonOrNull;
import static dev.integrationagent.store.JdbcStateStore.nanos;
import static dev.integrationagent.store.JdbcStateStore.parse;
import static dev.integrationagent.store.JdbcStateStore.parseOrNull;
import static dev.integrationagent.store.JdbcStateStore.query;
import static dev.integrationagent.store.JdbcStateStore.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.FieldChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of the event stream, consumer positions and watch snapshots, for {@link JdbcStateStore},
 * which supplies the connection (and with it the transaction).
 *
 * <p>Why offsets come from a one-row counter ({@code ia_event_counter}) and not from a sequence
 * or an identity column: a sequence hands out numbers when a transaction asks, not when it
 * commits. Two transactions taking 6 and 7 may commit as 7 then 6, and a consumer that read 7
 * and saved its position would never read 6. An append instead runs
 * {@code UPDATE ia_event_counter SET last_offset = last_offset + n} in the appending transaction;
 * PostgreSQL and H2 keep that row locked until the transaction ends, so a second appender, in
 * this process or another, waits until the first has committed (and its events are visible) or
 * rolled back (and its offsets are free again). Offsets therefore follow commit order, without
 * gaps. The price is that appends are serialized through one row, which is what an ordered
 * stream means anyway; transactions that append should be short. An append that waits longer
 * than the database's lock timeout fails as {@code TRANSIENT} (H2 waits 2 s by default,
 * {@code LOCK_TIMEOUT} in its URL; PostgreSQL waits unless {@code lock_timeout} is set). The
 * counter is never reset, so offsets keep growing when every event was pruned.
 *
 * <p>{@link #after} reads a range of the primary key; pruning deletes a prefix of it; the first
 * offset is the primary key's minimum, or the counter's next.
 */
final class JdbcEvents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String COLUMNS = "event_offset, id, event_type, at, origin, connection_id, plan_id, run_id,"
      + " item_id, snapshot, changes, causation, attributes";
  /** Ids looked up per query, naming duplicates: well below every database's limit of parameters. */
  private static final int ID_CHECK_CHUNK = 500;

  private JdbcEvents() {}

  /**
   * Call within a transaction: the counter's row lock must be held until the inserts commit.
   *
   * <p>Two statements: the counter's bump, then a batched insert. An id recorded already is found
   * by the insert itself (PostgreSQL skips the row, {@code ON CONFLICT (id) DO NOTHING}, so the
   * enclosing transaction is not left aborted; H2 refuses it with a unique violation and keeps the
   * transaction). The rows this call inserted and its bump of the counter are then taken back, and
   * the ids found are named. A check before the insert cost a third statement per append, and the
   * whole append as one data-modifying statement measured two to five times slower on PostgreSQL.
   */
  static List<ChangeEvent> append(Connection c, Dialect dialect, List<ChangeEvent> events) throws SQLException {
    requireDistinctIds(events);
    int n = events.size();
    long last = query(c, dialect.updateReturning("UPDATE ia_event_counter SET last_offset = last_offset + ? WHERE id = 1",
        "last_offset"), rs -> rs.getLong(1), (long) n).get(0);
    long first = last - n + 1;
    List<ChangeEvent> recorded = new ArrayList<>(n);
    boolean duplicate = false;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ia_events (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + (dialect == Dialect.POSTGRESQL ? " ON CONFLICT (id) DO NOTHING" : ""))) {
      for (int i = 0; i < n; i++) {
        ChangeEvent e = events.get(i).at(first + i);
        bind(ps, row(e));
        ps.addBatch();
        recorded.add(e);
      }
      int[] counts = ps.executeBatch();
      long inserted = 0;
      boolean known = true;
      for (int count : counts) {
        if (count == java.sql.Statement.SUCCESS_NO_INFO) {
          known = false;
        } else {
          inserted += count;
        }
      }
      if (!known) {
        inserted = query(c, "SELECT COUNT(*) FROM ia_events WHERE event_offset BETWEEN ? AND ?",
            rs -> rs.getLong(1), first, last).get(0);
      }
      duplicate = inserted != n;
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState()) && !(e.getNextException() != null
          && "23505".equals(e.getNextException().getSQLState()))) {
        throw e;
      }
      duplicate = true; // H2: a unique violation on the id
    }
    if (!duplicate) {
      return recorded;
    }
    update(c, "DELETE FROM ia_events WHERE event_offset BETWEEN ? AND ?", first, last);
    update(c, "UPDATE ia_event_counter SET last_offset = last_offset - ? WHERE id = 1", (long) n);
    throw new IllegalArgumentException("event id " + String.join(", ", recordedAlready(c, events))
        + " is already recorded; ids must be unique");
  }

  /** The ids of {@code events} the stream holds, each with its offset. */
  private static List<String> recordedAlready(Connection c, List<ChangeEvent> events) throws SQLException {
    List<String> all = events.stream().map(ChangeEvent::id).toList();
    List<String> found = new ArrayList<>();
    for (int from = 0; from < all.size(); from += ID_CHECK_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHECK_CHUNK));
      String marks = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
      found.addAll(query(c, "SELECT id, event_offset FROM ia_events WHERE id IN (" + marks + ") ORDER BY event_offset",
          rs -> "'" + rs.getString(1) + "' at offset " + rs.getLong(2), chunk.toArray()));
    }
    return found;
  }

  /** The values of an event's row, in the order of {@link #COLUMNS}. */
  private static Object[] row(ChangeEvent e) {
    return new Object[] {e.offset(), e.id(), e.type(), nanos(e.at()), e.origin().name(), e.connectionId(), e.planId(),
        e.runId(), e.itemId(), jsonOrNull(e.snapshot()), json(changes(e.changes())), json(causation(e.causation())),
        json(attributes(e.attributes()))};
  }

  private static void requireDistinctIds(List<ChangeEvent> events) {
    Set<String> ids = new HashSet<>();
    for (ChangeEvent e : events) {
      if (!ids.add(e.id())) {
        throw new IllegalArgumentException("event id '" + e.id() + "' appears twice in this batch; ids must be unique");
      }
    }
  }

  /** An indexed range read on the primary key. */
  static List<ChangeEvent> after(Connection c, long afterOffset, int limit) throws SQLException {
    return query(c, "SELECT " + COLUMNS + " FROM ia_events WHERE event_offset > ? ORDER BY event_offset LIMIT ?",
        JdbcEvents::event, afterOffset, limit);
  }

  /** One statement, so that the oldest kept and the counter are read from one snapshot. */
  static long first(Connection c) throws SQLException {
    return query(c, "SELECT COALESCE((SELECT MIN(event_offset) FROM ia_events), k.last_offset + 1)"
        + " FROM ia_event_counter k WHERE k.id = 1", rs -> rs.getLong(1)).get(0);
  }

  static long last(Connection c) throws SQLException {
    return query(c, "SELECT last_offset FROM ia_event_counter WHERE id = 1", rs -> rs.getLong(1)).get(0);
  }

  /**
   * Deletes the oldest events, in offset order, up to the first one recorded at or after
   * {@code before}: the stream loses a prefix and never a hole, so a consumer that fell behind is
   * told by {@link #first} (its position below the first offset) and never skips an event in the
   * middle. The first event kept is found along the primary key, reading what goes and one more.
   */
  static int prune(Connection c, Instant before) throws SQLException {
    List<Long> kept = query(c, "SELECT event_offset FROM ia_events WHERE at >= ? ORDER BY event_offset LIMIT 1",
        rs -> rs.getLong(1), nanos(before));
    if (kept.isEmpty()) {
      return update(c, "DELETE FROM ia_events");
    }
    return update(c, "DELETE FROM ia_events WHERE event_offset < ?", kept.get(0));
  }

  static OptionalLong consumerOffset(Connection c, String consumer) throws SQLException {
    List<Long> found = query(c, "SELECT event_offset FROM ia_consumer_offsets WHERE consumer = ?",
        rs -> rs.getLong(1), consumer);
    return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
  }

  static int saveConsumerOffset(Connection c, Dialect dialect, String consumer, long offset) throws SQLException {
    return update(c, dialect.upsert("ia_consumer_offsets", List.of("consumer"), List.of("consumer", "event_offset")),
        consumer, offset);
  }

  static Optional<JsonNode> watchSnapshot(Connection c, String watchId, String itemId) throws SQLException {
    List<JsonNode> found = query(c, "SELECT snapshot FROM ia_watch_snapshots WHERE watch_id = ? AND item_id = ?",
        rs -> parse(rs.getString(1)), watchId, itemId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  static int saveWatchSnapshot(Connection c, Dialect dialect, String watchId, String itemId, JsonNode snapshot)
      throws SQLException {
    return update(c, dialect.upsert("ia_watch_snapshots", List.of("watch_id", "item_id"),
        List.of("watch_id", "item_id", "snapshot")), watchId, itemId, json(snapshot));
  }

  static int deleteWatchSnapshot(Connection c, String watchId, String itemId) throws SQLException {
    return update(c, "DELETE FROM ia_watch_snapshots WHERE watch_id = ? AND item_id = ?", watchId, itemId);
  }

  private static ChangeEvent event(ResultSet rs) throws SQLException {
    return new ChangeEvent(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs.getLong(4)),
        ChangeEvent.Origin.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
        rs.getString(9), parseOrNull(rs.getString(10)), changes(parse(rs.getString(11))),
        causation(parse(rs.getString(12))), attributes(parse(rs.getString(13))));
  }

  /** {@code {"field": {"old": …, "new": …}}}; a JSON null stays a JSON null. */
  private static ObjectNode changes(Map<String, FieldChange> changes) {
    ObjectNode out = NODES.objectNode();
    changes.forEach((field, change) -> {
      ObjectNode values = out.putObject(field);
      values.set("old", change.oldValue());
      values.set("new", change.newValue());
    });
    return out;
  }

  private static Map<String, FieldChange> changes(JsonNode json) {
    Map<String, FieldChange> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      out.put(field.getKey(), new FieldChange(field.getValue().get("old"), field.getValue().get("new")));
    }
    return out;
  }

  private static ArrayNode causation(List<String> causation) {
    ArrayNode out = NODES.arrayNode();
    causation.forEach(out::add);
    return out;
  }

  private static List<String> causation(JsonNode json) {
    List<String> out = new ArrayList<>(json.size());
    json.forEach(id -> out.add(id.asText()));
    return Collections.unmodifiableList(out);
  }

  private static ObjectNode attributes(Map<String, String> attributes) {
    ObjectNode out = NODES.objectNode();
    attributes.forEach(out::put);
    return out;
  }

  private static Map<String, String> attributes(JsonNode json) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      out.put(field.getKey(), field.getValue().asText());
    }
    return out;
  }
}
