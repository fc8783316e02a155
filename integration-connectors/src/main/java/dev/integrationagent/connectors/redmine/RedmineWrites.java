package dev.integrationagent.connectors.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an issue in the read shape (what {@code GET /issues/N.json} returns and the mapping
 * writes: {@code status: {name}}, {@code assigned_to: {id}}) into Redmine's write payload
 * ({@code status_id}, {@code assigned_to_id}), resolving names through {@link RedmineLookups}.
 */
final class RedmineWrites {
  private static final Logger log = LoggerFactory.getLogger(RedmineWrites.class);

  /** Written as they are read. */
  private static final Set<String> SCALARS = Set.of("subject", "description", "due_date", "start_date",
      "done_ratio", "estimated_hours", "is_private", "notes", "private_notes", "custom_fields",
      "status_id", "priority_id", "tracker_id", "assigned_to_id", "category_id", "fixed_version_id",
      "parent_issue_id", "watcher_user_ids");

  /** Read as {@code {id, name}} objects, written as {@code <name>_id}. */
  private static final Map<String, String> BY_ID = Map.of("assigned_to", "assigned_to_id",
      "category", "category_id", "fixed_version", "fixed_version_id", "parent", "parent_issue_id");

  /** Only ever read. */
  private static final Set<String> READ_ONLY = Set.of("id", "project", "author", "created_on", "updated_on",
      "closed_on", "spent_hours", "total_spent_hours", "total_estimated_hours", "journals", "children",
      "attachments", "relations", "changesets", "watchers", "allowed_statuses");

  private final String connectionId;
  private final RedmineLookups lookups;

  RedmineWrites(String connectionId, RedmineLookups lookups) {
    this.connectionId = connectionId;
    this.lookups = lookups;
  }

  /** The {@code issue} object of a PUT or POST body. */
  ObjectNode payload(JsonNode fields) {
    if (!fields.isObject()) {
      throw invalid("the item must be a JSON object, not " + fields.getNodeType());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    fields.properties().forEach(e -> write(e.getKey(), e.getValue(), out));
    return out;
  }

  private void write(String key, JsonNode value, ObjectNode out) {
    if (SCALARS.contains(key)) {
      out.set(key, value);
    } else if (BY_ID.containsKey(key)) {
      out.set(BY_ID.get(key), idOf(key, value));
    } else if ("status".equals(key)) {
      out.put("status_id", named(key, value, lookups::statusId));
    } else if ("priority".equals(key)) {
      out.put("priority_id", named(key, value, lookups::priorityId));
    } else if ("tracker".equals(key)) {
      out.put("tracker_id", named(key, value, lookups::trackerId));
    } else if (!READ_ONLY.contains(key)) {
      log.debug("{}: Redmine issues have no writable field '{}'; not written", connectionId, key);
    }
  }

  /** {@code {id: 5}} or {@code 5} as the id; null or {@code {}} clears (Redmine takes ""). */
  private JsonNode idOf(String key, JsonNode value) {
    JsonNode id = value.isObject() ? value.path("id") : value;
    if (id.isMissingNode() || id.isNull() || (id.isTextual() && id.textValue().isBlank())) {
      return JsonNodeFactory.instance.textNode("");
    }
    if (id.canConvertToLong() || (id.isTextual() && id.textValue().trim().matches("\\d+"))) {
      return JsonNodeFactory.instance.numberNode(Long.parseLong(id.asText().trim()));
    }
    throw invalid(key + " needs a numeric id, got " + value);
  }

  private long named(String key, JsonNode value, java.util.function.ToLongFunction<String> byName) {
    JsonNode id = value.path("id");
    if (id.canConvertToLong() && !id.isTextual()) {
      return id.asLong();
    }
    String name = value.isTextual() ? value.textValue() : value.path("name").asText("");
    if (name.isBlank()) {
      throw invalid(key + " needs a name or an id, got " + value);
    }
    return byName.applyAsLong(name);
  }

  static ArrayNode markerField(long fieldId, @Nullable String marker) {
    ArrayNode fields = JsonNodeFactory.instance.arrayNode();
    fields.addObject().put("id", fieldId).put("value", marker);
    return fields;
  }

  private IntegrationException invalid(String what) {
    return new IntegrationException(ErrorCategory.VALIDATION, connectionId,
        connectionId + ": cannot write the Redmine issue: " + what + ".", null);
  }
}
