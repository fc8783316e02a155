package dev.integrationagent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.StateStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  protected StateStore newStore() {
    return StateStores.h2(dir.resolve("agent"));
  }

  @Test
  void stateSurvivesReopening() {
    store.saveLink(new Link("p", "a1", "b1", base("kept"), seen("title", "h"), seen(), T0));
    store.saveCursor("p", "a", Cursor.of("42"));
    store.close();

    store = StateStores.h2(dir.resolve("agent"));
    assertThat(store.link("p", Side.B, "b1").orElseThrow().base().path("title").asText()).isEqualTo("kept");
    assertThat(store.cursor("p", "a")).contains(Cursor.of("42"));
    assertThat(dir.resolve("agent.mv.db")).exists();
  }

  @Test
  void schemaIsCreatedOnceAndVersioned() {
    assertThat(((JdbcStateStore) store).schemaVersion()).isEqualTo(3);
    store.close();
    store = StateStores.h2(dir.resolve("agent"));
    assertThat(((JdbcStateStore) store).schemaVersion()).isEqualTo(3);
  }

  @Test
  void aVersionOneDatabaseIsMigratedAndKeepsItsState() throws Exception {
    store.saveLink(new Link("p", "a1", "b1", base("kept"), seen(), seen(), T0));
    store.close();
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("agent").toAbsolutePath(), "sa", "");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      // back to what a store of schema version 1 left
      for (String table : List.of("ia_events", "ia_event_counter", "ia_consumer_offsets", "ia_watch_snapshots")) {
        st.execute("DROP TABLE " + table);
      }
      st.execute("DELETE FROM ia_schema_version WHERE version >= 2");
    } finally {
      pool.dispose();
    }

    store = StateStores.h2(dir.resolve("agent"));
    assertThat(((JdbcStateStore) store).schemaVersion()).isEqualTo(3);
    assertThat(store.link("p", Side.A, "a1")).isPresent();
    assertThat(store.appendEvents(List.of(bareEvent("e1", T0)))).extracting(ChangeEvent::offset).containsExactly(1L);
    assertThat(store.firstEventOffset()).isEqualTo(1);
  }

  @Test
  void aVersionTwoDatabaseLosesTheIndexOnEventTimesAndKeepsItsEvents() throws Exception {
    store.appendEvents(List.of(bareEvent("e1", T0), bareEvent("e2", T0.plusSeconds(5))));
    store.close();
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("agent").toAbsolutePath(), "sa", "");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      // back to what a store of schema version 2 left: the index every append kept up
      st.execute("CREATE INDEX ia_events_at ON ia_events (at)");
      st.execute("DELETE FROM ia_schema_version WHERE version = 3");
    } finally {
      pool.dispose();
    }

    store = StateStores.h2(dir.resolve("agent"));

    assertThat(((JdbcStateStore) store).schemaVersion()).isEqualTo(3);
    assertThat(store.events(0, 10)).extracting(ChangeEvent::id).containsExactly("e1", "e2");
    assertThat(store.pruneEvents(T0.plusSeconds(1))).isEqualTo(1);
    store.close();
    pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("agent").toAbsolutePath(), "sa", "");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'IA_EVENTS_AT'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the index on event times").isZero();
    } finally {
      pool.dispose();
    }
    store = StateStores.h2(dir.resolve("agent"));
  }

  @Test
  void eventsAndConsumerOffsetsSurviveReopening() {
    store.appendEvents(List.of(fullEvent("e1", T0), bareEvent("e2", T0)));
    store.saveConsumerOffset("audit", 1);
    store.pruneEvents(T0.plusSeconds(1));
    store.close();

    store = StateStores.h2(dir.resolve("agent"));
    assertThat(store.consumerOffset("audit")).hasValue(1);
    assertThat(store.firstEventOffset()).as("the counter outlives its events").isEqualTo(3);
    assertThat(store.appendEvents(List.of(bareEvent("e3", T0)))).extracting(ChangeEvent::offset).containsExactly(3L);
  }

  @Test
  void refusesASchemaNewerThanTheLibrary() throws Exception {
    store.close();
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("agent").toAbsolutePath(), "sa", "");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO ia_schema_version (version, applied_at) VALUES (99, 0)");
    } finally {
      pool.dispose();
    }

    assertThatThrownBy(() -> StateStores.h2(dir.resolve("agent")))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
        .hasMessageContaining("schema version 99");
    store = StateStores.inMemory();
  }

  @Test
  void theEmbeddedFileIsForOneProcessAHostDataSourceIsShared() {
    assertThat(store.sharedAcrossProcesses()).as("H2 locks the file: one process opens it").isFalse();
    assertThat(StateStores.inMemory().sharedAcrossProcesses()).isFalse();
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:host-shared;DB_CLOSE_DELAY=-1", "sa", "");
    try {
      assertThat(StateStores.jdbc(pool).sharedAcrossProcesses()).as("another host may point at it").isTrue();
    } finally {
      pool.dispose();
    }
  }

  @Test
  void worksOnAHostDataSourceAndLeavesItOpen() throws Exception {
    store.close();
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:host;DB_CLOSE_DELAY=-1", "sa", "");
    try {
      StateStore onHost = StateStores.jdbc(pool);
      onHost.saveCursor("p", "a", Cursor.of("7"));
      onHost.close();
      try (Connection c = pool.getConnection()) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(StateStores.jdbc(pool).cursor("p", "a")).contains(Cursor.of("7"));
    } finally {
      pool.dispose();
    }
    store = StateStores.inMemory();
  }

  @Test
  void aFailedStatementRollsBackWorkThatWentOn() {
    JdbcTransactionChecks.aFailedStatementRollsBackWorkThatWentOn(store);
  }
}
