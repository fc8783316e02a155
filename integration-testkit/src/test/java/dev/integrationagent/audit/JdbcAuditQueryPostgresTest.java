package dev.integrationagent.audit;

import dev.integrationagent.store.TestPostgres;
import javax.sql.DataSource;

/** The query cases on a real PostgreSQL 14 that the test starts itself. */
class JdbcAuditQueryPostgresTest extends JdbcAuditQueryCases {
  @Override
  DataSource newDataSource() {
    return TestPostgres.freshDatabase("audit_query");
  }
}
