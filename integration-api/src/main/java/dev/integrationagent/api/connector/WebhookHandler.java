package dev.integrationagent.api.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Verifies and parses a tool's webhook deliveries for one connection. */
public interface WebhookHandler {
  /**
   * Verifies the delivery's signature and parses it.
   *
   * @param headers request headers, names in any case
   * @param body the raw body bytes exactly as received (signatures cover the bytes)
   * @return the event, or empty for a delivery that carries no change (a ping). A delivery
   *     received again (a retry, a manual redelivery) is returned again with the same
   *     {@link WebhookEvent#deliveryId()}: the agent, which knows whether it was handled, drops
   *     it or applies it
   * @throws dev.integrationagent.api.IntegrationException {@code AUTHENTICATION} when the
   *     signature is missing or wrong, {@code VALIDATION} when the body is malformed
   */
  Optional<WebhookEvent> handle(Map<String, List<String>> headers, byte[] body);
}
