package dev.integrationagent.connectors.github;

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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies GitHub deliveries ({@code X-Hub-Signature-256}: {@code sha256=} and the hex
 * HMAC-SHA256 of the raw body with the webhook secret, compared in constant time) and turns
 * {@code issues} and {@code issue_comment} events into changes; {@code ping} carries none. A
 * redelivery (the same {@code X-GitHub-Delivery}) is returned again: the agent drops it if it
 * handled the first. A transferred issue ({@code issues.transferred}) has left the repository and
 * is reported as deleted here; a deleted comment is reported as deleted, never as added.
 */
final class GitHubWebhooks implements WebhookHandler {
  private static final Logger log = LoggerFactory.getLogger(GitHubWebhooks.class);

  private final byte[] secret;
  private final String connectionId;
  private final ObjectMapper json;

  GitHubWebhooks(String secret, String connectionId, ObjectMapper json) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.connectionId = connectionId;
    this.json = json;
  }

  @Override
  public Optional<WebhookEvent> handle(Map<String, List<String>> headers, byte[] body) {
    String signature = header(headers, "X-Hub-Signature-256");
    if (signature == null) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, connectionId,
          connectionId + ": webhook delivery without X-Hub-Signature-256; set the webhook's secret in GitHub.", null);
    }
    if (!MessageDigest.isEqual(signature.trim().getBytes(StandardCharsets.US_ASCII),
        expectedSignature(body).getBytes(StandardCharsets.US_ASCII))) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, connectionId,
          connectionId + ": webhook signature does not match; check that GitHub and this connection use the same secret.", null);
    }
    String delivery = header(headers, "X-GitHub-Delivery");
    String event = header(headers, "X-GitHub-Event");
    if (delivery == null || event == null) {
      throw invalid("without X-GitHub-Delivery or X-GitHub-Event");
    }
    if (event.equals("ping")) {
      return Optional.empty();
    }
    JsonNode payload;
    try {
      payload = json.readTree(body);
    } catch (IOException e) {
      throw invalid("with a body that is not JSON");
    }
    if (payload == null || !payload.isObject()) {
      throw invalid("with a body that is not a JSON object");
    }
    return parse(delivery, event, payload);
  }

  /** GitHub's signature of {@code body} with this handler's secret. */
  String expectedSignature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private Optional<WebhookEvent> parse(String delivery, String event, JsonNode payload) {
    String kind = event + "." + payload.path("action").asText("");
    JsonNode issue = payload.path("issue");
    if (!event.equals("issues") && !event.equals("issue_comment")) {
      log.debug("{}: webhook event {} carries no issue change, ignored", connectionId, event);
      return Optional.empty();
    }
    if (!issue.isObject()) {
      throw invalid("'" + event + "' without an issue");
    }
    if (issue.has("pull_request")) {
      return Optional.empty(); // pull requests are not synchronized
    }
    ExternalItem item = GitHubPayloads.toItem(issue, connectionId);
    if (kind.equals("issues.deleted") || kind.equals("issues.transferred")) {
      // a transferred issue now lives in another repository: for this connection it is gone
      item = new ExternalItem(item.id(), item.key(), item.version(), item.updatedAt(), item.data(), true);
    }
    List<ExternalComment> comments = List.of();
    List<String> deletedComments = List.of();
    if (kind.equals("issue_comment.deleted")) {
      ExternalComment gone = comment(payload.path("comment"), item.id());
      deletedComments = List.of(gone.id());
    } else if (event.equals("issue_comment")) {
      comments = List.of(comment(payload.path("comment"), item.id()));
    }
    return Optional.of(new WebhookEvent(delivery, kind, List.of(item), comments, deletedComments));
  }

  private ExternalComment comment(JsonNode c, String itemId) {
    if (!c.path("id").canConvertToLong()) {
      throw invalid("'issue_comment' without a comment id");
    }
    try {
      Instant created = Instant.parse(c.path("created_at").asText());
      Instant updated = c.path("updated_at").isTextual() ? Instant.parse(c.path("updated_at").asText()) : created;
      return new ExternalComment(c.path("id").asText(), itemId,
          c.path("user").path("login").isTextual() ? c.path("user").path("login").asText() : null,
          c.path("body").asText(""), created, updated);
    } catch (DateTimeParseException e) {
      throw invalid("'issue_comment' with a bad timestamp");
    }
  }

  private IntegrationException invalid(String what) {
    return new IntegrationException(ErrorCategory.VALIDATION, connectionId,
        connectionId + ": webhook delivery " + what + "; is the webhook's content type application/json?", null);
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
          && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
