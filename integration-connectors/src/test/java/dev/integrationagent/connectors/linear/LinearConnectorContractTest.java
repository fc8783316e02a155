package dev.integrationagent.connectors.linear;

import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import dev.integrationagent.testkit.FakeLinear;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

class LinearConnectorContractTest extends ConnectorContract {
  private final LinearFixture fixture = new LinearFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Override
  protected ConnectorSession openSession() {
    return fixture.open();
  }

  @Override
  protected Mapping mapping() {
    return new LinearConnector().defaultMapping();
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        fixture.clock.advance(Duration.ofSeconds(1));
        return fixture.linear.createIssue(item.title());
      }

      @Override
      public void retitle(String id, String title) {
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.linear.editTitle(id, title);
      }

      @Override
      public List<String> createTied(List<WorkItem> items) {
        fixture.clock.advance(Duration.ofSeconds(1));
        return items.stream().map(i -> fixture.linear.createIssue(i.title())).toList();
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return LinearConnector.CAPABILITIES;
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return fixture.openWithBadCredentials();
  }

  /** Linear's delivery: {@code Linear-Signature} is the hex HMAC-SHA256 of the raw body. */
  @Override
  protected SignedDelivery webhookDelivery(ExternalItem item) {
    FakeLinear.Delivery delivery = fixture.linear.webhook("create", item.id(), LinearFixture.WEBHOOK_SECRET);
    return new SignedDelivery(delivery.headers(), delivery.body(), "Linear-Signature");
  }

  @Override
  protected Optional<String> unknownId() {
    return Optional.of("00000000-0000-4000-8000-000000000000");
  }
}
