package dev.integrationagent.connectors.jdbc;

/** How the connector tells which rows changed. */
enum Tracking {
  /** By a timestamp column the host and the connector stamp on every write; deletes are not seen. */
  UPDATED_AT,
  /** By a bigint column the connector's trigger takes from a sequence on every insert and update; deletes are not seen. */
  VERSION,
  /** By a change table the connector's triggers keep: inserts, updates and deletes, in commit-safe order. */
  CHANGE_TABLE
}
