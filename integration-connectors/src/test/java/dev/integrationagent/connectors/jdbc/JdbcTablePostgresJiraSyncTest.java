package dev.integrationagent.connectors.jdbc;

/** A host table on PostgreSQL, tracked by the connector's change table, syncing with Jira. */
class JdbcTablePostgresJiraSyncTest extends JdbcTableJiraSync {
  JdbcTablePostgresJiraSyncTest() {
    super(TestDatabases.Kind.POSTGRES, TicketTable.Mode.CHANGE_TABLE);
  }
}
