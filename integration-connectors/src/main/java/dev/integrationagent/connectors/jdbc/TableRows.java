package dev.integrationagent.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ExternalItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/** The statements on the host table: rows as items, listings, inserts, updates, deletes. */
final class TableRows {
  private final String connectionId;
  private final Clock clock;

  TableRows(String connectionId, Clock clock) {
    this.connectionId = connectionId;
    this.clock = clock;
  }

  /** A binding of one statement parameter. */
  private interface Bind {
    void to(PreparedStatement ps, int index) throws SQLException;
  }

  // ---- rows as items -------------------------------------------------------------------------

  /** The row the result set is on, selected by {@link Shape#select()}. */
  ExternalItem item(ResultSet rs, Shape s) throws SQLException {
    List<Table.Column> columns = s.dataColumns();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < columns.size(); i++) {
      data.set(columns.get(i).key(), Values.read(rs, i + 1, columns.get(i)));
    }
    String id = rs.getString(columns.indexOf(s.id()) + 1);
    Instant stamp = s.stamp() == null ? null : Values.instant(rs, columns.indexOf(s.stamp()) + 1, s.stamp());
    String version;
    Instant updatedAt;
    if (s.tracking() == Tracking.CHANGE_TABLE) {
      long seq = rs.getLong(columns.size() + 1);
      version = rs.wasNull() ? "0" : Long.toString(seq);
      OffsetDateTime changed = rs.getObject(columns.size() + 2, OffsetDateTime.class);
      updatedAt = stamp != null ? stamp : changed != null ? changed.toInstant() : clock.instant();
    } else {
      JsonNode tracked = data.path(java.util.Objects.requireNonNull(s.track()).key());
      version = tracked.isNull() || tracked.isMissingNode() ? "0" : tracked.asText();
      updatedAt = stamp != null ? stamp : clock.instant();
    }
    return new ExternalItem(id, null, version, updatedAt, data, false);
  }

  Optional<ExternalItem> get(Connection c, Shape s, String id) throws SQLException {
    Optional<Object> key = Values.id(s.id(), id);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(s.select() + " WHERE r." + s.id().quoted() + " = ?")) {
      ps.setObject(1, key.get());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(item(rs, s)) : Optional.empty();
      }
    }
  }

  /** The row, locked until the transaction ends. */
  Optional<ExternalItem> lock(Connection c, Shape s, String id) throws SQLException {
    Optional<Object> key = Values.id(s.id(), id);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + s.id().quoted() + " FROM " + s.table().qualified()
        + " WHERE " + s.id().quoted() + " = ? FOR UPDATE")) {
      ps.setObject(1, key.get());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
      }
    }
    // read after the lock, in a statement of its own: it sees the last committed state
    return get(c, s, id);
  }

  Optional<ExternalItem> byMarker(Connection c, Shape s, String marker) throws SQLException {
    if (s.markerColumn() != null) {
      try (PreparedStatement ps = c.prepareStatement(s.select() + " WHERE r." + s.markerColumn().quoted()
          + " = ? ORDER BY r." + s.id().quoted())) {
        ps.setString(1, marker);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(item(rs, s)) : Optional.empty();
        }
      }
    }
    String id;
    try (PreparedStatement ps = c.prepareStatement("SELECT item_id FROM " + s.table().sibling(Installer.MARKERS)
        + " WHERE marker = ?")) {
      ps.setString(1, marker);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        id = rs.getString(1);
      }
    }
    return get(c, s, id);
  }

  // ---- listings ------------------------------------------------------------------------------

  ChangePage changesByKey(Connection c, Shape s, KeyCursor at, int pageSize) throws SQLException {
    Table.Column track = java.util.Objects.requireNonNull(s.track());
    String k = "r." + track.quoted();
    String id = "r." + s.id().quoted();
    String where = " WHERE " + k + " IS NOT NULL"
        + (at.position() == null ? "" : " AND (" + k + " > ? OR (" + k + " = ? AND " + id + " > ?))");
    List<ExternalItem> items = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(s.select() + where + " ORDER BY " + k + ", " + id + " LIMIT ?")) {
      int i = 1;
      if (at.position() != null) {
        Bind position = position(s, at.position());
        position.to(ps, i++);
        position.to(ps, i++);
        Object lastId = Values.id(s.id(), java.util.Objects.requireNonNull(at.id())).orElseThrow(() ->
            new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": the cursor's id '"
                + at.id() + "' is not a value of column '" + s.id().key() + "'", null));
        ps.setObject(i++, lastId);
      }
      ps.setInt(i, pageSize + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(item(rs, s));
        }
      }
    }
    boolean more = items.size() > pageSize;
    List<ExternalItem> page = more ? items.subList(0, pageSize) : items;
    if (page.isEmpty()) {
      return new ChangePage(List.of(), at.encode(), false);
    }
    ExternalItem last = page.get(page.size() - 1);
    return new ChangePage(page, new KeyCursor(last.version(), last.id()).encode(), more);
  }

  private Bind position(Shape s, String position) {
    Table.Column track = java.util.Objects.requireNonNull(s.track());
    try {
      if (s.tracking() == Tracking.UPDATED_AT) {
        Instant at = Instant.parse(position);
        return (ps, i) -> Values.bindInstant(ps, i, track, at);
      }
      long version = Long.parseLong(position);
      return (ps, i) -> ps.setLong(i, version);
    } catch (RuntimeException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": the cursor's position '"
          + position + "' is not a value of column '" + track.key() + "'", e);
    }
  }

  ChangePage changesFromLog(Connection c, Shape s, ChangeCursor at, int pageSize, Duration inFlightWait)
      throws SQLException {
    List<Long> gaps = at.gaps().keySet().stream().sorted().toList();
    String where = " WHERE seq > ?" + (gaps.isEmpty() ? ""
        : " OR seq IN (" + gaps.stream().map(g -> "?").collect(Collectors.joining(", ")) + ")");
    record Change(String id, long seq, @Nullable Long previous, String op, Instant at) {}
    List<Change> changes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT item_id, seq, prev_seq, op, changed_at FROM "
        + s.table().sibling(Installer.CHANGES) + where + " ORDER BY seq LIMIT ?")) {
      int i = 1;
      ps.setLong(i++, at.high());
      for (long gap : gaps) {
        ps.setLong(i++, gap);
      }
      ps.setInt(i, pageSize + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long previous = rs.getLong(3);
          Long prev = rs.wasNull() ? null : previous;
          OffsetDateTime changed = rs.getObject(5, OffsetDateTime.class);
          changes.add(new Change(rs.getString(1), rs.getLong(2), prev, rs.getString(4).trim(),
              changed == null ? clock.instant() : changed.toInstant()));
        }
      }
    }
    boolean more = changes.size() > pageSize;
    List<Change> page = more ? changes.subList(0, pageSize) : changes;
    Map<String, ExternalItem> current = rowsById(c, s, page.stream()
        .filter(ch -> !ch.op().equals("D")).map(Change::id).toList());
    List<ExternalItem> items = new ArrayList<>();
    for (Change change : page) {
      ExternalItem row = current.get(change.id());
      if (row != null) {
        items.add(row);
      } else {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put(s.id().key(), change.id());
        items.add(new ExternalItem(change.id(), null, Long.toString(change.seq()), change.at(), data, true));
      }
    }
    long last = page.stream().mapToLong(Change::seq).max().orElse(at.high());
    ChangeCursor next = at.after(page.stream().map(Change::seq).toList(),
        page.stream().map(Change::previous).filter(java.util.Objects::nonNull).toList(), last, clock.instant(),
        inFlightWait);
    return new ChangePage(items, next.encode(), more);
  }

  private Map<String, ExternalItem> rowsById(Connection c, Shape s, List<String> ids) throws SQLException {
    Map<String, ExternalItem> out = new HashMap<>();
    List<Object> keys = ids.stream().map(id -> Values.id(s.id(), id)).flatMap(Optional::stream).toList();
    if (keys.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(s.select() + " WHERE r." + s.id().quoted() + " IN ("
        + keys.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")")) {
      for (int i = 0; i < keys.size(); i++) {
        ps.setObject(i + 1, keys.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ExternalItem item = item(rs, s);
          out.put(item.id(), item);
        }
      }
    }
    return out;
  }

  // ---- writes --------------------------------------------------------------------------------

  /** The columns a write's fields name, with their values; VALIDATION for a field that is no column. */
  private Map<Table.Column, JsonNode> columnsOf(Shape s, JsonNode fields, boolean create) {
    if (!fields.isObject()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId
          + ": a row is written from a JSON object of its columns, not " + fields.getNodeType(), null);
    }
    Map<Table.Column, JsonNode> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      Table.Column column = s.table().columns.get(field.getKey().toLowerCase(Locale.ROOT));
      if (column == null) {
        throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": table '"
            + s.table().name + "' has no column '" + field.getKey() + "' (written by the mapping); its columns are "
            + s.table().columns.keySet(), null);
      }
      boolean id = column.equals(s.id());
      if (s.managed().contains(column.key()) && !(create && id && !field.getValue().isNull())) {
        continue; // set by the connector or the database: versions, stamps, markers, the id of a row
      }
      out.put(column, field.getValue());
    }
    return out;
  }

  ExternalItem insert(Connection c, Shape s, JsonNode fields, @Nullable String marker) throws SQLException {
    Map<Table.Column, JsonNode> values = columnsOf(s, fields, true);
    List<Table.Column> columns = new ArrayList<>(values.keySet());
    List<Bind> binds = new ArrayList<>();
    values.forEach((column, value) -> binds.add((ps, i) -> Values.bind(ps, i, column, value, connectionId)));
    if (s.stamp() != null) {
      Instant now = JdbcTableSession.stampAfter(clock.instant(), null);
      columns.add(s.stamp());
      binds.add((ps, i) -> Values.bindInstant(ps, i, s.stamp(), now));
    }
    if (s.markerColumn() != null && marker != null) {
      columns.add(s.markerColumn());
      binds.add((ps, i) -> ps.setString(i, marker));
    }
    String sql = "INSERT INTO " + s.table().qualified() + (columns.isEmpty() ? " DEFAULT VALUES"
        : " (" + columns.stream().map(Table.Column::quoted).collect(Collectors.joining(", ")) + ") VALUES ("
            + columns.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")");
    boolean idGiven = values.containsKey(s.id());
    String id;
    try (PreparedStatement ps = idGiven ? c.prepareStatement(sql) : c.prepareStatement(sql, new String[] {s.id().name()})) {
      for (int i = 0; i < binds.size(); i++) {
        binds.get(i).to(ps, i + 1);
      }
      ps.executeUpdate();
      if (idGiven) {
        id = values.get(s.id()).asText();
      } else {
        try (ResultSet keys = ps.getGeneratedKeys()) {
          if (!keys.next() || keys.getString(1) == null) {
            throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": the insert into '"
                + s.table().name + "' gave no " + s.id().key() + "; give the column a default (an identity) or map a"
                + " value to it", null);
          }
          id = keys.getString(1);
        }
      }
    }
    if (s.markerColumn() == null && marker != null) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s.table().sibling(Installer.MARKERS)
          + " (marker, item_id) VALUES (?, ?)")) {
        ps.setString(1, marker);
        ps.setString(2, id);
        ps.executeUpdate();
      }
    }
    String created = id;
    return get(c, s, id).orElseThrow(() -> new IntegrationException(ErrorCategory.PERMANENT, connectionId,
        connectionId + ": row " + created + " was inserted into '" + s.table().name + "' but cannot be read back", null));
  }

  ExternalItem update(Connection c, Shape s, ExternalItem current, JsonNode patch) throws SQLException {
    Map<Table.Column, JsonNode> values = columnsOf(s, patch, false);
    if (values.isEmpty()) {
      return current;
    }
    List<String> sets = new ArrayList<>();
    List<Bind> binds = new ArrayList<>();
    values.forEach((column, value) -> {
      sets.add(column.quoted() + " = ?");
      binds.add((ps, i) -> Values.bind(ps, i, column, value, connectionId));
    });
    if (s.stamp() != null) {
      Instant stamp = JdbcTableSession.stampAfter(clock.instant(), current.updatedAt());
      sets.add(s.stamp().quoted() + " = ?");
      binds.add((ps, i) -> Values.bindInstant(ps, i, s.stamp(), stamp));
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + s.table().qualified() + " SET "
        + String.join(", ", sets) + " WHERE " + s.id().quoted() + " = ?")) {
      for (int i = 0; i < binds.size(); i++) {
        binds.get(i).to(ps, i + 1);
      }
      ps.setObject(binds.size() + 1, Values.id(s.id(), current.id()).orElseThrow());
      ps.executeUpdate();
    }
    return get(c, s, current.id()).orElseThrow();
  }

  void delete(Connection c, Shape s, String id) throws SQLException {
    Optional<Object> key = Values.id(s.id(), id);
    if (key.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s.table().qualified() + " WHERE "
        + s.id().quoted() + " = ?")) {
      ps.setObject(1, key.get());
      ps.executeUpdate();
    }
    if (s.markerColumn() == null) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s.table().sibling(Installer.MARKERS)
          + " WHERE item_id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
    }
  }
}
