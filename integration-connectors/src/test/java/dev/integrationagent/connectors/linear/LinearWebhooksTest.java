package dev.integrationagent.connectors.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.testkit.FakeLinear;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Linear's deliveries: signature, the one-minute window of {@code webhookTimestamp}, delivery ids. */
class LinearWebhooksTest {
  private final LinearFixture fixture = new LinearFixture();
  private final ConnectorSession session = fixture.open();
  private final WebhookHandler handler = session.webhooks().orElseThrow();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aDeliveryWithinAMinuteOfItsTimestampIsAccepted() {
    String id = fixture.linear.createIssue("Fresh");
    FakeLinear.Delivery delivery = fixture.linear.webhook("update", id, LinearFixture.WEBHOOK_SECRET);
    fixture.clock.advance(Duration.ofSeconds(59));

    Optional<WebhookEvent> event = handler.handle(delivery.headers(), delivery.body());

    assertThat(event).map(WebhookEvent::kind).contains("Issue.update");
    assertThat(event.get().items()).extracting(ExternalItem::id).containsExactly(id);
  }

  @Test
  void aDeliveryMoreThanAMinuteOldIsRefusedAsAReplay() {
    String id = fixture.linear.createIssue("Stale");
    FakeLinear.Delivery delivery = fixture.linear.webhook("update", id, LinearFixture.WEBHOOK_SECRET);
    fixture.clock.advance(Duration.ofSeconds(61));

    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> handler.handle(delivery.headers(), delivery.body()));

    assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
    assertThat(e.getMessage()).contains("replayed");
  }

  @Test
  void theSameDeliveryHandledTwiceCarriesItsLinearDeliveryIdBothTimes() {
    String id = fixture.linear.createIssue("Twice");
    FakeLinear.Delivery delivery = fixture.linear.webhook("update", id, LinearFixture.WEBHOOK_SECRET);

    String first = handler.handle(delivery.headers(), delivery.body()).orElseThrow().deliveryId();
    String again = handler.handle(delivery.headers(), delivery.body()).orElseThrow().deliveryId();

    assertThat(first).isEqualTo(delivery.headers().get("Linear-Delivery").get(0)).isEqualTo(again);
  }

  @Test
  void aRemovedIssueIsReportedDeleted() {
    String id = fixture.linear.createIssue("Gone");
    FakeLinear.Delivery delivery = fixture.linear.webhook("remove", id, LinearFixture.WEBHOOK_SECRET);

    WebhookEvent event = handler.handle(delivery.headers(), delivery.body()).orElseThrow();

    assertThat(event.items()).singleElement().satisfies(i -> assertThat(i.deleted()).isTrue());
  }

  @Test
  void aDeliverySignedWithAnotherSecretIsRefused() {
    String id = fixture.linear.createIssue("Forged");
    FakeLinear.Delivery delivery = fixture.linear.webhook("update", id, "someone-else");

    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> handler.handle(delivery.headers(), delivery.body()));

    assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
  }
}
