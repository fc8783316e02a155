package dev.integrationagent.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.StateStoreContract;
import java.sql.Connection;
import java.sql.Statement;
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
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(((JdbcStateStore) second).schemaVersion()).isEqualTo(1);
  }
}
