package dev.integrationagent.connectors.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The connector contract through {@link HostConnector}, on a host's items in memory. */
class HostConnectorContractTest extends ConnectorContract {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private InMemoryHostItems items;

  @Override
  protected ConnectorSession openSession() {
    items = new InMemoryHostItems(clock);
    return HostConnector.of(items).mapping(TicketTable.MAPPING).open(TestConnectorContext.of("host", clock));
  }

  @Override
  protected Mapping mapping() {
    return TicketTable.MAPPING;
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        clock.advance(Duration.ofSeconds(1));
        return insert(item);
      }

      @Override
      public void retitle(String id, String title) {
        clock.advance(Duration.ofSeconds(1));
        items.edit(id, "subject", title);
      }

      @Override
      public List<String> createTied(List<WorkItem> tied) {
        clock.advance(Duration.ofSeconds(1));
        return tied.stream().map(this::insertTied).toList();
      }

      private String insertTied(WorkItem item) {
        return insert(item);
      }
    };
  }

  private String insert(WorkItem item) {
    return items.upsert(null, JsonNodeFactory.instance.objectNode().put("subject", item.title()).put("state", "open"),
        null, null).id();
  }

  @Override
  protected Set<Capability> capabilities() {
    return Set.of(Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE, Capability.OPTIMISTIC_LOCKING,
        Capability.SYNC_MARKERS, Capability.DELETE);
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return HostConnector.of(new InMemoryHostItems(clock).refusingCredentials()).mapping(TicketTable.MAPPING)
        .open(TestConnectorContext.of("host", clock));
  }
}
