package dev.integrationagent.store;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The few places where H2 and PostgreSQL SQL differ. */
enum Dialect {
  H2("CHARACTER LARGE OBJECT"),
  POSTGRESQL("TEXT");

  final String textType;

  Dialect(String textType) {
    this.textType = textType;
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
