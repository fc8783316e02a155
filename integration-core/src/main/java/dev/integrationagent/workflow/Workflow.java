package dev.integrationagent.workflow;

import com.cronutils.model.time.ExecutionTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Expression;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A compiled workflow: its document, checked and compiled once ({@code Workflows.fromJson},
 * {@code fromYaml} or the fluent builder). Immutable and thread-safe. A run is pinned to the
 * version it started with: its document travels with the run.
 */
public final class Workflow {
  private final String id;
  private final int version;
  private final String name;
  private final boolean enabled;
  private final int maxChainDepth;
  private final int maxRunsPerMinute;
  private final ObjectNode initialVariables;
  private final Trigger trigger;
  private final Map<String, Node> nodes;
  private final ObjectNode document;

  Workflow(String id, int version, String name, boolean enabled, int maxChainDepth, int maxRunsPerMinute,
      ObjectNode initialVariables, Trigger trigger, Map<String, Node> nodes, ObjectNode document) {
    this.id = id;
    this.version = version;
    this.name = name;
    this.enabled = enabled;
    this.maxChainDepth = maxChainDepth;
    this.maxRunsPerMinute = maxRunsPerMinute;
    this.initialVariables = initialVariables;
    this.trigger = trigger;
    this.nodes = Map.copyOf(nodes);
    this.document = document;
  }

  public String id() {
    return id;
  }

  public int version() {
    return version;
  }

  public String name() {
    return name;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Runs whose trigger's causation chain is this deep or deeper are not started. */
  public int maxChainDepth() {
    return maxChainDepth;
  }

  public int maxRunsPerMinute() {
    return maxRunsPerMinute;
  }

  /** The canonical JSON document, {@code ui} block included (the engine ignores it). */
  public ObjectNode document() {
    return document.deepCopy();
  }

  public Trigger trigger() {
    return trigger;
  }

  /** The schedule in words, for a UI ("at 09:00"), or null when the trigger is not a schedule. */
  public @Nullable String scheduleDescription() {
    if (trigger.kind() == TriggerKind.INTERVAL) {
      return "every " + trigger.every().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
    if (trigger.kind() != TriggerKind.CRON) {
      return null;
    }
    String text = trigger.cronText();
    var parser = new com.cronutils.parser.CronParser(com.cronutils.model.definition.CronDefinitionBuilder
        .instanceDefinitionFor(text.trim().split("\\s+").length >= 6 ? com.cronutils.model.CronType.QUARTZ
            : com.cronutils.model.CronType.UNIX));
    return com.cronutils.descriptor.CronDescriptor.instance(java.util.Locale.ENGLISH).describe(parser.parse(text))
        + " (" + trigger.zone() + ")";
  }

  ObjectNode initialVariables() {
    return initialVariables.deepCopy();
  }

  Map<String, Node> nodes() {
    return nodes;
  }

  /** The action types its action nodes name, with the JSON path of each. */
  public Map<String, String> actionTypes() {
    Map<String, String> out = new java.util.TreeMap<>();
    nodes.values().forEach(n -> {
      if (n instanceof ActionNode a) {
        out.put(a.path() + ".params.action", a.action());
      }
    });
    return out;
  }

  /**
   * Each action node's type and parameters as written (placeholders not rendered), by the JSON path
   * of the node, for the actions' own checks ({@code ActionHandler.validate}).
   */
  public Map<String, Map.Entry<String, JsonNode>> actionParams() {
    Map<String, Map.Entry<String, JsonNode>> out = new java.util.TreeMap<>();
    nodes.values().forEach(n -> {
      if (n instanceof ActionNode a) {
        ObjectNode params = a.params().deepCopy();
        params.remove("action");
        out.put(a.path(), Map.entry(a.action(), params));
      }
    });
    return out;
  }

  /** The connection ids its trigger and action parameters name literally, with the JSON path of each. */
  public Map<String, String> connectionIds() {
    Map<String, String> out = new java.util.TreeMap<>();
    if (trigger.connection() != null) {
      out.put(trigger.path() + ".params.connection", trigger.connection());
    }
    nodes.values().forEach(n -> {
      if (n instanceof ActionNode a && a.params().path("connection").isTextual()
          && !a.params().path("connection").textValue().contains("{{")) {
        out.put(a.path() + ".params.connection", a.params().path("connection").textValue());
      }
    });
    return out;
  }

  @Override
  public String toString() {
    return "Workflow[" + id + " v" + version + "]";
  }

  /** How a workflow starts. */
  public enum TriggerKind {
    EVENT,
    CRON,
    INTERVAL,
    HOST,
    MANUAL
  }

  /**
   * The trigger node, compiled.
   *
   * @param labelAdded for an item event: a label its {@code labels} change added
   * @param filter a JSLT filter over the event, or null
   */
  public record Trigger(String nodeId, String path, TriggerKind kind, @Nullable String eventType,
      @Nullable String connection, @Nullable String plan, @Nullable String origin, @Nullable String field,
      @Nullable JsonNode from, @Nullable JsonNode to, @Nullable String labelAdded, @Nullable String labelRemoved,
      @Nullable Expression filter, @Nullable ExecutionTime cron, @Nullable String cronText, @Nullable ZoneId zone,
      @Nullable Duration every) {}

  /** A node of the graph, with the nodes each of its ports leads to, in edge order. */
  sealed interface Node permits TriggerNode, ConditionNode, ActionNode, DelayNode, SetVariableNode, ForEachNode {
    String id();

    String name();

    String path();

    Map<String, List<String>> next();

    default List<String> next(String port) {
      return next().getOrDefault(port, List.of());
    }
  }

  record TriggerNode(String id, String name, String path, Map<String, List<String>> next) implements Node {}

  record ConditionNode(String id, String name, String path, Expression test, Map<String, List<String>> next)
      implements Node {}

  /**
   * @param params the parameters as written; strings with placeholders are rendered per run
   * @param templates per JSON pointer into {@code params}, the string's template
   */
  record ActionNode(String id, String name, String path, String action, ObjectNode params,
      Map<String, Template> templates, int attempts, Duration backoff, Duration maxBackoff,
      @Nullable Duration timeout, OnError onError, @Nullable Expression when, Map<String, List<String>> next)
      implements Node {}

  record DelayNode(String id, String name, String path, @Nullable Duration duration, @Nullable Expression until,
      Map<String, List<String>> next) implements Node {}

  record SetVariableNode(String id, String name, String path, String variable, Expression value,
      Map<String, List<String>> next) implements Node {}

  record ForEachNode(String id, String name, String path, Expression list, int max, Map<String, List<String>> next)
      implements Node {}

  /** What a step's failure does to its run. */
  enum OnError {
    STOP,
    CONTINUE,
    PORT
  }
}
