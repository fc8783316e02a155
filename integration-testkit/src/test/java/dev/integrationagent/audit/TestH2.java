package dev.integrationagent.audit;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh in-memory H2 databases for the audit tests, each kept until the JVM exits. */
final class TestH2 {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestH2() {}

  static DataSource freshDatabase(String prefix) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + prefix + "_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }
}
