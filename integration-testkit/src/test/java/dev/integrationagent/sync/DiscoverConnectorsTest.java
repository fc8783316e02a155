package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoverConnectorsTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector source = InMemoryConnector.builder().name("source").clock(clock).build();
  private final InMemoryConnector target = InMemoryConnector.builder().name("target").clock(clock).build();
  private IntegrationAgent agent;

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
    MemoryConnectorProvider.TRACKERS.clear();
  }

  private static ConnectionSettings memory(String tracker, String token) {
    return ConnectionSettings.builder().put("tracker", tracker).secret("token", token).build();
  }

  @Test
  void aConnectionNamedByTypeIsOpenedThroughTheDiscoveredProvider() {
    MemoryConnectorProvider.TRACKERS.put("source", source);
    MemoryConnectorProvider.TRACKERS.put("target", target);
    source.add(WorkItem.builder().title("Found through ServiceLoader").build());

    agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .discoverConnectors()
        .connection("a", "memory", memory("source", MemoryConnectorProvider.TOKEN))
        .connection("b", "memory", memory("target", MemoryConnectorProvider.TOKEN))
        .sync(SyncPlan.between("a", "b"))
        .build();
    SyncReport report = agent.syncNow("a-b");

    assertThat(report.created()).isEqualTo(1);
    assertThat(target.items().values()).extracting(WorkItem::title).containsExactly("Found through ServiceLoader");
  }

  @Test
  void theSettingsAreValidatedByTheConnectorAtBuild() {
    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .discoverConnectors()
        .connection("a", "memory", memory("nowhere", "wrong-token"))
        .build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "connections.a: tracker: no tracker named 'nowhere'", "connections.a: token: not accepted"));
  }

  @Test
  void secretSettingsAreRedactedLikeAnyConnectionsSecrets() {
    MemoryConnectorProvider.TRACKERS.put("source", source);
    MemoryConnectorProvider.TRACKERS.put("target", target);
    source.add(WorkItem.builder().title("token is " + MemoryConnectorProvider.TOKEN).build());
    RecordingAuditSink audit = new RecordingAuditSink();

    agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory()).audit(audit)
        .discoverConnectors()
        .connection("a", "memory", memory("source", MemoryConnectorProvider.TOKEN))
        .connection("b", "memory", memory("target", MemoryConnectorProvider.TOKEN))
        .sync(SyncPlan.between("a", "b"))
        .build();
    agent.syncNow("a-b");

    assertThat(target.items().values()).extracting(WorkItem::title).containsExactly("token is [REDACTED]");
    assertThat(audit.events().toString()).doesNotContain(MemoryConnectorProvider.TOKEN);
  }

  @Test
  void anUnknownTypeNamesItAndTheKnownTypes() {
    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .discoverConnectors()
        .connection("x", "linear", ConnectionSettings.builder().build())
        .sync(SyncPlan.between("x", "x2"))
        .build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .contains("connections.x: unknown connector type 'linear'; known types: [memory]")
            .noneMatch(p -> p.contains("unknown connection 'x'")));
  }

  @Test
  void withoutDiscoveryOnlyRegisteredConnectorsAreKnown() {
    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", "memory", memory("source", MemoryConnectorProvider.TOKEN))
        .build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("unknown connector type 'memory'; known types: []", "discoverConnectors()"));

    MemoryConnectorProvider.TRACKERS.put("source", source);
    agent = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connector(new MemoryConnectorProvider.MemoryConnector())
        .connection("a", "memory", memory("source", MemoryConnectorProvider.TOKEN))
        .build();
    assertThat(agent.health().connections()).containsKey("a");
  }
}
