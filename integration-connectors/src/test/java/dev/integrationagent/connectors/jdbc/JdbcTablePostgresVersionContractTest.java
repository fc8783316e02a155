package dev.integrationagent.connectors.jdbc;

/** The connector contract on Postgres, changes tracked by a version column the connector's trigger bumps. */
class JdbcTablePostgresVersionContractTest extends JdbcTableContract {
  JdbcTablePostgresVersionContractTest() {
    super(TestDatabases.Kind.POSTGRES, TicketTable.Mode.VERSION);
  }
}
