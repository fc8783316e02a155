package dev.integrationagent.connectors.jdbc;

/** The JDBC table connector's behaviour on PostgreSQL. */
class JdbcTablePostgresTest extends JdbcTableBehaviour {
  JdbcTablePostgresTest() {
    super(TestDatabases.Kind.POSTGRES);
  }
}
