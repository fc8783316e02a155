package dev.integrationagent.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditQuery}'s conditions as a WHERE clause over {@link AuditTable}, with the values to
 * bind: the same records {@link AuditQuery#matches} accepts, each condition on an indexed column.
 *
 * @param sql empty, or {@code " WHERE ..."}
 * @param params strings and longs, in the order of their marks
 */
record AuditWhere(String sql, List<Object> params) {
  AuditWhere {
    params = List.copyOf(params);
  }

  static AuditWhere of(AuditQuery q) {
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (q.connectionId() != null) {
      if (q.itemId() == null) {
        conditions.add("(connection_id = ? OR counterpart_connection_id = ?)");
        params.add(q.connectionId());
        params.add(q.connectionId());
      } else {
        conditions.add("((connection_id = ? AND item_id = ?) OR (counterpart_connection_id = ? AND counterpart_item_id = ?))");
        params.add(q.connectionId());
        params.add(q.itemId());
        params.add(q.connectionId());
        params.add(q.itemId());
      }
    }
    if (q.from() != null) {
      conditions.add("at >= ?");
      params.add(AuditRow.nanosClamped(q.from()));
    }
    if (q.until() != null) {
      conditions.add("at < ?");
      params.add(AuditRow.nanosClamped(q.until()));
    }
    if (q.actorKind() != null) {
      conditions.add("actor_kind = ?");
      params.add(q.actorKind().name());
      if (q.actorId() != null) {
        conditions.add("actor_id = ?");
        params.add(q.actorId());
      }
    }
    String operation = q.operation();
    if (operation != null) {
      if (operation.endsWith(".*")) {
        conditions.add("operation LIKE ? ESCAPE '\\'");
        params.add(likeEscaped(operation.substring(0, operation.length() - 1)) + "%");
      } else {
        conditions.add("operation = ?");
        params.add(operation);
      }
    }
    return new AuditWhere(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
  }

  /** Binds the parameters from mark 1; answers the next free mark. */
  int bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (Object p : params) {
      if (p instanceof Long n) {
        ps.setLong(i++, n);
      } else {
        ps.setString(i++, (String) p);
      }
    }
    return i;
  }

  /** A prefix with LIKE's wildcards taken literally ({@code my_op.*} is not {@code myXop.}). */
  private static String likeEscaped(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
