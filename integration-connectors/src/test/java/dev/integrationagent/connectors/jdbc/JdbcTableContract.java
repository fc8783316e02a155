package dev.integrationagent.connectors.jdbc;

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

/** The connector contract on a fresh tickets table per test, in one database and one tracking mode. */
abstract class JdbcTableContract extends ConnectorContract {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final TestDatabases.Kind kind;
  private final TicketTable.Mode mode;
  private TicketTable table;

  JdbcTableContract(TestDatabases.Kind kind, TicketTable.Mode mode) {
    this.kind = kind;
    this.mode = mode;
  }

  @Override
  protected ConnectorSession openSession() {
    table = new TicketTable(TestDatabases.fresh(kind), clock);
    return table.connection(mode).open(TestConnectorContext.of("tickets", clock));
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
        return table.insert(item.title());
      }

      @Override
      public void retitle(String id, String title) {
        clock.advance(Duration.ofSeconds(1));
        table.set(id, "subject", title);
      }

      @Override
      public List<String> createTied(List<WorkItem> items) {
        clock.advance(Duration.ofSeconds(1));
        return items.stream().map(i -> table.insert(i.title())).toList();
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return table.connection(mode).open(TestConnectorContext.of("tickets", clock)).capabilities();
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return table.connection(mode).dataSource(table.db.badCredentials()).open(TestConnectorContext.of("tickets", clock));
  }
}
