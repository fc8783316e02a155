package dev.integrationagent.connectors.jdbc;

/** The connector contract on H2, changes tracked by the connector's change table. */
class JdbcTableH2ChangeTableContractTest extends JdbcTableContract {
  JdbcTableH2ChangeTableContractTest() {
    super(TestDatabases.Kind.H2, TicketTable.Mode.CHANGE_TABLE);
  }
}
