package dev.integrationagent.connectors.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Linear's webhook deliveries. Linear signs the raw body: {@code Linear-Signature} is the hex
 * HMAC-SHA256 of the body bytes with the webhook's signing secret. The body carries
 * {@code webhookTimestamp} (epoch milliseconds of the send); a delivery more than a minute from
 * the agent's clock is refused, so a captured delivery cannot be replayed later (the timestamp is
 * inside the signed body, so it cannot be changed either). {@code Linear-Delivery} names the
 * delivery and stays the same when Linear sends it again: it is the event's delivery id, by which
 * the agent drops a delivery it has handled.
 *
 * <p>{@code Issue} events report the issue (as a notice: the agent reads it again), with
 * {@code remove} as a delete; {@code Comment} events report the comment. Events of other teams
 * and of other entity types carry no change for this connection.
 */
final class LinearWebhooks implements WebhookHandler {
  static final String SIGNATURE = "Linear-Signature";
  static final String DELIVERY = "Linear-Delivery";
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  private final String connectionId;
  private final byte[] secret;
  private final Clock clock;
  private final ObjectMapper json;
  private final Supplier<String> teamId;

  LinearWebhooks(String connectionId, String secret, Clock clock, ObjectMapper json, Supplier<String> teamId) {
    this.connectionId = connectionId;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.json = json;
    this.teamId = teamId;
  }

  @Override
  public Optional<WebhookEvent> handle(Map<String, List<String>> headers, byte[] body) {
    String signature = header(headers, SIGNATURE);
    if (signature == null || signature.isBlank()) {
      throw refused("has no " + SIGNATURE + " header");
    }
    if (!MessageDigest.isEqual(sign(body), signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw refused("has a " + SIGNATURE + " that does not match its body; check the webhook's signing secret");
    }
    JsonNode payload;
    try {
      payload = json.readTree(body);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
          connectionId + ": a Linear webhook delivery is not JSON", null);
    }
    if (payload == null || !payload.path("webhookTimestamp").canConvertToLong()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
          connectionId + ": a Linear webhook delivery has no numeric webhookTimestamp", null);
    }
    Instant sent = Instant.ofEpochMilli(payload.path("webhookTimestamp").asLong());
    Duration age = Duration.between(sent, clock.instant()).abs();
    if (age.compareTo(MAX_AGE) > 0) {
      throw refused("was sent at " + sent + ", " + age.toSeconds() + " s from now (at most " + MAX_AGE.toSeconds()
          + " s are accepted): a replayed or delayed delivery");
    }
    String delivery = header(headers, DELIVERY);
    if (delivery == null || delivery.isBlank()) {
      delivery = payload.path("webhookId").asText("linear") + ":" + payload.path("webhookTimestamp").asText();
    }
    String type = payload.path("type").asText("");
    String action = payload.path("action").asText("");
    JsonNode data = payload.path("data");
    String kind = type + "." + action;
    if (type.equals("Issue")) {
      if (!ofThisTeam(data.path("teamId").asText(data.path("team").path("id").asText("")))) {
        return Optional.empty();
      }
      ExternalItem item = LinearJson.item(data, connectionId);
      if (action.equals("remove")) {
        item = new ExternalItem(item.id(), item.key(), item.version(), item.updatedAt(), item.data(), true);
      }
      return Optional.of(new WebhookEvent(delivery, kind, List.of(item), List.of()));
    }
    if (type.equals("Comment")) {
      String issueId = data.path("issueId").asText(data.path("issue").path("id").asText(""));
      if (issueId.isEmpty()) {
        return Optional.empty();
      }
      if (action.equals("remove")) {
        return Optional.of(new WebhookEvent(delivery, kind, List.of(), List.of(), List.of(data.path("id").asText())));
      }
      ExternalComment comment = LinearJson.comment(data, issueId, connectionId);
      return Optional.of(new WebhookEvent(delivery, kind, List.of(), List.of(comment)));
    }
    return Optional.empty();
  }

  private boolean ofThisTeam(String id) {
    return id.isEmpty() || id.equals(teamId.get());
  }

  private byte[] sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private IntegrationException refused(String why) {
    return new IntegrationException(ErrorCategory.AUTHENTICATION, connectionId,
        connectionId + ": a Linear webhook delivery " + why, null);
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }
}
