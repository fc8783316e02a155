package dev.integrationagent.connectors.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Linear's JSON to the engine's values and back. An issue is handed to the mapping exactly as the
 * GraphQL answer has it ({@link LinearQueries#ISSUE_FIELDS}); writes take the same shape and keep
 * only what {@code IssueCreateInput}/{@code IssueUpdateInput} accept.
 */
final class LinearJson {
  /** Scalar fields of the issue shape that the write inputs take under the same name. */
  private static final List<String> WRITABLE = List.of("title", "description", "priority", "dueDate", "estimate");

  private LinearJson() {}

  static ExternalItem item(JsonNode issue, String connectionId) {
    String id = issue.path("id").asText("");
    if (id.isBlank()) {
      throw invalid(connectionId, "an issue without an id");
    }
    Instant updatedAt = instant(issue.path("updatedAt"), "updatedAt", id, connectionId);
    String key = issue.path("identifier").asText(null);
    boolean deleted = issue.path("trashed").asBoolean(false);
    return new ExternalItem(id, key, updatedAt.toString(), updatedAt, issue, deleted);
  }

  static ExternalComment comment(JsonNode comment, String issueId, String connectionId) {
    String id = comment.path("id").asText("");
    if (id.isBlank()) {
      throw invalid(connectionId, "a comment without an id on issue " + issueId);
    }
    JsonNode user = comment.path("user");
    String author = user.isObject() ? user.path("name").asText(user.path("id").asText(null)) : null;
    return new ExternalComment(id, issueId, author, comment.path("body").asText(""),
        instant(comment.path("createdAt"), "createdAt", id, connectionId),
        instant(comment.path("updatedAt"), "updatedAt", id, connectionId));
  }

  /**
   * The input of a create or update from the mapping's issue shape: writable scalars as they are,
   * {@code assignee.id} as {@code assigneeId}. The state is resolved apart ({@link LinearStates}).
   */
  static ObjectNode input(JsonNode fields) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    for (String name : WRITABLE) {
      if (fields.has(name)) {
        input.set(name, fields.get(name));
      }
    }
    if (fields.has("assignee")) {
      JsonNode assignee = fields.get("assignee");
      input.set("assigneeId", assignee.isObject() ? assignee.path("id") : JsonNodeFactory.instance.nullNode());
    }
    if (fields.has("assigneeId")) {
      input.set("assigneeId", fields.get("assigneeId"));
    }
    return input;
  }

  /** The requested state, {@code {"name": ..., "type": ...}}, or null when the write names none. */
  static @Nullable JsonNode state(JsonNode fields) {
    JsonNode state = fields.get("state");
    return state == null || !state.isObject() ? null : state;
  }

  private static Instant instant(JsonNode value, String field, String id, String connectionId) {
    try {
      return Instant.parse(value.asText(""));
    } catch (DateTimeParseException e) {
      throw invalid(connectionId, "'" + field + "' of " + id + " is not a timestamp: '" + value.asText("") + "'");
    }
  }

  private static IntegrationException invalid(String connectionId, String what) {
    return new IntegrationException(ErrorCategory.VALIDATION, connectionId,
        connectionId + ": Linear answered " + what, null);
  }
}
