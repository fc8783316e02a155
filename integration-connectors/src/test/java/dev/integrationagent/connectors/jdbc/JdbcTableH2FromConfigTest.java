package dev.integrationagent.connectors.jdbc;

/** The host table on H2, from a YAML file. */
class JdbcTableH2FromConfigTest extends JdbcTableFromConfig {
  JdbcTableH2FromConfigTest() {
    super(TestDatabases.Kind.H2);
  }
}
