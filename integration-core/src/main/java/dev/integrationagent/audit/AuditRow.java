package dev.integrationagent.audit;

import dev.integrationagent.api.audit.AuditEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One record as the values of its row in {@link AuditTable}. Made, and checked, when the record
 * is given to the sink: a record the table cannot hold is refused then, on its own, instead of
 * failing the batch it would have been written with again and again.
 *
 * @param id the record's id, for messages
 * @param values the values of {@link AuditTable#COLUMNS}, in that order
 */
record AuditRow(String id, List<Object> values) {
  AuditRow {
    values = Collections.unmodifiableList(new ArrayList<>(values)); // holds nulls, so not List.copyOf
  }

  static AuditRow of(AuditEvent e) {
    List<Object> values = new ArrayList<>(AuditTable.COLUMNS.size());
    values.add(key(e, "id", e.id()));
    values.add(nanosOf(e));
    values.add(key(e, "operation", e.operation()));
    values.add(e.outcome().name());
    values.add(e.actor().kind().name());
    values.add(key(e, "actor id", e.actor().id()));
    values.add(key(e, "planId", e.planId()));
    values.add(key(e, "runId", e.runId()));
    values.add(key(e, "workflowId", e.workflowId()));
    values.add(key(e, "workflowRunId", e.workflowRunId()));
    values.add(key(e, "connectionId", e.connectionId()));
    values.add(key(e, "itemId", e.itemId()));
    values.add(key(e, "counterpartConnectionId", e.counterpartConnectionId()));
    values.add(key(e, "counterpartItemId", e.counterpartItemId()));
    values.add(e.errorCategory() == null ? null : e.errorCategory().name());
    values.add(key(e, "eventId", e.eventId()));
    values.add(AuditEventJson.write(e)); // JSON escapes control characters, so PostgreSQL takes any text
    return new AuditRow(e.id(), values);
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else if (v instanceof Long n) {
        ps.setLong(i + 1, n);
      } else {
        ps.setString(i + 1, (String) v);
      }
    }
  }

  /** Nanoseconds since the epoch, clamped: a query bound beyond 1677 or 2262 matches everything. */
  static long nanosClamped(Instant at) {
    try {
      return nanos(at);
    } catch (ArithmeticException e) {
      return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  private static long nanosOf(AuditEvent e) {
    try {
      return nanos(e.at());
    } catch (ArithmeticException x) {
      throw new IllegalArgumentException("audit record " + e.id() + " is at " + e.at()
          + ", outside the years 1677 to 2262 the audit table holds", x);
    }
  }

  private static @Nullable String key(AuditEvent e, String field, @Nullable String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > AuditTable.MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("audit record " + shortened(e.id()) + ": " + field + " '"
          + shortened(value) + "' has " + value.length() + " characters, more than the "
          + AuditTable.MAX_KEY_LENGTH + " the audit table holds");
    }
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException("audit record " + shortened(e.id()) + ": " + field
          + " holds a NUL character, which PostgreSQL text cannot store");
    }
    return value;
  }

  private static String shortened(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "…";
  }
}
