package dev.integrationagent.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The definition's problems are listed together, before any database is touched. */
class JdbcTableConnectorConfigurationTest {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");

  @Test
  void everyMissingSettingIsListed() {
    assertThat(JdbcTableConnector.builder().problems()).containsExactly(
        "dataSource: missing; give the host's DataSource",
        "table: missing; give the table to sync, e.g. 'tickets'",
        "tracking: missing; give one of updatedAtColumn(name), versionColumn(name), changeTable()",
        "mapping: missing; give the mapping between the table's columns and the canonical item");
  }

  @Test
  void badNamesTwoTrackingsAndABadWaitAreListedQuotingTheValues() {
    JdbcTableConnector.Builder builder = JdbcTableConnector.builder().dataSource(new JdbcDataSource())
        .mapping(TicketTable.MAPPING).table("tickets; DROP TABLE x").idColumn("id ")
        .updatedAtColumn("updated_at").changeTable().inFlightWait(Duration.ZERO);

    assertThat(builder.problems()).anySatisfy(p -> assertThat(p).startsWith("table:").contains("'tickets; DROP TABLE x'"))
        .anySatisfy(p -> assertThat(p).startsWith("tracking:").contains("updatedAtColumn(updated_at)", "changeTable()"))
        .anySatisfy(p -> assertThat(p).startsWith("inFlightWait:").contains("PT0S"))
        .noneSatisfy(p -> assertThat(p).startsWith("idColumn:"));
  }

  @Test
  void anInvalidDefinitionFailsTheAgentsBuildAndDoesNotOpen() {
    JdbcTableConnector.Builder builder = JdbcTableConnector.builder().table("tickets");

    assertThatThrownBy(() -> builder.open(TestConnectorContext.of("tickets", clock)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("tickets");
    assertThatThrownBy(() -> IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("tickets", builder).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataSource");
  }

  @Test
  void theH2TriggerIsNamedAsItsClass() {
    assertThat(Installer.H2_TRIGGER).isEqualTo(H2Trigger.class.getName());
  }

  @Test
  void opensWithoutTheDatabaseAndDeclaresOptimisticLocking() {
    JdbcDataSource nowhere = new JdbcDataSource();
    nowhere.setURL("jdbc:h2:tcp://127.0.0.1:1/mem:nowhere");
    var session = JdbcTableConnector.builder().dataSource(nowhere).table("tickets").changeTable()
        .mapping(TicketTable.MAPPING).open(TestConnectorContext.of("tickets", clock));

    assertThat(session.capabilities()).contains(Capability.OPTIMISTIC_LOCKING, Capability.SYNC_MARKERS,
        Capability.READ_CHANGES).doesNotContain(Capability.DELETE, Capability.COMMENTS);
  }
}
