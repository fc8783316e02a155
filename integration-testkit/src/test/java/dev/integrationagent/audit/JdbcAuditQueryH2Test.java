package dev.integrationagent.audit;

import javax.sql.DataSource;

class JdbcAuditQueryH2Test extends JdbcAuditQueryCases {
  @Override
  DataSource newDataSource() {
    return TestH2.freshDatabase("audit_query");
  }
}
