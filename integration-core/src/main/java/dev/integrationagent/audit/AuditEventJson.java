package dev.integrationagent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.event.FieldChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The JSON form of an audit record, schema version {@value AuditEvent#SCHEMA_VERSION}: one object
 * per record, absent fields left out, described by {@link #SCHEMA_RESOURCE}.
 *
 * <pre>{@code {"schemaVersion":1,"id":"…","at":"2026-01-05T10:00:00Z","operation":"item.updated",
 * "outcome":"SUCCESS","actor":{"kind":"WORKFLOW","id":"triage"},"workflowId":"triage",
 * "workflowRunId":"…","connectionId":"jira","itemId":"APP-3","changes":{"status":{"old":"Open",
 * "new":"Done"}},"eventId":"…","causation":["…"],"message":"…","attributes":{}}}</pre>
 *
 * <p>A line of schema version 0 (no {@code schemaVersion}, {@code type} for the operation) is
 * still read.
 */
public final class AuditEventJson {
  /** The JSON Schema of one record, a resource of this jar. */
  public static final String SCHEMA_RESOURCE = "/dev/integrationagent/audit/audit-event.schema.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditEventJson() {}

  public static String write(AuditEvent e) {
    try {
      return JSON.writeValueAsString(tree(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("an audit event failed to serialize", ex);
    }
  }

  /** The record as a JSON object, fields in the order of the schema. */
  public static ObjectNode tree(AuditEvent e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schemaVersion", AuditEvent.SCHEMA_VERSION);
    node.put("id", e.id());
    node.put("at", e.at().toString());
    node.put("operation", e.operation());
    node.put("outcome", e.outcome().name());
    node.putObject("actor").put("kind", e.actor().kind().name()).put("id", e.actor().id());
    putIfPresent(node, "planId", e.planId());
    putIfPresent(node, "runId", e.runId());
    putIfPresent(node, "workflowId", e.workflowId());
    putIfPresent(node, "workflowRunId", e.workflowRunId());
    putIfPresent(node, "connectionId", e.connectionId());
    putIfPresent(node, "itemId", e.itemId());
    putIfPresent(node, "counterpartConnectionId", e.counterpartConnectionId());
    putIfPresent(node, "counterpartItemId", e.counterpartItemId());
    if (!e.changes().isEmpty()) {
      ObjectNode changes = node.putObject("changes");
      e.changes().forEach((field, c) -> {
        ObjectNode change = changes.putObject(field);
        change.set("old", c.oldValue());
        change.set("new", c.newValue());
      });
    }
    if (e.errorCategory() != null) {
      node.put("errorCategory", e.errorCategory().name());
    }
    putIfPresent(node, "eventId", e.eventId());
    if (!e.causation().isEmpty()) {
      e.causation().forEach(node.putArray("causation")::add);
    }
    node.put("message", e.message());
    ObjectNode attributes = node.putObject("attributes");
    e.attributes().forEach(attributes::put);
    return node;
  }

  /**
   * Reads one line written by {@link #write}.
   *
   * @throws IntegrationException {@code VALIDATION} naming what is wrong with the line
   */
  public static AuditEvent read(String line) {
    try {
      return read(JSON.readTree(line));
    } catch (JsonProcessingException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "not an audit event line: " + e.getMessage(), e);
    }
  }

  /** Reads one object written by {@link #tree}. */
  public static AuditEvent read(JsonNode node) {
    try {
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      int version = node.path("schemaVersion").asInt(0);
      if (version > AuditEvent.SCHEMA_VERSION) {
        throw new IllegalArgumentException("schemaVersion " + version + " is newer than this reader's "
            + AuditEvent.SCHEMA_VERSION);
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      node.path("attributes").properties().forEach(f -> attributes.put(f.getKey(), f.getValue().asText()));
      AuditEvent.Builder b = AuditEvent.builder(required(node, version == 0 ? "type" : "operation"),
          AuditEvent.Outcome.valueOf(required(node, "outcome")), Instant.parse(required(node, "at")));
      if (version == 0) {
        return b.run(optional(node, "runId")).plan(optional(node, "planId"))
            .connection(optional(node, "connectionId")).item(optional(node, "itemId"))
            .message(required(node, "message")).attributes(attributes).build();
      }
      JsonNode actor = node.path("actor");
      b.id(required(node, "id"))
          .actor(new AuditEvent.Actor(AuditEvent.Actor.Kind.valueOf(required(actor, "kind")), required(actor, "id")))
          .plan(optional(node, "planId")).run(optional(node, "runId"))
          .workflow(optional(node, "workflowId"), optional(node, "workflowRunId"))
          .connection(optional(node, "connectionId")).item(optional(node, "itemId"))
          .counterpart(optional(node, "counterpartConnectionId"), optional(node, "counterpartItemId"));
      node.path("changes").properties().forEach(f -> b.change(f.getKey(),
          new FieldChange(orNull(f.getValue().get("old")), orNull(f.getValue().get("new")))));
      String category = optional(node, "errorCategory");
      b.errorCategory(category == null ? null : ErrorCategory.valueOf(category));
      List<String> causation = new ArrayList<>();
      node.path("causation").forEach(c -> causation.add(c.asText()));
      return b.event(optional(node, "eventId"), causation).message(required(node, "message"))
          .attributes(attributes).build();
    } catch (DateTimeParseException | IllegalArgumentException | NullPointerException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "not an audit event line: " + e.getMessage(), e);
    }
  }

  private static JsonNode orNull(@Nullable JsonNode value) {
    return value == null ? NullNode.getInstance() : value;
  }

  private static void putIfPresent(ObjectNode node, String name, @Nullable String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static String required(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field '" + name + "' is missing or not a string");
    }
    return value.textValue();
  }

  private static @Nullable String optional(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
