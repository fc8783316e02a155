package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The events of a pass, recorded in the same store transaction as the state they describe (a
 * transactional outbox): {@link #commit} runs the state change and appends its events together,
 * so that after a crash the stream and the state agree.
 *
 * <p>The agent refuses a store without the event stream when it is built, so every store here
 * records them.
 */
final class Outbox {
  private final PlanContext ctx;

  Outbox(PlanContext ctx) {
    this.ctx = ctx;
  }

  PlanContext context() {
    return ctx;
  }

  /** An event of this pass about an item (or none), stamped with the plan, the run and now. */
  ChangeEvent.Builder event(Pass pass, String type, ChangeEvent.Origin origin, @Nullable String connectionId,
      @Nullable String itemId) {
    return ChangeEvent.builder(type, origin, ctx.clock().instant()).plan(ctx.settings().planId()).run(pass.runId)
        .connection(connectionId).item(itemId).causedBy(pass.trigger);
  }

  /**
   * A change a tool made that this pass saw, with the item's version where the tool gives one:
   * plans that read the same connection each record what they saw, and the version tells that
   * their events report one change.
   */
  ChangeEvent.Builder seen(Pass pass, String type, SyncParticipant side, ExternalItem item) {
    ChangeEvent.Builder seen = event(pass, type, ChangeEvent.Origin.TOOL, side.connectionId(), item.id())
        .attribute("version", item.version());
    ChangeEvent write = ctx.causes().causeOf(side.connectionId(), item);
    return write == null ? seen : seen.causedBy(write); // a workflow's write, seen again in its tool
  }

  /** The item's canonical state as event snapshots carry it. */
  static JsonNode snapshot(WorkItem item) {
    return CanonicalJson.toDocument(item);
  }

  /** The snapshot of {@code item} with {@code changes} applied, as far as they fit a canonical item. */
  static JsonNode snapshot(WorkItem item, Map<String, JsonNode> changes) {
    com.fasterxml.jackson.databind.node.ObjectNode doc = CanonicalJson.toDocument(item);
    CanonicalJson.writeFields(doc, changes);
    return doc;
  }

  /** Per named field, its value in {@code before} (JSON null when absent) and in {@code after}. */
  static Map<String, FieldChange> changes(Map<String, JsonNode> before, Map<String, JsonNode> after,
      Collection<String> names) {
    Map<String, FieldChange> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, new FieldChange(before.getOrDefault(name, NullNode.getInstance()),
          after.getOrDefault(name, NullNode.getInstance())));
    }
    return out;
  }

  /** The events given, nulls left out. */
  static List<ChangeEvent> of(@Nullable ChangeEvent... events) {
    List<ChangeEvent> out = new ArrayList<>(events.length);
    for (ChangeEvent e : events) {
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Makes the state change and records {@code events} in one transaction, preceded by the tool's
   * change of the current item when no earlier outcome of it recorded that yet.
   */
  void commit(Pass pass, Runnable stateChange, List<ChangeEvent> events) {
    List<ChangeEvent> all = new ArrayList<>(events.size() + 1);
    boolean withObserved = pass.observed != null && !pass.observedRecorded;
    if (withObserved) {
      all.add(pass.observed);
    }
    all.addAll(events);
    ctx.store().inTransaction(() -> {
      stateChange.run();
      append(all);
    });
    if (withObserved) {
      pass.observedRecorded = true;
    }
  }

  /** Records events that describe no state change of their own (a pass started or finished). */
  void record(List<ChangeEvent> events) {
    ctx.store().inTransaction(() -> append(events));
  }

  private void append(List<ChangeEvent> events) {
    if (!events.isEmpty()) {
      ctx.store().appendEvents(events);
    }
  }
}
