package dev.integrationagent.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.StateStoreContract;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The JDBC store on a real PostgreSQL 14 that the test starts itself: nothing to install, nothing skipped. */
class PostgresStateStoreTest extends StateStoreContract {
  private DataSource dataSource;

  @Override
  protected StateStore newStore() {
    dataSource = TestPostgres.freshDatabase("contract");
    return StateStores.jdbc(dataSource);
  }

  @Test
  void theSchemaIsMigratedOnceEvenWhenStoresOpenTogether() throws Exception {
    StateStore second = StateStores.jdbc(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM ia_schema_version")) {
      rs.next();
      assertThat(rs.getInt(1)).as("one row per migration").isEqualTo(3);
    }
    assertThat(((JdbcStateStore) second).schemaVersion()).isEqualTo(3);
  }

  @Test
  void twoStoresOnOneDatabaseAppendInOneOrder() throws Exception {
    // two stores with their own connections are what two processes on one database look like to it
    StateStore other = StateStores.jdbc(dataSource);
    try {
      assertConcurrentAppendsAreSeenInOrder(List.of(store, other), other);
      assertThat(store.events(0, 1000)).as("both stores read one stream").isEqualTo(other.events(0, 1000));
    } finally {
      other.close();
    }
  }

  @Test
  void aFailedStatementRollsBackWorkThatWentOn() {
    JdbcTransactionChecks.aFailedStatementRollsBackWorkThatWentOn(store);
  }
}
