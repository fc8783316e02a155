package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.mapping.CanonicalJson;
import dev.integrationagent.sync.WriteCauses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in actions that act on the agent's connections and plans: create an item, update its
 * fields, transition its status, add a comment, link and unlink items, sync one item. Each write
 * is recorded as an event that follows from the run's trigger, and remembered by the item's new
 * version ({@link WriteCauses}) so that a pass that sees it again in its tool continues the chain.
 */
public final class WorkflowActions {
  /** The built-in action types: these, {@code http.call}, and what the host registers. */
  public static final java.util.Set<String> BUILT_IN = java.util.Set.of("createItem", "updateFields",
      "transitionStatus", "addComment", "linkItems", "unlinkItems", "syncItem");

  private WorkflowActions() {}

  /** What built-in actions reach of the agent. */
  public interface Agent {
    ConnectorSession session(String connectionId);

    Mapping mapping(String connectionId);

    /** Links two items in a plan, its base what they agree on; answers the link's event. */
    ChangeEvent link(String planId, String aId, String bId, @javax.annotation.Nullable ChangeEvent cause);

    /** Removes the link of A item {@code aId} in a plan; answers the unlink's event. */
    ChangeEvent unlink(String planId, String aId, @javax.annotation.Nullable ChangeEvent cause);

    /** Syncs one item of a plan now; answers the report's summary. */
    String syncItem(String planId, String connectionId, String itemId);

    java.time.Clock clock();
  }

  /** Lets an action record the events of its writes with its step's outcome. */
  interface Recorder {
    ChangeEvent record(ChangeEvent.Builder event);
  }

  /** The problems of a built-in action's parameters as written, each naming the parameter; none for other types. */
  public static List<String> validate(String type, JsonNode params) {
    ActionHandler built = builtIn(null, null).get(type);
    return built == null ? List.of() : built.validate(params);
  }

  /** Every built-in action acting on {@code agent}, by type. */
  public static Map<String, ActionHandler> builtIn(Agent agent, WriteCauses causes) {
    Map<String, ActionHandler> out = new LinkedHashMap<>();
    for (ActionHandler h : List.of(new CreateItem(agent, causes), new UpdateFields(agent, causes, "updateFields"),
        new UpdateFields(agent, causes, "transitionStatus"), new AddComment(agent), new LinkItems(agent, true),
        new LinkItems(agent, false), new SyncItem(agent))) {
      out.put(h.type(), h);
    }
    return out;
  }

