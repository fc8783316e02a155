package dev.integrationagent.connectors.jdbc;

/** The connector contract on H2, changes tracked by a version column the connector's trigger bumps. */
class JdbcTableH2VersionContractTest extends JdbcTableContract {
  JdbcTableH2VersionContractTest() {
    super(TestDatabases.Kind.H2, TicketTable.Mode.VERSION);
  }
}
