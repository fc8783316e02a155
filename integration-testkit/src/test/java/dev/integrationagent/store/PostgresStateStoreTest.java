package dev.integrationagent.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.StateStoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC store on a real PostgreSQL 14 that the test starts itself: nothing to install, nothing skipped. */
class PostgresStateStoreTest extends StateStoreContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private DataSource dataSource;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  protected StateStore newStore() {
    String database = "contract_" + DATABASES.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    } catch (java.sql.SQLException e) {
      throw new UncheckedIOException(new IOException(e));
    }
    dataSource = postgres.getDatabase("postgres", database);
    return StateStores.jdbc(dataSource);
  }

  @Test
  void theSchemaIsMigratedOnceEvenWhenStoresOpenTogether() throws Exception {
    StateStore second = StateStores.jdbc(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM ia_schema_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(((JdbcStateStore) second).schemaVersion()).isEqualTo(1);
  }
}
