package dev.integrationagent.connectors.jdbc;

/** The JDBC table connector's behaviour on H2. */
class JdbcTableH2Test extends JdbcTableBehaviour {
  JdbcTableH2Test() {
    super(TestDatabases.Kind.H2);
  }
}
