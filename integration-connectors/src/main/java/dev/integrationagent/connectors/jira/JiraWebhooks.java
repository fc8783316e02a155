package dev.integrationagent.connectors.jira;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Jira webhook deliveries ({@code jira:issue_created}, {@code jira:issue_updated},
 * {@code jira:issue_deleted}, {@code comment_created}, {@code comment_updated}, ...). With a
 * secret, {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>} must match (compared in
 * constant time). A delivery's id is its {@code X-Atlassian-Webhook-Identifier}, the same for
 * each of Jira's retries of it; the agent drops a delivery it handled. Events of other projects
 * carry no change for this connection.
 *
 * <p>Webhooks send descriptions and comment bodies as wiki markup, not ADF, and a comment event's
 * issue without most of its fields. A delivery is therefore taken as a notice: the issue (and the
 * comment of a {@code comment_*} event) is read again through the REST API, which answers ADF, so
 * an event's item and comment are exactly what a listing would give. Only a deleted issue, which
 * cannot be read, comes from the delivery itself, and a deleted comment is reported as deleted.
 */
final class JiraWebhooks implements WebhookHandler {

  private final ConnectorContext context;
  private final String project;
  private final @Nullable byte[] secret;
  private final Function<String, Optional<ExternalItem>> issues;
  private final Function<String, List<ExternalComment>> comments;

  /**
   * @param issues reads an issue by id, as {@code get} does
   * @param comments reads an issue's comments by the issue's id
   */
  JiraWebhooks(ConnectorContext context, String project, @Nullable String secret,
      Function<String, Optional<ExternalItem>> issues, Function<String, List<ExternalComment>> comments) {
    this.context = context;
    this.project = project;
    this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.issues = issues;
    this.comments = comments;
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
    JsonNode issue = json.get("issue");
    if (issue == null || !issue.isObject()) {
      return Optional.empty();
    }
    String issueProject = issue.path("fields").path("project").path("key").asText(project);
    if (!issueProject.equals(project)) {
      return Optional.empty();
    }
    String issueId = issue.path("id").asText("");
    if (issueId.isEmpty()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, context.connectionId(),
          "a Jira webhook delivery (" + kind + ") names an issue without an id", null);
    }
    List<ExternalItem> items;
    if (kind.equals("jira:issue_deleted")) {
      items = List.of(tombstone(issue, json));
    } else {
      // a notice: the issue as the REST API has it (ADF), not the delivery's wiki markup
      items = issues.apply(issueId).map(List::of).orElseGet(() -> List.of(tombstone(issue, json)));
    }
    List<ExternalComment> commented = List.of();
    List<String> deletedComments = List.of();
    JsonNode comment = json.get("comment");
    String commentId = comment == null ? "" : comment.path("id").asText("");
    if (kind.equals("comment_deleted") && !commentId.isEmpty()) {
      deletedComments = List.of(commentId);
    } else if (kind.startsWith("comment_") && !commentId.isEmpty() && !items.get(0).deleted()) {
      commented = comments.apply(issueId).stream().filter(c -> c.id().equals(commentId)).toList();
    }
    return Optional.of(new WebhookEvent(deliveryId, kind, items, commented, deletedComments));
  }

  /** An issue that can no longer be read: deleted, as the delivery names it. */
  private ExternalItem tombstone(JsonNode issue, JsonNode delivery) {
    JsonNode updated = issue.path("fields").path("updated");
    Instant at = updated.isTextual() ? JiraJson.instant(updated.asText(), context.connectionId())
        : Instant.ofEpochMilli(delivery.path("timestamp").asLong(context.clock().millis()));
    return new ExternalItem(issue.path("id").asText(), issue.path("key").asText(null),
        updated.isTextual() ? updated.asText() : null, at, issue, true);
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
