package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.FieldChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * An event as workflow expressions see it ({@code .event.type}, {@code .event.changes.labels.newValue},
 * {@code .event.snapshot.title}), and back, for a run's record.
 */
final class EventJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EventJson() {}

  static ObjectNode toJson(ChangeEvent e) {
    ObjectNode out = NODES.objectNode();
    out.put("id", e.id());
    out.put("offset", e.offset());
    out.put("type", e.type());
    out.put("at", e.at().toString());
    out.put("origin", e.origin().name());
    out.put("connectionId", e.connectionId());
    out.put("planId", e.planId());
    out.put("runId", e.runId());
    out.put("itemId", e.itemId());
    out.set("snapshot", e.snapshot() == null ? NODES.nullNode() : e.snapshot().deepCopy());
    ObjectNode changes = out.putObject("changes");
    e.changes().forEach((field, change) -> changes.putObject(field).<ObjectNode>set("oldValue", change.oldValue())
        .set("newValue", change.newValue()));
    ArrayNode causation = out.putArray("causation");
    e.causation().forEach(causation::add);
    ObjectNode attributes = out.putObject("attributes");
    e.attributes().forEach(attributes::put);
    return out;
  }

  static @Nullable ChangeEvent fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      return null;
    }
    ChangeEvent.Builder b = ChangeEvent.builder(json.path("type").asText(),
            ChangeEvent.Origin.valueOf(json.path("origin").asText()), Instant.parse(json.path("at").asText()))
        .id(json.path("id").asText()).connection(text(json, "connectionId")).plan(text(json, "planId"))
        .run(text(json, "runId")).item(text(json, "itemId"))
        .snapshot(json.path("snapshot").isObject() ? json.path("snapshot") : null);
    Map<String, FieldChange> changes = new LinkedHashMap<>();
    json.path("changes").properties().forEach(f -> changes.put(f.getKey(),
        new FieldChange(f.getValue().path("oldValue"), f.getValue().path("newValue"))));
    b.changes(changes);
    List<String> causation = new ArrayList<>();
    json.path("causation").forEach(c -> causation.add(c.asText()));
    b.causation(causation);
    json.path("attributes").properties().forEach(f -> b.attribute(f.getKey(), f.getValue().asText()));
    ChangeEvent built = b.build();
    long offset = json.path("offset").asLong(0);
    return offset > 0 ? built.at(offset) : built;
  }

  private static @Nullable String text(JsonNode json, String name) {
    return json.path(name).isTextual() ? json.path(name).textValue() : null;
  }
}
