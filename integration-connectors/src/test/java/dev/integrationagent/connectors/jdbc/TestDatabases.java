package dev.integrationagent.connectors.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The host databases the JDBC table tests run on: an in-memory H2 per test, and one real
 * PostgreSQL 14 for the JVM (started on first use, about 3 s) with a database per test.
 */
final class TestDatabases {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabases() {}

  enum Kind { H2, POSTGRES }

  /** A new, empty database, and the same database with credentials it refuses. */
  record Database(Kind kind, DataSource dataSource, DataSource badCredentials, String url, String user,
      String password) {}

  static Database fresh(Kind kind) {
    String name = "host_" + DATABASES.incrementAndGet();
    if (kind == Kind.H2) {
      return new Database(kind, h2(name, "host-password"), h2(name, "not-the-password"),
          "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "host", "host-password");
    }
    EmbeddedPostgres postgres = server();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return new Database(kind, postgres.getDatabase("postgres", name), postgres.getDatabase("nobody", name),
        postgres.getJdbcUrl("postgres", name), "postgres", "");
  }

  private static DataSource h2(String name, String password) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    ds.setUser("host");
    ds.setPassword(password);
    return ds;
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres started = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.close();
          } catch (IOException e) {
            // the JVM is exiting; the server's files are temporary
          }
        }, "test-postgres-stop"));
        server = started;
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
      }
    }
    return server;
  }
}
