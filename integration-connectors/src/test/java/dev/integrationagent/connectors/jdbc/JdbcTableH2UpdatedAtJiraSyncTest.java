package dev.integrationagent.connectors.jdbc;

/** A host table on H2, tracked by its updated-at column, syncing with Jira. */
class JdbcTableH2UpdatedAtJiraSyncTest extends JdbcTableJiraSync {
  JdbcTableH2UpdatedAtJiraSyncTest() {
    super(TestDatabases.Kind.H2, TicketTable.Mode.UPDATED_AT);
  }
}
