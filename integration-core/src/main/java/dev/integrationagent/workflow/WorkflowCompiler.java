package dev.integrationagent.workflow;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Expression;
import dev.integrationagent.mapping.Jslt;
import dev.integrationagent.workflow.Workflow.ActionNode;
import dev.integrationagent.workflow.Workflow.ConditionNode;
import dev.integrationagent.workflow.Workflow.DelayNode;
import dev.integrationagent.workflow.Workflow.ForEachNode;
import dev.integrationagent.workflow.Workflow.Node;
import dev.integrationagent.workflow.Workflow.OnError;
import dev.integrationagent.workflow.Workflow.SetVariableNode;
import dev.integrationagent.workflow.Workflow.Trigger;
import dev.integrationagent.workflow.Workflow.TriggerKind;
import dev.integrationagent.workflow.Workflow.TriggerNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Checks a workflow document and compiles it: the JSON Schema first, then what a schema cannot
 * say (edges to missing nodes or ports, cycles, JSLT and template syntax with line and column,
 * variables no step sets, cron expressions, time zones). Every problem names its JSON path.
 */
public final class WorkflowCompiler {
  /** The ports each node type has, outgoing. */
  static final Map<String, Set<String>> PORTS = Map.of(
      "trigger", Set.of("out"), "condition", Set.of("true", "false"), "action", Set.of("out", "error"),
      "delay", Set.of("out"), "setVariable", Set.of("out"), "forEach", Set.of("each", "done"));
  private static final Pattern VARIABLE = Pattern.compile("\\.vars\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final CronParser UNIX_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private WorkflowCompiler() {}

  /**
   * Compiles {@code document}.
   *
   * @throws WorkflowException listing every problem by JSON path
   */
  public static Workflow compile(JsonNode document, String source) {
    List<String> problems = new ArrayList<>(WorkflowSchema.validate(document));
    if (!problems.isEmpty()) {
      throw new WorkflowException(source, problems);
    }
    ObjectNode doc = (ObjectNode) document.deepCopy();
    String id = doc.path("id").asText();
    JsonNode settings = doc.path("settings");
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    Map<String, String> paths = new HashMap<>();
    int index = 0;
    for (JsonNode node : doc.path("nodes")) {
      String path = "$.nodes[" + index++ + "]";
      String nodeId = node.path("id").asText();
      if (byId.putIfAbsent(nodeId, node) != null) {
        problems.add(path + ".id: '" + nodeId + "' is the id of an earlier node too; node ids must be unique");
      }
      paths.putIfAbsent(nodeId, path);
    }
    List<String> triggers = byId.entrySet().stream().filter(e -> e.getValue().path("type").asText().equals("trigger"))
        .map(Map.Entry::getKey).toList();
    if (triggers.size() != 1) {
      problems.add("$.nodes: a workflow has exactly one trigger node, this one has " + triggers.size()
          + (triggers.isEmpty() ? "" : " (" + String.join(", ", triggers) + ")"));
    }
    Map<String, Map<String, List<String>>> next = new HashMap<>();
    Map<String, Integer> incoming = new HashMap<>();
    Set<String> edgeIds = new HashSet<>();
    index = 0;
    for (JsonNode edge : doc.path("edges")) {
      String path = "$.edges[" + index++ + "]";
      if (!edgeIds.add(edge.path("id").asText())) {
        problems.add(path + ".id: '" + edge.path("id").asText() + "' is the id of an earlier edge too");
      }
      String from = edge.path("from").path("node").asText();
      String to = edge.path("to").path("node").asText();
      JsonNode fromNode = byId.get(from);
      if (fromNode == null) {
        problems.add(path + ".from.node: no node has the id '" + from + "'");
        continue;
      }
      if (!byId.containsKey(to)) {
        problems.add(path + ".to.node: no node has the id '" + to + "'");
        continue;
      }
      String type = fromNode.path("type").asText();
      String port = edge.path("from").path("port").asText(defaultPort(type));
      if (!PORTS.getOrDefault(type, Set.of()).contains(port)) {
        problems.add(path + ".from.port: a " + type + " node has no port '" + port + "'; its ports are "
            + new java.util.TreeSet<>(PORTS.getOrDefault(type, Set.of())));
        continue;
      }
      if (port.equals("error") && !fromNode.path("onError").asText("stop").equals("port")) {
        problems.add(path + ".from.port: node '" + from + "' leads its 'error' port somewhere, but its onError is '"
            + fromNode.path("onError").asText("stop") + "'; set \"onError\": \"port\"");
      }
      String toPort = edge.path("to").path("port").asText("in");
      if (!toPort.equals("in")) {
        problems.add(path + ".to.port: a node is entered through its port 'in', not '" + toPort + "'");
      }
      if (byId.get(to).path("type").asText().equals("trigger")) {
        problems.add(path + ".to.node: '" + to + "' is the trigger; nothing leads into a trigger");
      }
      next.computeIfAbsent(from, k -> new LinkedHashMap<>()).computeIfAbsent(port, k -> new ArrayList<>()).add(to);
      incoming.merge(to, 1, Integer::sum);
    }
    if (problems.isEmpty() && triggers.size() == 1) {
      cycles(triggers.get(0), next, paths, problems);
      for (String nodeId : byId.keySet()) {
        if (!nodeId.equals(triggers.get(0)) && !reachable(triggers.get(0), next).contains(nodeId)) {
          problems.add(paths.get(nodeId) + ": node '" + nodeId + "' cannot be reached from the trigger; connect it or remove it");
        }
      }
    }
    Set<String> declared = new LinkedHashSet<>();
    settings.path("variables").fieldNames().forEachRemaining(declared::add);
    byId.values().forEach(n -> {
      String on = n.path("params").path("on").asText();
      if (n.path("type").asText().equals("trigger") && (on.equals("cron") || on.equals("interval"))) {
        declared.add("scheduledAt"); // the firing's time, which a schedule's run starts with
      }
      if (n.path("type").asText().equals("setVariable")) {
        declared.add(n.path("params").path("name").asText());
      }
    });
    Map<String, Node> nodes = new LinkedHashMap<>();
    Trigger trigger = null;
    for (Map.Entry<String, JsonNode> e : byId.entrySet()) {
      String nodeId = e.getKey();
      JsonNode node = e.getValue();
      String path = paths.get(nodeId);
      String name = node.path("name").asText(nodeId);
      int typeVersion = node.path("typeVersion").asInt(1);
      if (typeVersion != 1) {
        problems.add(path + ".typeVersion: this agent knows version 1 of the " + node.path("type").asText()
            + " node, not " + typeVersion + "; the document was written for a newer agent");
      }
      Map<String, List<String>> out = next.getOrDefault(nodeId, Map.of());
      JsonNode params = node.path("params");
      switch (node.path("type").asText()) {
        case "trigger" -> {
          trigger = trigger(nodeId, path, params, problems);
          nodes.put(nodeId, new TriggerNode(nodeId, name, path, out));
        }
        case "condition" -> {
          Expression test = expression(params.path("if").asText(), path + ".params.if", declared, problems);
          nodes.put(nodeId, new ConditionNode(nodeId, name, path, test, out));
        }
        case "action" -> nodes.put(nodeId, action(nodeId, name, path, node, declared, out, problems));
        case "delay" -> {
          Duration duration = params.has("for") ? duration(params.path("for").asText(), path + ".params.for", problems)
              : null;
          Expression until = params.has("until")
              ? expression(params.path("until").asText(), path + ".params.until", declared, problems) : null;
          nodes.put(nodeId, new DelayNode(nodeId, name, path, duration, until, out));
        }
        case "setVariable" -> {
          Expression value = expression(params.path("value").asText(), path + ".params.value", declared, problems);
          nodes.put(nodeId, new SetVariableNode(nodeId, name, path, params.path("name").asText(), value, out));
        }
        case "forEach" -> {
          Expression list = expression(params.path("list").asText(), path + ".params.list", declared, problems);
          nodes.put(nodeId, new ForEachNode(nodeId, name, path, list, params.path("max").asInt(100), out));
        }
        default -> problems.add(path + ".type: unknown node type '" + node.path("type").asText() + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new WorkflowException(source, problems);
    }
    return new Workflow(id, doc.path("version").asInt(1), doc.path("name").asText(id), doc.path("enabled").asBoolean(true),
        settings.path("maxChainDepth").asInt(5), settings.path("maxRunsPerMinute").asInt(60),
        settings.path("variables").isObject() ? (ObjectNode) settings.path("variables") : JsonNodeFactory.instance.objectNode(),
        trigger, nodes, doc);
  }

  static String defaultPort(String type) {
    return switch (type) {
      case "condition" -> "true";
      case "forEach" -> "each";
      default -> "out";
    };
  }

  private static void cycles(String start, Map<String, Map<String, List<String>>> next, Map<String, String> paths,
      List<String> problems) {
    visit(start, next, paths, new HashMap<>(), new java.util.ArrayDeque<>(), new HashSet<>(), problems);
  }

  /** Depth first; {@code state} holds 1 for a node on the current trail, 2 for one finished. */
  private static void visit(String node, Map<String, Map<String, List<String>>> next, Map<String, String> paths,
      Map<String, Integer> state, java.util.Deque<String> trail, Set<String> reported, List<String> problems) {
    state.put(node, 1);
    trail.addLast(node);
    for (List<String> targets : next.getOrDefault(node, Map.of()).values()) {
      for (String target : targets) {
        Integer s = state.get(target);
        if (s == null) {
          visit(target, next, paths, state, trail, reported, problems);
        } else if (s == 1 && reported.add(target)) {
          List<String> loop = new ArrayList<>(trail);
          loop = loop.subList(loop.indexOf(target), loop.size());
          problems.add(paths.get(target) + ": the edges form a cycle " + String.join(" -> ", loop) + " -> " + target
              + "; repeat steps with a forEach node instead");
        }
      }
    }
    trail.removeLast();
    state.put(node, 2);
  }

  private static Set<String> reachable(String start, Map<String, Map<String, List<String>>> next) {
    Set<String> seen = new HashSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        next.getOrDefault(n, Map.of()).values().forEach(todo::addAll);
      }
    }
    return seen;
  }

  private static Trigger trigger(String nodeId, String path, JsonNode params, List<String> problems) {
    TriggerKind kind = TriggerKind.valueOf(params.path("on").asText().toUpperCase(java.util.Locale.ROOT));
    String event = text(params, "event");
    Expression filter = params.has("if") ? expression(params.path("if").asText(), path + ".params.if", Set.of(), problems)
        : null;
    ExecutionTime cron = null;
    ZoneId zone = null;
    if (kind == TriggerKind.CRON) {
      String text = params.path("cron").asText();
      try {
        cron = ExecutionTime.forCron((text.trim().split("\\s+").length >= 6 ? QUARTZ_CRON : UNIX_CRON).parse(text));
      } catch (IllegalArgumentException e) {
        problems.add(path + ".params.cron: '" + text + "' is not a cron expression: " + e.getMessage());
      }
      try {
        zone = ZoneId.of(params.path("timeZone").asText("UTC"));
      } catch (DateTimeException e) {
        problems.add(path + ".params.timeZone: '" + params.path("timeZone").asText() + "' is not a time zone id"
            + " (such as Europe/Berlin or UTC)");
      }
    }
    Duration every = kind == TriggerKind.INTERVAL ? duration(params.path("every").asText(), path + ".params.every", problems)
        : null;
    if (every != null && every.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(path + ".params.every: must be at least PT1S, was " + params.path("every").asText());
    }
    if (kind == TriggerKind.HOST && event != null && !dev.integrationagent.api.event.EventTypes.hostMayPublish(event)) {
      problems.add(path + ".params.event: a host event's type is a dotted name outside the engine's vocabulary, was '"
          + event + "'");
    }
    String origin = text(params, "origin");
    if (origin == null && kind == TriggerKind.EVENT && event != null && event.startsWith("item.")) {
      origin = "TOOL"; // a person's or a program's change in a tool, not the agent's own writes
    }
    return new Trigger(nodeId, path, kind, event, text(params, "connection"), text(params, "plan"),
        "any".equals(origin) ? null : origin, text(params, "field"), params.has("from") ? params.get("from") : null,
        params.has("to") ? params.get("to") : null, text(params, "labelAdded"), text(params, "labelRemoved"), filter,
        cron, kind == TriggerKind.CRON ? params.path("cron").asText() : null, zone, every);
  }

  private static ActionNode action(String nodeId, String name, String path, JsonNode node, Set<String> declared,
      Map<String, List<String>> out, List<String> problems) {
    ObjectNode params = (ObjectNode) node.path("params");
    String action = params.path("action").asText();
    Map<String, Template> templates = new LinkedHashMap<>();
    templates(params, "", path + ".params", templates, declared, problems);
    JsonNode retry = node.path("retry");
    int attempts = retry.path("attempts").asInt(1);
    Duration backoff = retry.has("backoff") ? duration(retry.path("backoff").asText(), path + ".retry.backoff", problems)
        : Duration.ofSeconds(5);
    Duration maxBackoff = retry.has("maxBackoff")
        ? duration(retry.path("maxBackoff").asText(), path + ".retry.maxBackoff", problems) : Duration.ofMinutes(5);
    Duration timeout = node.has("timeout") ? duration(node.path("timeout").asText(), path + ".timeout", problems) : null;
    OnError onError = OnError.valueOf(node.path("onError").asText("stop").toUpperCase(java.util.Locale.ROOT));
    if (onError == OnError.PORT && !out.containsKey("error")) {
      problems.add(path + ".onError: 'port' sends failures to the node's 'error' port, but no edge leaves it");
    }
    Expression when = node.has("when") ? expression(node.path("when").asText(), path + ".when", declared, problems) : null;
    return new ActionNode(nodeId, name, path, action, params, templates, attempts,
        backoff == null ? Duration.ofSeconds(5) : backoff, maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff,
        timeout, onError, when, out);
  }

  /** Every string under {@code node} with placeholders, by JSON pointer from the params. */
  private static void templates(JsonNode node, String pointer, String path, Map<String, Template> out,
      Set<String> declared, List<String> problems) {
    if (node.isTextual()) {
      String text = node.textValue();
      if (text.contains("{{")) {
        Template t = Template.parse(text, path, problems);
        if (t != null) {
          unknownVariables(text, path, declared, problems);
          out.put(pointer, t);
        }
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        templates(f.getValue(), pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"),
            path + "." + f.getKey(), out, declared, problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        templates(node.get(i), pointer + "/" + i, path + "[" + i + "]", out, declared, problems);
      }
    }
  }

  private static @Nullable Expression expression(String source, String path, Set<String> declared,
      List<String> problems) {
    if (source.isBlank()) {
      problems.add(path + ": the expression is empty");
      return null;
    }
    Expression e = Jslt.compile(source, path, Jslt.functions(), problems);
    if (e != null) {
      unknownVariables(source, path, declared, problems);
    }
    return e;
  }

  private static void unknownVariables(String source, String path, Set<String> declared, List<String> problems) {
    Matcher m = VARIABLE.matcher(source);
    while (m.find()) {
      if (!declared.contains(m.group(1))) {
        problems.add(path + ": unknown variable '" + m.group(1) + "'; no setVariable node sets it and settings.variables"
            + " does not declare it" + (declared.isEmpty() ? "" : " (known: " + String.join(", ", declared) + ")"));
      }
    }
  }

  private static @Nullable Duration duration(String text, String path, List<String> problems) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(path + ": '" + text + "' is not an ISO-8601 duration such as PT30S or P1D");
      return null;
    }
  }

  private static @Nullable String text(JsonNode params, String name) {
    return params.path(name).isTextual() ? params.path(name).textValue() : null;
  }
}
