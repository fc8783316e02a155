package dev.integrationagent.connectors.jira;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.mapping.text.TextFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Jira webhook deliveries ({@code jira:issue_created}, {@code jira:issue_updated},
 * {@code jira:issue_deleted}, {@code comment_created}, {@code comment_updated}, ...). With a
 * secret, {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>} must match (compared in
 * constant time). Replays are dropped by {@code X-Atlassian-Webhook-Identifier}. Events of other
 * projects carry no change for this connection.
 *
 * <p>Webhooks send descriptions and comment bodies as wiki-markup text, not ADF: they are turned
 * into ADF as if Markdown, so items from a webhook are approximate and the engine should re-read
 * them with {@code get} before writing elsewhere.
 */
final class JiraWebhooks implements WebhookHandler {
  private static final int REMEMBERED_DELIVERIES = 10_000;

  private final ConnectorContext context;
  private final String project;
  private final @Nullable byte[] secret;
  private final Map<String, Boolean> delivered = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_DELIVERIES;
    }
  };

  JiraWebhooks(ConnectorContext context, String project, @Nullable String secret) {
    this.context = context;
    this.project = project;
    this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<WebhookEvent> handle(Map<String, List<String>> headers, byte[] body) {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    if (secret != null) {
      verify(header(headers, "X-Hub-Signature"), body);
    }
    JsonNode json;
    try {
      json = context.json().readTree(body);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, context.connectionId(),
          "a Jira webhook delivery is not JSON (" + body.length + " bytes)", null);
    }
    if (json == null || !json.isObject()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, context.connectionId(),
          "a Jira webhook delivery is not a JSON object", null);
    }
    String kind = json.path("webhookEvent").asText("");
    if (kind.isEmpty()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, context.connectionId(),
          "a Jira webhook delivery has no webhookEvent", null);
    }
    String deliveryId = header(headers, "X-Atlassian-Webhook-Identifier");
    if (deliveryId == null) {
      deliveryId = kind + ":" + json.path("timestamp").asText("") + ":" + sha256(body);
    }
    synchronized (delivered) {
      if (delivered.putIfAbsent(deliveryId, Boolean.TRUE) != null) {
        return Optional.empty();
      }
    }
    JsonNode issue = json.get("issue");
    if (issue == null || !issue.isObject()) {
      return Optional.empty();
    }
    String issueProject = issue.path("fields").path("project").path("key").asText(project);
    if (!issueProject.equals(project)) {
      return Optional.empty();
    }
    ObjectNode data = issue.deepCopy();
    JsonNode description = data.path("fields").get("description");
    if (description != null && description.isTextual()) {
      ((ObjectNode) data.get("fields")).set("description", TextFormats.markdownToAdf(description.asText()));
    }
    List<ExternalItem> items = List.of();
    if (data.path("fields").path("updated").isTextual()) {
      ExternalItem item = JiraJson.item(data, context.connectionId());
      items = List.of(kind.equals("jira:issue_deleted")
          ? new ExternalItem(item.id(), item.key(), item.version(), item.updatedAt(), data, true) : item);
    }
    List<ExternalComment> comments = List.of();
    JsonNode comment = json.get("comment");
    if (comment != null && comment.isObject() && comment.path("created").isTextual()) {
      comments = List.of(JiraJson.comment(comment, issue.path("id").asText(), context.connectionId()));
    }
    return Optional.of(new WebhookEvent(deliveryId, kind, items, comments));
  }

  private void verify(@Nullable String signature, byte[] body) {
    if (signature == null || !signature.startsWith("sha256=")) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, context.connectionId(),
          "a Jira webhook delivery has no X-Hub-Signature sha256 signature; check the webhook's secret in Jira", null);
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature.substring("sha256=".length()).strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    if (!MessageDigest.isEqual(hmac(body), given)) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, context.connectionId(),
          "a Jira webhook delivery's X-Hub-Signature does not match its body; "
              + "the secret configured in Jira differs from this connection's webhookSecret", null);
    }
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }
}
