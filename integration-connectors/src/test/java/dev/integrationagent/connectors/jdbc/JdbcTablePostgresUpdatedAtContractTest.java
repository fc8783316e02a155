package dev.integrationagent.connectors.jdbc;

/** The connector contract on Postgres, changes tracked by an updated-at column. */
class JdbcTablePostgresUpdatedAtContractTest extends JdbcTableContract {
  JdbcTablePostgresUpdatedAtContractTest() {
    super(TestDatabases.Kind.POSTGRES, TicketTable.Mode.UPDATED_AT);
  }
}
