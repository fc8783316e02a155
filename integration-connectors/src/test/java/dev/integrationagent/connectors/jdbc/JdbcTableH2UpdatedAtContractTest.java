package dev.integrationagent.connectors.jdbc;

/** The connector contract on H2, changes tracked by an updated-at column. */
class JdbcTableH2UpdatedAtContractTest extends JdbcTableContract {
  JdbcTableH2UpdatedAtContractTest() {
    super(TestDatabases.Kind.H2, TicketTable.Mode.UPDATED_AT);
  }
}
