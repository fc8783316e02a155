package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The objects the connector keeps next to a host table, created idempotently: the sync-marker
 * table (unless markers live in a column of the table), the change table with its sequence and
 * trigger ({@link Tracking#CHANGE_TABLE}), or the version trigger ({@link Tracking#VERSION}).
 * Existing rows are entered in a new change table (or given a version), so they are listed once.
 */
final class Installer {
  static final String CHANGES = "ia_changes";
  static final String MARKERS = "ia_markers";
  static final String SEQUENCE = "ia_seq";
  /**
   * By name, not by class literal: loading {@link H2Trigger} needs H2's API, which a host on
   * PostgreSQL may have left out.
   */
  static final String H2_TRIGGER = "dev.integrationagent.connectors.jdbc.H2Trigger";

  private Installer() {}

  /** The statements that install what {@code shape} needs, in order. */
  static List<String> statements(Shape shape, String connectionId) {
    Table t = shape.table();
    List<String> sql = new ArrayList<>();
    if (shape.markerColumn() == null) {
      sql.add("CREATE TABLE IF NOT EXISTS " + t.sibling(MARKERS)
          + " (marker VARCHAR(200) NOT NULL PRIMARY KEY, item_id VARCHAR(200) NOT NULL)");
    }
    if (shape.tracking() == Tracking.UPDATED_AT) {
      return sql;
    }
    if (t.dialect == Table.Dialect.OTHER) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId + ": tracking table '"
          + t.name + "' by " + (shape.tracking() == Tracking.VERSION ? "a version column" : "a change table")
          + " installs triggers, which this connector writes for H2 and PostgreSQL only; use updatedAtColumn(...)", null);
    }
    sql.add("CREATE SEQUENCE IF NOT EXISTS " + t.sibling(SEQUENCE));
    String id = shape.id().quoted();
    String text = t.dialect.text;
    String next = t.dialect == Table.Dialect.H2 ? "NEXT VALUE FOR " + t.sibling(SEQUENCE)
        : "nextval('" + t.sibling(SEQUENCE).replace("'", "''") + "')";
    if (shape.tracking() == Tracking.CHANGE_TABLE) {
      sql.add("CREATE TABLE IF NOT EXISTS " + t.sibling(CHANGES) + " (item_id VARCHAR(200) NOT NULL PRIMARY KEY,"
          + " seq BIGINT NOT NULL, prev_seq BIGINT, op CHAR(1) NOT NULL, changed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      sql.add("CREATE INDEX IF NOT EXISTS " + Table.quote(t.siblingName(CHANGES + "_seq")) + " ON "
          + t.sibling(CHANGES) + " (seq)");
      sql.add("INSERT INTO " + t.sibling(CHANGES) + " (item_id, seq, op, changed_at) SELECT CAST(r." + id + " AS "
          + text + "), " + next + ", 'I', CURRENT_TIMESTAMP FROM " + t.qualified() + " r WHERE NOT EXISTS (SELECT 1 FROM "
          + t.sibling(CHANGES) + " c WHERE c.item_id = CAST(r." + id + " AS " + text + ")) ORDER BY r." + id);
    } else {
      String version = shape.track().quoted();
      sql.add("UPDATE " + t.qualified() + " SET " + version + " = " + next + " WHERE " + version + " IS NULL");
    }
    if (t.dialect == Table.Dialect.H2) {
      h2Triggers(shape, sql);
    } else {
      postgresTriggers(shape, sql, next);
    }
    return sql;
  }

  private static void h2Triggers(Shape shape, List<String> sql) {
    Table t = shape.table();
    String config = (t.schema == null ? "" : Table.quote(t.schema) + ".") + "IA_JDBC_TRIGGERS";
    sql.add("CREATE TABLE IF NOT EXISTS " + config + " (TRIGGER_NAME VARCHAR(200) NOT NULL PRIMARY KEY,"
        + " KIND VARCHAR(20) NOT NULL, ID_COLUMN VARCHAR(200) NOT NULL, TARGET VARCHAR(200) NOT NULL, SEQ VARCHAR(200) NOT NULL)");
    boolean changes = shape.tracking() == Tracking.CHANGE_TABLE;
    String trigger = t.siblingName(changes ? "ia_changes_trg" : "ia_version_trg");
    sql.add("MERGE INTO " + config + " (TRIGGER_NAME, KIND, ID_COLUMN, TARGET, SEQ) KEY (TRIGGER_NAME) VALUES ("
        + literal(trigger) + ", " + literal(changes ? "changes" : "version") + ", " + literal(shape.id().name()) + ", "
        + literal(changes ? t.siblingName(CHANGES) : shape.track().name()) + ", " + literal(t.siblingName(SEQUENCE)) + ")");
    String on = (t.schema == null ? "" : Table.quote(t.schema) + ".");
    sql.add("CREATE TRIGGER IF NOT EXISTS " + on + Table.quote(trigger) + (changes ? " AFTER INSERT, UPDATE, DELETE"
        : " BEFORE INSERT, UPDATE") + " ON " + t.qualified() + " FOR EACH ROW CALL " + literal(H2_TRIGGER));
  }

  private static void postgresTriggers(Shape shape, List<String> sql, String next) {
    Table t = shape.table();
    boolean changes = shape.tracking() == Tracking.CHANGE_TABLE;
    String function = t.sibling(changes ? "ia_changes_fn" : "ia_version_fn");
    String trigger = Table.quote(t.siblingName(changes ? "ia_changes_trg" : "ia_version_trg"));
    String body;
    if (changes) {
      String id = shape.id().quoted();
      String upsert = "INSERT INTO " + t.sibling(CHANGES) + " AS c (item_id, seq, op, changed_at) VALUES (%s, " + next
          + ", %s, now()) ON CONFLICT (item_id) DO UPDATE SET prev_seq = c.seq, seq = EXCLUDED.seq, op = EXCLUDED.op,"
          + " changed_at = EXCLUDED.changed_at;";
      body = "BEGIN\n"
          + "  IF TG_OP = 'DELETE' THEN\n    " + upsert.formatted("OLD." + id + "::text", "'D'") + "\n    RETURN NULL;\n  END IF;\n"
          + "  IF TG_OP = 'UPDATE' THEN\n    IF OLD." + id + " IS DISTINCT FROM NEW." + id + " THEN\n      "
          + upsert.formatted("OLD." + id + "::text", "'D'") + "\n    END IF;\n    "
          + upsert.formatted("NEW." + id + "::text", "'U'") + "\n    RETURN NULL;\n  END IF;\n"
          + "  " + upsert.formatted("NEW." + id + "::text", "'I'") + "\n  RETURN NULL;\nEND";
    } else {
      body = "BEGIN\n  NEW." + shape.track().quoted() + " := " + next + ";\n  RETURN NEW;\nEND";
    }
    sql.add("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $ia$\n" + body + "\n$ia$");
    sql.add("DROP TRIGGER IF EXISTS " + trigger + " ON " + t.qualified());
    sql.add("CREATE TRIGGER " + trigger + (changes ? " AFTER INSERT OR UPDATE OR DELETE" : " BEFORE INSERT OR UPDATE")
        + " ON " + t.qualified() + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");
  }

  /** Runs the statements in one transaction (PostgreSQL's DDL is transactional; H2 commits each). */
  static void install(Connection c, Shape shape, String connectionId) throws SQLException {
    List<String> statements = statements(shape, connectionId);
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      if (shape.table().dialect == Table.Dialect.POSTGRESQL) {
        // two nodes installing at once would fail on CREATE OR REPLACE FUNCTION: one waits for the other
        st.execute("SELECT pg_advisory_xact_lock(" + lockKey(shape) + ")");
      }
      for (String statement : statements) {
        st.execute(statement);
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static long lockKey(Shape shape) {
    return 0x1A_0000_0000L + shape.table().qualified().hashCode();
  }

  private static String literal(@Nullable String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }
}
