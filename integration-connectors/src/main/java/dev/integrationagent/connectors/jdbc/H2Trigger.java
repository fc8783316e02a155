package dev.integrationagent.connectors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.annotation.Nullable;
import org.h2.api.Trigger;

/**
 * The trigger {@link JdbcTableConnector} installs on an H2 table: it records each change of a row
 * in the change table, or stamps the row's version from a sequence. H2 instantiates it by name, so
 * it is public; hosts do not use it. What it does for which trigger is in the table
 * {@code IA_JDBC_TRIGGERS} the installation fills. Runs in the writer's transaction: a change is
 * recorded exactly when the row change commits.
 */
public final class H2Trigger implements Trigger {
  private String kind = "";
  private int idIndex;
  private int versionIndex = -1;
  private String changeTable = "";
  private String sequence = "";

  /** Called by H2. */
  public H2Trigger() {}

  @Override
  public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
      throws SQLException {
    String schema = Table.quote(schemaName) + ".";
    try (PreparedStatement ps = conn.prepareStatement("SELECT KIND, ID_COLUMN, TARGET, SEQ FROM " + schema
        + "IA_JDBC_TRIGGERS WHERE TRIGGER_NAME = ?")) {
      ps.setString(1, triggerName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("trigger " + triggerName + " is not described in " + schema + "IA_JDBC_TRIGGERS;"
              + " install the JDBC table connection again", "42000");
        }
        kind = rs.getString(1);
        idIndex = position(conn, schemaName, tableName, rs.getString(2));
        if (kind.equals("version")) {
          versionIndex = position(conn, schemaName, tableName, rs.getString(3));
        } else {
          changeTable = schema + Table.quote(rs.getString(3));
        }
        sequence = schema + Table.quote(rs.getString(4));
      }
    }
  }

  private static int position(Connection conn, String schema, String table, String column) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS"
        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      ps.setString(3, column);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("table " + table + " has no column " + column, "42S22");
        }
        return rs.getInt(1) - 1;
      }
    }
  }

  @Override
  public void fire(Connection conn, @Nullable Object[] oldRow, @Nullable Object[] newRow) throws SQLException {
    if (kind.equals("version")) {
      if (newRow != null) {
        newRow[versionIndex] = next(conn);
      }
      return;
    }
    if (oldRow != null && (newRow == null || !Objects.equals(oldRow[idIndex], newRow[idIndex]))) {
      record(conn, oldRow[idIndex], "D");
    }
    if (newRow != null) {
      record(conn, newRow[idIndex], oldRow == null ? "I" : "U");
    }
  }

  private long next(Connection conn) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("VALUES NEXT VALUE FOR " + sequence);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void record(Connection conn, Object id, String op) throws SQLException {
    String itemId = String.valueOf(id);
    Long previous = null;
    try (PreparedStatement ps = conn.prepareStatement("SELECT SEQ FROM " + changeTable + " WHERE ITEM_ID = ?")) {
      ps.setString(1, itemId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          previous = rs.getLong(1);
        }
      }
    }
    try (PreparedStatement ps = conn.prepareStatement("MERGE INTO " + changeTable
        + " (ITEM_ID, SEQ, PREV_SEQ, OP, CHANGED_AT) KEY (ITEM_ID) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
      ps.setString(1, itemId);
      ps.setLong(2, next(conn));
      if (previous == null) {
        ps.setNull(3, java.sql.Types.BIGINT);
      } else {
        ps.setLong(3, previous);
      }
      ps.setString(4, op);
      ps.executeUpdate();
    }
  }
}