  static String required(JsonNode params, String name) {
    JsonNode v = params.path(name);
    if (!(v.isTextual() || v.isIntegralNumber()) || v.asText().isBlank()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "parameter '" + name + "' is required as text, was "
          + (v.isMissingNode() ? "missing" : v.toString()));
    }
    return v.asText();
  }

  static ChangeEvent recorded(ActionContext ctx, ChangeEvent.Builder event) {
    return ((Recorder) ctx).record(event);
  }

  private abstract static class Base implements ActionHandler {
    final Agent agent;

    Base(Agent agent) {
      this.agent = agent;
    }

    @Override
    public List<String> validate(JsonNode params) {
      List<String> problems = new ArrayList<>();
      for (String name : requiredParams()) {
        if (!params.has(name)) {
          problems.add(name + ": required");
        }
      }
      return problems;
    }

    abstract List<String> requiredParams();

    ChangeEvent.Builder event(ActionContext ctx, String type, String connectionId, String itemId) {
      return ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, ctx.clock().instant()).connection(connectionId)
          .item(itemId);
    }
  }

  /** {@code createItem}: {connection, fields}; found by its marker instead of created twice. */
  static final class CreateItem extends Base {
    private final WriteCauses causes;

    CreateItem(Agent agent, WriteCauses causes) {
      super(agent);
      this.causes = causes;
    }

    @Override
    public String type() {
      return "createItem";
    }

    @Override
    List<String> requiredParams() {
      return List.of("connection", "fields");
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      String connection = required(params, "connection");
      ConnectorSession session = agent.session(connection);
      WorkItem item = CanonicalJson.fromDocument(params.path("fields"), "parameter 'fields'");
      String marker = "ia:wf:" + ctx.idempotencyKey();
      Optional<ExternalItem> found = ctx.outcomeUnknown() || ctx.attempt() > 1 ? session.findByMarker(marker)
          : Optional.empty();
      ExternalItem created = found.isPresent() ? found.get()
          : session.create(agent.mapping(connection).fromCanonical(item, CanonicalJson.fields(item).keySet()), marker);
      ChangeEvent event = recorded(ctx, event(ctx, EventTypes.ITEM_CREATED, connection, created.id())
          .snapshot(CanonicalJson.toDocument(item)).attribute("marker", marker)
          .attribute("recovered", found.isPresent() ? "true" : null));
      causes.wrote(connection, created, event);
      ObjectNode out = WorkflowEngine.NODES.objectNode().put("connection", connection).put("id", created.id())
          .put("key", created.key() == null ? created.id() : created.key()).put("found", found.isPresent());
      return new ActionResult(out, (found.isPresent() ? "found " : "created ") + connection + " item "
          + out.path("key").asText());
    }
  }

  /** {@code updateFields} {connection, item, fields}, and {@code transitionStatus} {connection, item, status}. */
  static final class UpdateFields extends Base {
    private final WriteCauses causes;
    private final String type;

    UpdateFields(Agent agent, WriteCauses causes, String type) {
      super(agent);
      this.causes = causes;
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    List<String> requiredParams() {
      return type.equals("transitionStatus") ? List.of("connection", "item", "status")
          : List.of("connection", "item", "fields");
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      String connection = required(params, "connection");
      String itemId = required(params, "item");
      ConnectorSession session = agent.session(connection);
      Mapping mapping = agent.mapping(connection);
      ExternalItem current = session.get(itemId).orElseThrow(() -> new IntegrationException(ErrorCategory.NOT_FOUND,
          connection, connection + " item " + itemId + " does not exist", null));
      WorkItem before = mapping.toCanonical(current.data());
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      if (type.equals("transitionStatus")) {
        // the tool moves it through its own workflow; the status is what it answers
        ExternalItem moved = session.transition(itemId, required(params, "status"));
        WorkItem now = mapping.toCanonical(moved.data());
        changes.put("status", CanonicalJson.fields(now).getOrDefault("status",
            com.fasterxml.jackson.databind.node.NullNode.getInstance()));
        return recordWrite(ctx, connection, itemId, before, now, changes, moved);
      } else {
        // the given fields laid over the item as it is, then read as a canonical item (and so checked)
        ObjectNode doc = CanonicalJson.toDocument(before);
        params.path("fields").properties().forEach(f -> {
          if (f.getKey().equals("custom") && f.getValue().isObject() && doc.path("custom").isObject()) {
            ((ObjectNode) doc.get("custom")).setAll((ObjectNode) f.getValue());
          } else {
            doc.set(f.getKey(), f.getValue());
          }
        });
        CanonicalJson.fields(CanonicalJson.fromDocument(doc, "parameter 'fields'")).forEach((name, value) -> {
          if (fieldNamed(params.path("fields"), name)) {
            changes.put(name, value);
          }
        });
      }
      WorkItem after = CanonicalJson.withFields(before, changes);
      ExternalItem written = session.update(itemId, mapping.fromCanonical(after, changes.keySet()), null);
      return recordWrite(ctx, connection, itemId, before, after, changes, written);
    }

    private ActionResult recordWrite(ActionContext ctx, String connection, String itemId, WorkItem before,
        WorkItem after, Map<String, JsonNode> changes, ExternalItem written) {
      Map<String, JsonNode> old = CanonicalJson.fields(before);
      Map<String, FieldChange> diff = new LinkedHashMap<>();
      changes.forEach((name, value) -> diff.put(name, new FieldChange(old.getOrDefault(name,
          com.fasterxml.jackson.databind.node.NullNode.getInstance()), value)));
      ChangeEvent event = recorded(ctx, event(ctx, EventTypes.ITEM_UPDATED, connection, itemId)
          .snapshot(CanonicalJson.toDocument(after)).changes(diff));
      causes.wrote(connection, written, event);
      return new ActionResult(WorkflowEngine.NODES.objectNode().put("connection", connection).put("id", itemId)
          .put("version", written.version()), "updated " + String.join(", ", changes.keySet()) + " of " + connection
          + " item " + itemId);
    }

    /** Whether the canonical field (dotted for custom fields) was given in the parameters. */
    private static boolean fieldNamed(JsonNode fields, String name) {
      if (name.startsWith("custom.")) {
        return fields.path("custom").has(name.substring("custom.".length()));
      }
      return fields.has(name);
    }
  }

  /** {@code addComment}: {connection, item, body}; a comment with the same body already there counts as this step's. */
  static final class AddComment extends Base {
    AddComment(Agent agent) {
      super(agent);
    }

    @Override
    public String type() {
      return "addComment";
    }

    @Override
    List<String> requiredParams() {
      return List.of("connection", "item", "body");
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      String connection = required(params, "connection");
      String itemId = required(params, "item");
      String body = required(params, "body");
      ConnectorSession session = agent.session(connection);
      if (ctx.outcomeUnknown() || ctx.attempt() > 1) {
        for (ExternalComment c : session.comments(itemId, null)) {
          if (c.body().strip().equals(body.strip())) {
            return new ActionResult(WorkflowEngine.NODES.objectNode().put("id", c.id()).put("found", true),
                "found the comment on " + connection + " item " + itemId + " that an earlier attempt added");
          }
        }
      }
      ExternalComment c = session.addComment(itemId, body);
      return new ActionResult(WorkflowEngine.NODES.objectNode().put("id", c.id()).put("found", false),
          "commented on " + connection + " item " + itemId);
    }
  }

  /** {@code linkItems} {plan, a, b} and {@code unlinkItems} {plan, a}: a plan's link, made or removed by hand. */
  static final class LinkItems extends Base {
    private final boolean link;

    LinkItems(Agent agent, boolean link) {
      super(agent);
      this.link = link;
    }

    @Override
    public String type() {
      return link ? "linkItems" : "unlinkItems";
    }

    @Override
    List<String> requiredParams() {
      return link ? List.of("plan", "a", "b") : List.of("plan", "a");
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      String plan = required(params, "plan");
      String a = required(params, "a");
      ObjectNode out = WorkflowEngine.NODES.objectNode().put("plan", plan).put("a", a);
      if (link) {
        String b = required(params, "b");
        agent.link(plan, a, b, ctx.trigger()); // recorded with its event, under the plan's lock
        return new ActionResult(out.put("b", b), "linked " + a + " and " + b + " in plan " + plan);
      }
      agent.unlink(plan, a, ctx.trigger()); // likewise
      return new ActionResult(out, "unlinked " + a + " in plan " + plan);
    }
  }

  /** {@code syncItem}: {plan, connection, item}, synced now as a webhook's item would be. */
  static final class SyncItem extends Base {
    SyncItem(Agent agent) {
      super(agent);
    }

    @Override
    public String type() {
      return "syncItem";
    }

    @Override
    List<String> requiredParams() {
      return List.of("plan", "connection", "item");
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      String summary = agent.syncItem(required(params, "plan"), required(params, "connection"), required(params, "item"));
      return new ActionResult(WorkflowEngine.NODES.textNode(summary), summary);
    }
  }
}
