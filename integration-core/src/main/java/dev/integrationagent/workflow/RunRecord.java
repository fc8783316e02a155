package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.WorkflowExecution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A run's durable record, kept as the execution's context: the pinned workflow document, the
 * trigger, the variables and each step by key. Not thread-safe: one interpreter owns it.
 */
final class RunRecord {
  private final ObjectNode json;

  private RunRecord(ObjectNode json) {
    this.json = json;
  }

  static RunRecord start(Workflow w, @Nullable ChangeEvent trigger, @Nullable JsonNode input, Instant now) {
    ObjectNode json = WorkflowEngine.NODES.objectNode();
    json.put("workflow", w.id());
    json.put("version", w.version());
    json.set("document", w.document());
    json.set("trigger", trigger == null ? WorkflowEngine.NODES.nullNode() : EventJson.toJson(trigger));
    ObjectNode vars = w.initialVariables();
    if (input != null && input.isObject()) {
      vars.setAll((ObjectNode) input.deepCopy());
    }
    json.set("vars", vars);
    json.putObject("steps");
    json.putArray("order");
    json.put("startedAt", now.toString());
    return new RunRecord(json);
  }

  static RunRecord of(ObjectNode context) {
    return new RunRecord(context.deepCopy());
  }

  String workflowId() {
    return json.path("workflow").asText();
  }

  int version() {
    return json.path("version").asInt();
  }

  JsonNode document() {
    return json.path("document");
  }

  @Nullable ChangeEvent trigger() {
    return EventJson.fromJson(json.path("trigger"));
  }

  ObjectNode vars() {
    return (ObjectNode) json.path("vars");
  }

  @Nullable ObjectNode step(String key) {
    JsonNode s = json.path("steps").path(key);
    return s.isObject() ? (ObjectNode) s : null;
  }

  /** The step's record, created (and placed in the order) when new. */
  ObjectNode stepFor(String key, String node, String kind) {
    ObjectNode steps = (ObjectNode) json.path("steps");
    ObjectNode s = step(key);
    if (s == null) {
      s = steps.putObject(key);
      s.put("node", node);
      s.put("kind", kind);
      ((ArrayNode) json.path("order")).add(key);
    }
    return s;
  }

  int doneCount() {
    int done = 0;
    for (JsonNode s : json.path("steps")) {
      String status = s.path("status").asText();
      if (status.equals("done") || status.equals("skipped") || status.equals("failed")) {
        done++;
      }
    }
    return done;
  }

  /** What expressions see: the trigger, its item, the variables, and each node's latest output. */
  ObjectNode input(@Nullable JsonNode loopItem, int loopIndex) {
    ObjectNode in = WorkflowEngine.NODES.objectNode();
    in.set("event", json.path("trigger"));
    in.set("item", json.path("trigger").path("snapshot"));
    in.set("vars", vars());
    ObjectNode outputs = in.putObject("steps");
    for (JsonNode key : json.path("order")) {
      JsonNode s = json.path("steps").path(key.asText());
      outputs.set(s.path("node").asText(), s.has("output") ? s.get("output") : WorkflowEngine.NODES.nullNode());
    }
    if (loopItem != null) {
      in.putObject("loop").put("index", loopIndex).set("item", loopItem);
    }
    return in;
  }

  ObjectNode json() {
    return json;
  }

  WorkflowRun view(WorkflowExecution e) {
    List<WorkflowRun.Step> steps = new ArrayList<>();
    for (JsonNode key : json.path("order")) {
      JsonNode s = json.path("steps").path(key.asText());
      steps.add(new WorkflowRun.Step(key.asText(), s.path("node").asText(), s.path("kind").asText(),
          text(s, "action"), s.path("status").asText(), s.path("attempt").asInt(0), s.has("input") ? s.get("input") : null,
          s.has("output") ? s.get("output") : null, text(s, "error"), text(s, "category"), instant(s, "startedAt"),
          instant(s, "endedAt")));
    }
    JsonNode trigger = json.path("trigger");
    return new WorkflowRun(e.id(), workflowId(), version(), e.state().name(),
        trigger.isObject() ? trigger.path("id").asText() : null, Instant.parse(json.path("startedAt").asText()),
        e.updatedAt(), e.nextRunAt(), List.copyOf(steps));
  }

  private static @Nullable String text(JsonNode s, String name) {
    return s.path(name).isTextual() ? s.path(name).textValue() : null;
  }

  private static @Nullable Instant instant(JsonNode s, String name) {
    return s.path(name).isTextual() ? Instant.parse(s.path(name).textValue()) : null;
  }
}
