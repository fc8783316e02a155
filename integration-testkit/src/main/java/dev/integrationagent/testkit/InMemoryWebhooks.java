package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The in-memory tracker's webhooks, signed like GitHub's: header {@code X-InMemory-Signature:
 * sha256=<hex HMAC-SHA256 of the raw body>}, body {@code {"delivery":"…","event":"items","items":["1"]}}.
 */
final class InMemoryWebhooks implements WebhookHandler {
  static final String SIGNATURE = "X-InMemory-Signature";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryConnector tracker;
  private final String secret;

  InMemoryWebhooks(InMemoryConnector tracker, String secret) {
    this.tracker = tracker;
    this.secret = secret;
  }

  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  static byte[] body(String deliveryId, String event, List<String> itemIds) {
    ObjectNode node = JSON.createObjectNode().put("delivery", deliveryId).put("event", event);
    itemIds.forEach(node.putArray("items")::add);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<WebhookEvent> handle(Map<String, List<String>> headers, byte[] body) {
    String signature = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(SIGNATURE))
        .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
        sign(secret, body).getBytes(StandardCharsets.UTF_8))) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, tracker.name(),
          "webhook delivery for " + tracker.name() + " has a missing or wrong " + SIGNATURE + "; check the secret", null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, tracker.name(), "webhook body is not JSON", e);
    }
    if ("ping".equals(root.path("event").asText())) {
      return Optional.empty();
    }
    List<ExternalItem> items = new ArrayList<>();
    root.path("items").forEach(id -> tracker.findForEvent(id.asText())
        .ifPresent(s -> items.add(new ExternalItem(s.id, "#" + s.id, Long.toString(s.version), s.updatedAt, s.data,
            s.deleted))));
    return Optional.of(new WebhookEvent(root.path("delivery").asText(), root.path("event").asText(), items, List.of()));
  }
}
