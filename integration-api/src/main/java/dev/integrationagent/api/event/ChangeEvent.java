package dev.integrationagent.api.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.annotation.Nullable;

/**
 * One durable fact of the event stream. Events are named with the dotted words of the audit
 * trail ({@link EventTypes}); the ones the engine records describe state it recorded in the
 * same store transaction, so the stream and the state never disagree after a crash.
 *
 * <pre>{@code
 * agent.events().subscribe("labels", EventFilter.types(EventTypes.ITEM_UPDATED).and(EventFilter.connection("github")),
 *     event -> {
 *       FieldChange labels = event.changes().get("labels");
 *       if (labels != null) notify(event.itemId(), labels.newValue());
 *     });
 * }</pre>
 *
 * @param offset the event's place in the stream, assigned by the store when it is recorded
 *     (0 for an event not recorded yet); offsets grow with recording order
 * @param id a unique id, stable across redeliveries: consumers deduplicate on it
 * @param type what happened, dotted ({@code item.updated}); {@link EventTypes} lists the engine's
 * @param at when it happened
 * @param origin who made the change: a person or program in the tool, the agent, or the host
 * @param connectionId the connection the event concerns, or null (a pass, a host event)
 * @param planId the plan, or null (a watch, a host event)
 * @param runId the run (pass) that recorded it, or null
 * @param itemId the item's id on that connection, or null
 * @param snapshot the item's canonical state after the change ({@code WorkItem} as JSON), or null
 * @param changes per canonical field, its value before and after (for {@code item.updated})
 * @param causation the ids of the events that led to this one, nearest first: a write's event
 *     names the change it copied, and that change the workflow run or host event behind it
 * @param attributes further facts (a message, an error category, a side), sorted by name; never a secret
 */
public record ChangeEvent(
    long offset, String id, String type, Instant at, Origin origin,
    @Nullable String connectionId, @Nullable String planId, @Nullable String runId, @Nullable String itemId,
    @Nullable JsonNode snapshot, Map<String, FieldChange> changes, List<String> causation,
    Map<String, String> attributes) {

  /** Who made the change an event reports. */
  public enum Origin {
    /** Seen in a tool: made there by a person or another program. */
    TOOL,
    /** Made or decided by this library: its writes, passes, conflicts and parked items. */
    AGENT,
    /** Published by the host application ({@code agent.publish}). */
    HOST
  }

  public ChangeEvent {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative but was " + offset);
    }
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(at, "at");
    requireNonNull(origin, "origin");
    if (type.isBlank() || !type.equals(type.strip())) {
      throw new IllegalArgumentException("event type must be a dotted name without blanks, was '" + type + "'");
    }
    snapshot = snapshot == null ? null : snapshot.deepCopy();
    changes = java.util.Collections.unmodifiableMap(new TreeMap<>(changes));
    causation = List.copyOf(causation);
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** A new event, not recorded yet: a fresh id, no offset, no item, no cause. */
  public static Builder builder(String type, Origin origin, Instant at) {
    return new Builder(type, origin, at);
  }

  /** The id of the event that caused this one, or null when nothing did. */
  public @Nullable String causedBy() {
    return causation.isEmpty() ? null : causation.get(0);
  }

  /** The causation an event caused by this one carries: this event, then its own causes. */
  public List<String> asCause() {
    List<String> chain = new java.util.ArrayList<>(causation.size() + 1);
    chain.add(id);
    chain.addAll(causation);
    return chain;
  }

  /** This event as recorded at {@code offset}. */
  public ChangeEvent at(long offset) {
    return new ChangeEvent(offset, id, type, at, origin, connectionId, planId, runId, itemId, snapshot, changes,
        causation, attributes);
  }

  /** Builds an event; {@link #build()} gives it a fresh id unless {@link #id(String)} set one. */
  public static final class Builder {
    private final String type;
    private final Origin origin;
    private final Instant at;
    private @Nullable String id;
    private @Nullable String connectionId;
    private @Nullable String planId;
    private @Nullable String runId;
    private @Nullable String itemId;
    private @Nullable JsonNode snapshot;
    private Map<String, FieldChange> changes = Map.of();
    private List<String> causation = List.of();
    private final Map<String, String> attributes = new TreeMap<>();

    private Builder(String type, Origin origin, Instant at) {
      this.type = requireNonNull(type, "type");
      this.origin = requireNonNull(origin, "origin");
      this.at = requireNonNull(at, "at");
    }

    public Builder id(String id) {
      this.id = requireNonNull(id, "id");
      return this;
    }

    public Builder connection(@Nullable String connectionId) {
      this.connectionId = connectionId;
      return this;
    }

    public Builder plan(@Nullable String planId) {
      this.planId = planId;
      return this;
    }

    public Builder run(@Nullable String runId) {
      this.runId = runId;
      return this;
    }

    public Builder item(@Nullable String itemId) {
      this.itemId = itemId;
      return this;
    }

    public Builder snapshot(@Nullable JsonNode snapshot) {
      this.snapshot = snapshot;
      return this;
    }

    public Builder changes(Map<String, FieldChange> changes) {
      this.changes = requireNonNull(changes, "changes");
      return this;
    }

    /** The event this one follows from, and that event's own causes. */
    public Builder causedBy(@Nullable ChangeEvent cause) {
      this.causation = cause == null ? List.of() : cause.asCause();
      return this;
    }

    /** The causation chain, nearest first. */
    public Builder causation(List<String> causation) {
      this.causation = requireNonNull(causation, "causation");
      return this;
    }

    public Builder attribute(String name, @Nullable String value) {
      requireNonNull(name, "name");
      if (value != null) {
        attributes.put(name, value);
      }
      return this;
    }

    public ChangeEvent build() {
      return new ChangeEvent(0, id == null ? UUID.randomUUID().toString() : id, type, at, origin, connectionId, planId,
          runId, itemId, snapshot, changes, causation, attributes);
    }
  }
}
