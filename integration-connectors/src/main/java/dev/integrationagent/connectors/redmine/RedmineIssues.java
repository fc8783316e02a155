package dev.integrationagent.connectors.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns Redmine issue objects into {@link ExternalItem}s. The version is {@code updated_on} plus a
 * signature of the issue's content: Redmine stamps {@code updated_on} to the second, so two edits
 * within one second share it, and only the content tells them apart.
 */
final class RedmineIssues {
  /** Parts of an issue that are not its own state (time spent, optional includes). */
  private static final Set<String> NOT_SIGNED = Set.of("journals", "children", "attachments",
      "relations", "changesets", "watchers", "allowed_statuses", "spent_hours", "total_spent_hours");

  private RedmineIssues() {}

  static ExternalItem toItem(JsonNode issue, String connectionId) {
    String id = issue.path("id").asText("");
    Instant updated = timestamp(issue.path("updated_on").asText(""), connectionId, id);
    if (!id.matches("\\d+")) {
      throw malformed(connectionId, "an issue without a numeric id");
    }
    ObjectNode data = issue.deepCopy();
    data.remove("journals");
    return new ExternalItem(id, "#" + id, version(updated, issue), updated, data, false);
  }

  static String version(Instant updated, JsonNode issue) {
    return updated + "/" + signature(issue);
  }

  /** The {@code updated_on} part of a version. */
  static Instant updatedOf(String version) {
    int slash = version.indexOf('/');
    return Instant.parse(slash < 0 ? version : version.substring(0, slash));
  }

  static Instant timestamp(String text, String connectionId, String id) {
    return timestamp(text, connectionId, id, "updated_on");
  }

  /** A time Redmine wrote, or VALIDATION naming the issue and the field that holds something else. */
  static Instant timestamp(String text, String connectionId, String id, String field) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw malformed(connectionId, "issue " + id + " with an unreadable " + field + " ('" + text + "')");
    }
  }

  private static String signature(JsonNode issue) {
    StringBuilder canonical = new StringBuilder();
    write(issue, canonical, true);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Keys sorted, so that the same state signs the same whichever order the server writes. */
  private static void write(JsonNode node, StringBuilder out, boolean top) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(e -> {
        if (!top || !NOT_SIGNED.contains(e.getKey())) {
          sorted.put(e.getKey(), e.getValue());
        }
      });
      out.append('{');
      sorted.forEach((k, v) -> {
        out.append(k).append(':');
        write(v, out, false);
        out.append(',');
      });
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        write(it.next(), out, false);
        out.append(',');
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }

  static IntegrationException malformed(String connectionId, String what) {
    return new IntegrationException(ErrorCategory.PERMANENT, connectionId,
        connectionId + ": Redmine returned " + what + "; check that the URL points at Redmine's REST API.", null);
  }
}
