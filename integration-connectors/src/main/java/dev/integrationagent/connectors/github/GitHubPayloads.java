package dev.integrationagent.connectors.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between GitHub's issue object (what the mapping reads and writes) and GitHub's write payloads,
 * which take label names, assignee logins and a milestone number instead of objects.
 */
final class GitHubPayloads {
  private static final Logger log = LoggerFactory.getLogger(GitHubPayloads.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GitHubPayloads() {}

  /**
   * The {@code POST}/{@code PATCH} body for fields in the issue object's shape. Read-only fields
   * of the issue object ({@code number}, {@code created_at}, {@code user}, …) are left out.
   */
  static ObjectNode writePayload(JsonNode fields, String connectionId) {
    if (!fields.isObject()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
          connectionId + ": GitHub issue fields must be a JSON object but were " + fields.getNodeType(), null);
    }
    ObjectNode out = NODES.objectNode();
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "title", "body", "state", "state_reason" -> out.set(e.getKey(), v);
        case "labels" -> out.set("labels", names(v, "name"));
        case "assignees" -> out.set("assignees", names(v, "login"));
        case "milestone" -> {
          if (v.isNull() || v.canConvertToInt()) {
            out.set("milestone", v);
          } else if (v.path("number").canConvertToInt()) {
            out.put("milestone", v.path("number").asInt());
          } else {
            ignored.add("milestone (needs a number)");
          }
        }
        default -> ignored.add(e.getKey());
      }
    }
    if (!ignored.isEmpty()) {
      log.debug("{}: not written to GitHub (read-only or unknown): {}", connectionId, ignored);
    }
    return out;
  }

  /** An array of names from strings or objects carrying {@code field}; null clears. */
  private static ArrayNode names(JsonNode values, String field) {
    ArrayNode out = NODES.arrayNode();
    if (values.isArray()) {
      for (JsonNode v : values) {
        if (v.isTextual()) {
          out.add(v.textValue());
        } else if (v.path(field).isTextual()) {
          out.add(v.path(field).textValue());
        } else {
          out.add(v); // GitHub answers 422 with the field name, which says more than we could
        }
      }
    } else if (!values.isNull()) {
      out.add(values);
    }
    return out;
  }

  /** The issue as the connector returns it: the marker stripped from the body. */
  static ExternalItem toItem(JsonNode issue, String connectionId) {
    JsonNode number = issue.path("number");
    String updated = issue.path("updated_at").asText("");
    if (!number.canConvertToInt() || updated.isEmpty()) {
      throw malformed(connectionId, "an issue without number or updated_at");
    }
    Instant updatedAt;
    try {
      updatedAt = Instant.parse(updated);
    } catch (DateTimeParseException e) {
      throw malformed(connectionId, "updated_at '" + updated + "' is not an ISO-8601 instant");
    }
    ObjectNode data = issue.deepCopy();
    boolean deleted = GitHubMarkers.tombstoned(issue.path("body").asText(null));
    if (data.path("body").isTextual()) {
      data.put("body", GitHubMarkers.strip(data.path("body").textValue()));
    }
    return new ExternalItem(number.asText(), "#" + number.asText(), updated, updatedAt, data, deleted);
  }

  static Instant updatedAt(JsonNode issue, String connectionId) {
    try {
      return Instant.parse(issue.path("updated_at").asText(""));
    } catch (DateTimeParseException e) {
      throw malformed(connectionId, "updated_at '" + issue.path("updated_at").asText() + "' is not an ISO-8601 instant");
    }
  }

  /**
   * A short digest of what a person can change on an issue, so that an edit within the same
   * second as the one already seen (same {@code updated_at}) is still recognised as new.
   */
  static String fingerprint(JsonNode issue) {
    StringBuilder s = new StringBuilder();
    for (String field : List.of("title", "body", "state", "state_reason", "locked", "comments")) {
      s.append(issue.path(field).asText("")).append('\u0000');
    }
    issue.path("labels").forEach(l -> s.append(l.path("name").asText()).append('\u0001'));
    issue.path("assignees").forEach(a -> s.append(a.path("login").asText()).append('\u0001'));
    s.append(issue.path("milestone").path("number").asText(""));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static IntegrationException malformed(String connectionId, String what) {
    return new IntegrationException(ErrorCategory.PERMANENT, connectionId,
        connectionId + ": GitHub returned " + what + "; check the base URL points at the GitHub REST API.", null);
  }
}
