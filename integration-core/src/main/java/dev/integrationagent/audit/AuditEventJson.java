package dev.integrationagent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The JSON form of an audit event: one flat object per event, absent fields left out.
 *
 * <pre>{@code {"at":"2026-01-05T10:00:00Z","type":"item.created","outcome":"SUCCESS","runId":"…",
 * "planId":"a-b","connectionId":"b","itemId":"7","message":"…","attributes":{"source":"a:3"}}}</pre>
 */
public final class AuditEventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditEventJson() {}

  public static String write(AuditEvent e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("at", e.at().toString());
    node.put("type", e.type());
    node.put("outcome", e.outcome().name());
    putIfPresent(node, "runId", e.runId());
    putIfPresent(node, "planId", e.planId());
    putIfPresent(node, "connectionId", e.connectionId());
    putIfPresent(node, "itemId", e.itemId());
    node.put("message", e.message());
    ObjectNode attributes = node.putObject("attributes");
    e.attributes().forEach(attributes::put);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("an audit event failed to serialize", ex);
    }
  }

  /**
   * Reads one line written by {@link #write}.
   *
   * @throws IntegrationException {@code VALIDATION} naming what is wrong with the line
   */
  public static AuditEvent read(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      Map<String, String> attributes = new LinkedHashMap<>();
      node.path("attributes").properties().forEach(f -> attributes.put(f.getKey(), f.getValue().asText()));
      return new AuditEvent(Instant.parse(required(node, "at")), required(node, "type"),
          AuditEvent.Outcome.valueOf(required(node, "outcome")), optional(node, "runId"),
          optional(node, "planId"), optional(node, "connectionId"), optional(node, "itemId"),
          required(node, "message"), attributes);
    } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "not an audit event line: " + e.getMessage(), e);
    }
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
