package dev.integrationagent.connectors.jdbc;

/** A host table on H2, tracked by the connector's change table, syncing with Jira. */
class JdbcTableH2JiraSyncTest extends JdbcTableJiraSync {
  JdbcTableH2JiraSyncTest() {
    super(TestDatabases.Kind.H2, TicketTable.Mode.CHANGE_TABLE);
  }
}
