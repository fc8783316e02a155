package dev.integrationagent.connectors.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * The declared table checked against the database: every configured column exists.
 *
 * @param table the table as the database describes it
 * @param id the id column
 * @param tracking how changes are found
 * @param track the updated-at or version column; null with a change table
 * @param stamp the column stamped with the time of each write, if any (the updated-at column when
 *     tracking by it)
 * @param markerColumn the column holding sync markers, or null when they are in the marker table
 */
record Shape(Table table, Table.Column id, Tracking tracking, @Nullable Table.Column track,
    @Nullable Table.Column stamp, @Nullable Table.Column markerColumn) {

  /** The columns of the item's JSON, in the table's order: all but the marker column. */
  List<Table.Column> dataColumns() {
    List<Table.Column> out = new ArrayList<>(table.columns.values());
    out.remove(markerColumn);
    return out;
  }

  /** Columns the connector sets itself and a write's fields cannot: id (on update), version, stamp, marker. */
  Set<String> managed() {
    return java.util.stream.Stream.of(id, track, stamp, markerColumn).filter(java.util.Objects::nonNull)
        .map(Table.Column::key).collect(Collectors.toUnmodifiableSet());
  }

  /** {@code SELECT r.a, r.b, ...[, c.seq, c.changed_at] FROM table r [LEFT JOIN changes c]}. */
  String select() {
    String columns = dataColumns().stream().map(c -> "r." + c.quoted()).collect(Collectors.joining(", "));
    if (tracking != Tracking.CHANGE_TABLE) {
      return "SELECT " + columns + " FROM " + table.qualified() + " r";
    }
    return "SELECT " + columns + ", c.seq, c.changed_at FROM " + table.qualified() + " r LEFT JOIN "
        + table.sibling(Installer.CHANGES) + " c ON c.item_id = CAST(r." + id.quoted() + " AS " + table.dialect.text + ")";
  }
}
