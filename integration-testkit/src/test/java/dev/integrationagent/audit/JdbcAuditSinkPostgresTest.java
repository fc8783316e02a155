package dev.integrationagent.audit;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.store.TestPostgres;
import dev.integrationagent.testkit.AuditSinkContract;
import java.util.List;
import javax.sql.DataSource;

/** The sink contract on a real PostgreSQL 14 that the test starts itself. */
class JdbcAuditSinkPostgresTest extends AuditSinkContract {
  private DataSource dataSource;

  @Override
  protected AuditSink newSink() {
    dataSource = TestPostgres.freshDatabase("audit_contract");
    return AuditSinks.jdbc(dataSource);
  }

  @Override
  protected List<AuditEvent> delivered(AuditSink sink) {
    try (JdbcAuditSink reader = JdbcAuditSink.open(dataSource)) {
      return reader.query(AuditQuery.all());
    }
  }
}
