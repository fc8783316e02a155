package dev.integrationagent.connectors.jdbc;

/** The connector contract on Postgres, changes tracked by the connector's change table. */
class JdbcTablePostgresChangeTableContractTest extends JdbcTableContract {
  JdbcTablePostgresChangeTableContractTest() {
    super(TestDatabases.Kind.POSTGRES, TicketTable.Mode.CHANGE_TABLE);
  }
}
