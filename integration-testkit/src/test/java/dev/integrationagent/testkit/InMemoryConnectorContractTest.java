package dev.integrationagent.testkit;

import dev.integrationagent.Mappings;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

class InMemoryConnectorContractTest extends ConnectorContract {
  static final String WEBHOOK_SECRET = "contract-secret";
  final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  final InMemoryConnector tracker = InMemoryConnector.builder().name("contract").clock(clock)
      .webhookSecret(WEBHOOK_SECRET).build();
  private final AtomicInteger deliveries = new AtomicInteger();

  ConnectorSession open(InMemoryConnector connector) {
    return connector.open(TestConnectorContext.of("contract", clock));
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
    return tracker.capabilities();
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    InMemoryConnector locked = InMemoryConnector.builder().name("locked").clock(clock).build();
    locked.failNext(10, ErrorCategory.AUTHENTICATION);
    return open(locked);
  }

  @Override
  protected SignedDelivery webhookDelivery(ExternalItem item) {
    InMemoryConnector.Delivery d = tracker.webhookDelivery("contract-" + deliveries.incrementAndGet(), item.id());
    return new SignedDelivery(d.headers(), d.body(), InMemoryWebhooks.SIGNATURE);
  }
}
