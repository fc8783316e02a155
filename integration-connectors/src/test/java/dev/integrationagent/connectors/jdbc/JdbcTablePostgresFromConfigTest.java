package dev.integrationagent.connectors.jdbc;

/** The host table on PostgreSQL, from a YAML file. */
class JdbcTablePostgresFromConfigTest extends JdbcTableFromConfig {
  JdbcTablePostgresFromConfigTest() {
    super(TestDatabases.Kind.POSTGRES);
  }
}
