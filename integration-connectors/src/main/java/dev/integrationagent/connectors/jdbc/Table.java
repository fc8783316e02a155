package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * A table as the database describes it: its name and columns as the database spells them (H2
 * upper-cases unquoted names, PostgreSQL lower-cases them), so that every statement can quote
 * them. Columns appear in the item's JSON under their names in lower case.
 */
final class Table {
  /** The few places where the databases differ. */
  enum Dialect {
    H2("VARCHAR"), POSTGRESQL("TEXT"), OTHER("VARCHAR(255)");

    final String text;

    Dialect(String text) {
      this.text = text;
    }

    static Dialect of(String product) {
      String name = product.toLowerCase(Locale.ROOT);
      return name.contains("h2") ? H2 : name.contains("postgres") ? POSTGRESQL : OTHER;
    }

    /** A name for an object this connector creates, as the database would spell it unquoted. */
    String spell(String name) {
      return this == H2 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One column.
   *
   * @param name as the database spells it
   * @param key the item's JSON property: the name in lower case
   * @param type its {@link java.sql.Types} code
   * @param typeName the database's name of its type
   */
  record Column(String name, String key, int type, String typeName) {
    String quoted() {
      return quote(name);
    }
  }

  final Dialect dialect;
  final @Nullable String schema;
  final String name;
  /** By JSON key, in the table's order. */
  final Map<String, Column> columns;

  private Table(Dialect dialect, @Nullable String schema, String name, Map<String, Column> columns) {
    this.dialect = dialect;
    this.schema = schema;
    this.name = name;
    this.columns = columns;
  }

  /** Looks the declared table ({@code tickets} or {@code app.tickets}) up in the database's catalog. */
  static Table resolve(Connection c, String declared, String connectionId) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    Dialect dialect = Dialect.of(meta.getDatabaseProductName());
    int dot = declared.indexOf('.');
    String schemaPart = dot < 0 ? null : declared.substring(0, dot);
    String tablePart = dot < 0 ? declared : declared.substring(dot + 1);
    for (String table : spellings(tablePart)) {
      for (String schema : schemaPart == null ? java.util.Collections.<String>singletonList(null) : spellings(schemaPart)) {
        Map<String, Column> columns = new LinkedHashMap<>();
        String foundSchema = null;
        try (ResultSet rs = meta.getColumns(null, schema, table, null)) {
          while (rs.next()) {
            if (!table.equals(rs.getString("TABLE_NAME"))) {
              continue; // the catalog takes the name as a LIKE pattern: "a_b" also matches "axb"
            }
            String rowSchema = rs.getString("TABLE_SCHEM");
            if (foundSchema == null) {
              foundSchema = rowSchema;
            } else if (!foundSchema.equals(rowSchema)) {
              continue; // the same name in another schema: the first one found wins, as unqualified SQL would not
            }
            String column = rs.getString("COLUMN_NAME");
            columns.put(column.toLowerCase(Locale.ROOT), new Column(column, column.toLowerCase(Locale.ROOT),
                rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
          }
        }
        if (!columns.isEmpty()) {
          return new Table(dialect, foundSchema, table, java.util.Collections.unmodifiableMap(columns));
        }
      }
    }
    throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId + ": table '" + declared
        + "' not found in the database (" + meta.getDatabaseProductName() + ", as user " + meta.getUserName()
        + "); create it, or name it as the database does (schema.table)", null);
  }

  private static List<String> spellings(String name) {
    Set<String> out = new LinkedHashSet<>(List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)));
    return new ArrayList<>(out);
  }

  /** The column the host declared as {@code setting}, or CONFIGURATION naming it and the table's columns. */
  Column column(String declared, String setting, String connectionId) {
    Column column = columns.get(declared.toLowerCase(Locale.ROOT));
    if (column == null) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId + ": " + setting
          + ": table '" + name + "' has no column '" + declared + "'; its columns are " + columns.keySet(), null);
    }
    return column;
  }

  String qualified() {
    return schema == null ? quote(name) : quote(schema) + "." + quote(name);
  }

  /** An object of this connector's, next to the table: {@code <table>_<suffix>}. */
  String sibling(String suffix) {
    String own = dialect.spell(name + "_" + suffix);
    return schema == null ? quote(own) : quote(schema) + "." + quote(own);
  }

  /** The unqualified name of {@link #sibling}. */
  String siblingName(String suffix) {
    return dialect.spell(name + "_" + suffix);
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
