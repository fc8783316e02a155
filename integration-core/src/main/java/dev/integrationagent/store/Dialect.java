package dev.integrationagent.store;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The few places where H2 and PostgreSQL SQL differ. */
enum Dialect {
  H2("CHARACTER LARGE OBJECT", "CHARACTER VARYING"),
  POSTGRESQL("TEXT", "TEXT");

  final String textType;
  /**
   * Text kept in the row itself, for values read and written on every event: H2 stores a large
   * object beyond a few hundred characters apart from its row, which made each event's insert
   * cost several times what the row does; its CHARACTER VARYING holds up to a billion characters.
   */
  final String inlineTextType;

  Dialect(String textType, String inlineTextType) {
    this.textType = textType;
    this.inlineTextType = inlineTextType;
  }

  static Dialect of(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      return H2;
    }
    if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported database '" + productName
        + "': the JDBC state store supports H2 and PostgreSQL");
  }

  /** An UPDATE that answers the named column's new value, in one statement. */
  String updateReturning(String update, String column) {
    return this == POSTGRESQL ? update + " RETURNING " + column
        : "SELECT " + column + " FROM FINAL TABLE (" + update + ")";
  }

  /** Insert-or-replace of one row by its key columns. */
  String upsert(String table, List<String> keys, List<String> columns) {
    String cols = String.join(", ", columns);
    String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    if (this == H2) {
      return "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
    }
    String updates = columns.stream().filter(c -> !keys.contains(c))
        .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
        + String.join(", ", keys) + ") DO " + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
  }
}
