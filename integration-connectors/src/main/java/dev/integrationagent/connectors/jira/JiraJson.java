package dev.integrationagent.connectors.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.mapping.text.TextFormats;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Jira's JSON as the connector reads and writes it: issues to {@link ExternalItem}s, comments to
 * {@link ExternalComment}s, and the mapping's issue shape to the {@code fields} of a create or
 * edit (labels as names, priority by name, assignee by account id, description as ADF).
 */
final class JiraJson {
  /** Jira's timestamps: {@code 2026-11-25T20:46:05.123+0000}. */
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** Fields Jira computes itself; they are never sent in a create or edit. */
  private static final Set<String> READ_ONLY = Set.of(
      "created", "updated", "creator", "reporter", "statuscategorychangedate", "lastViewed",
      "resolutiondate", "watches", "votes", "worklog", "comment", "attachment", "subtasks",
      "issuelinks", "progress", "aggregateprogress", "workratio", "timetracking", "statusCategory",
      "project", "issuetype", "status", "resolution");

  private JiraJson() {}

  static ExternalItem item(JsonNode issue, String connectionId) {
    String id = issue.path("id").asText("");
    JsonNode updated = issue.path("fields").path("updated");
    if (id.isEmpty() || !updated.isTextual()) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId,
          "Jira returned an issue without id or fields.updated (key '" + issue.path("key").asText("?")
              + "'); the item is skipped until Jira answers it in full", null);
    }
    Instant at = instant(updated.asText(), connectionId);
    return new ExternalItem(id, issue.path("key").asText(null), updated.asText(), at, issue, false);
  }

  static Instant instant(String text, String connectionId) {
    try {
      return OffsetDateTime.parse(text, TIMESTAMP).toInstant();
    } catch (DateTimeParseException notJira) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new IntegrationException(ErrorCategory.PERMANENT, connectionId,
            "Jira returned an unreadable timestamp '" + text + "'", e);
      }
    }
  }

  static ExternalComment comment(JsonNode comment, String itemId, String connectionId) {
    String created = comment.path("created").asText("");
    String updated = comment.path("updated").asText(created);
    JsonNode author = comment.path("author").path("accountId");
    return new ExternalComment(comment.path("id").asText(), itemId,
        author.isTextual() ? author.asText() : null, body(comment.get("body")),
        instant(created, connectionId), instant(updated, connectionId));
  }

  /** A comment or description body as Markdown: ADF is converted; webhooks send plain text. */
  static String body(@Nullable JsonNode body) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return "";
    }
    return body.isTextual() ? body.asText() : TextFormats.adfToMarkdown(body);
  }

  /** Writable part of a status-bearing patch: the target status name, or null. */
  static @Nullable String targetStatus(JsonNode fields) {
    JsonNode status = fields.get("status");
    if (status == null || status.isNull()) {
      return null;
    }
    if (status.isTextual()) {
      return status.asText();
    }
    JsonNode name = status.get("name");
    if (name != null && name.isTextual() && !name.asText().isBlank()) {
      return name.asText();
    }
    JsonNode category = status.path("statusCategory").path("key");
    return category.isTextual() ? category.asText() : null;
  }

  /**
   * The {@code fields} of a create or edit from the mapping's issue shape: read-only fields are
   * dropped, names become Jira's write forms, everything else (custom fields) goes as given.
   */
  static ObjectNode writableFields(JsonNode fields, boolean creating) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (fields == null || !fields.isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (READ_ONLY.contains(name)) {
        continue;
      }
      switch (name) {
        case "description", "environment" -> out.set(name, adf(value));
        case "priority" -> {
          // Jira requires a priority; "none" from the mapping keeps the current (or default) one
          JsonNode priority = byName(value, "name");
          if (!priority.isNull()) {
            out.set(name, priority);
          }
        }
        case "assignee" -> {
          JsonNode assignee = byName(value, "accountId");
          if (!(creating && assignee.isNull())) {
            out.set(name, assignee);
          }
        }
        case "labels" -> out.set(name, labels(value));
        default -> out.set(name, value);
      }
    }
    return out;
  }

  private static JsonNode adf(JsonNode value) {
    if (value.isTextual()) {
      return value.asText().isEmpty() ? JsonNodeFactory.instance.nullNode() : TextFormats.markdownToAdf(value.asText());
    }
    return value;
  }

  /**
   * {@code "High"} or {@code {"name": "High", "iconUrl": ...}} → {@code {"name": "High"}};
   * null, blank or {@code {"name": null}} → null.
   */
  private static JsonNode byName(JsonNode value, String key) {
    if (value.isTextual()) {
      return value.asText().isBlank() ? JsonNodeFactory.instance.nullNode()
          : JsonNodeFactory.instance.objectNode().put(key, value.asText());
    }
    if (!value.isObject()) {
      return JsonNodeFactory.instance.nullNode();
    }
    JsonNode named = value.get(key);
    if (named != null && named.isTextual() && !named.asText().isBlank()) {
      return JsonNodeFactory.instance.objectNode().set(key, named);
    }
    JsonNode id = value.get("id");
    return id != null && id.isValueNode() && !id.isNull()
        ? JsonNodeFactory.instance.objectNode().set("id", id) : JsonNodeFactory.instance.nullNode();
  }

  private static JsonNode labels(JsonNode value) {
    if (!value.isArray()) {
      return value.isNull() ? JsonNodeFactory.instance.arrayNode() : value;
    }
    var out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode label : value) {
      out.add(label.isObject() ? label.path("name").asText() : label.asText());
    }
    return out;
  }
}
