package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

class InMemoryConnectorContractTest extends ConnectorContract {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("contract").clock(clock).build();

  private ConnectorSession open(InMemoryConnector connector) {
    return connector.open(new ConnectorContext() {
      @Override
      public String connectionId() {
        return "contract";
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public ObjectMapper json() {
        return new ObjectMapper();
      }
    });
  }

  @Override
  protected ConnectorSession openSession() {
    return open(tracker);
  }

  @Override
  protected Mapping mapping() {
    return Mappings.identity();
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        return tracker.add(item);
      }

      @Override
      public void retitle(String id, String title) {
        tracker.edit(id, i -> i.toBuilder().title(title).build());
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    InMemoryConnector locked = InMemoryConnector.builder().name("locked").clock(clock).build();
    locked.failNext(10, ErrorCategory.AUTHENTICATION);
    return open(locked);
  }
}
