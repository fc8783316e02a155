package dev.integrationagent.api.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.event.FieldChange;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.annotation.Nullable;

/**
 * One record of the audit trail, schema version {@value #SCHEMA_VERSION} (its JSON form is described
 * by {@code /dev/integrationagent/audit/audit-event.schema.json} in integration-core). Never
 * carries a secret; field values a masking rule covers are replaced by {@link #MASKED}.
 *
 * <p>Build one with {@link #builder(String, Outcome, Instant)}:
 *
 * <pre>{@code
 * AuditEvent e = AuditEvent.builder("item.updated", Outcome.SUCCESS, clock.instant())
 *     .actor(Actor.workflow("triage", "run-7")).connection("jira").item("APP-3")
 *     .change("status", before, after).message("updated APP-3 (status)").build();
 * }</pre>
 *
 * @param id a unique id of the record; a record made from a stream event has that event's id, so a
 *     record delivered twice can be told from two records
 * @param at when it happened
 * @param operation what happened, dotted ({@code item.created}, {@code item.updated},
 *     {@code pass.finished}: an event type of the stream, or {@code http.call}, {@code config.loaded},
 *     {@code credential.refreshed})
 * @param outcome whether it succeeded
 * @param actor who did it: the agent, a workflow run, a person in a tool, the host or a console user
 * @param planId the plan, or null
 * @param runId the pass, or null outside a pass
 * @param workflowId the workflow, or null
 * @param workflowRunId the workflow's run (execution), or null
 * @param connectionId the connection written to or read from, or null
 * @param itemId the item's id on that connection, or null
 * @param counterpartConnectionId the connection of the linked item on the other side, or null
 * @param counterpartItemId the linked item's id there, or null
 * @param changes per canonical field, its value before and after ({@link #MASKED} where masked)
 * @param errorCategory the failure's category, or null
 * @param eventId the id of the stream event it records (the correlation id), or null
 * @param causation the ids of the events that led to it, nearest first
 * @param message one readable sentence
 * @param attributes further facts, sorted by name
 */
public record AuditEvent(
    String id, Instant at, String operation, Outcome outcome, Actor actor,
    @Nullable String planId, @Nullable String runId, @Nullable String workflowId, @Nullable String workflowRunId,
    @Nullable String connectionId, @Nullable String itemId,
    @Nullable String counterpartConnectionId, @Nullable String counterpartItemId,
    Map<String, FieldChange> changes, @Nullable ErrorCategory errorCategory,
    @Nullable String eventId, List<String> causation, String message, Map<String, String> attributes) {

  /** The version of this record's shape; raised when a field is removed or changes meaning. */
  public static final int SCHEMA_VERSION = 1;

  /** What a masked field value reads as. */
  public static final String MASKED = "***";

  /** Whether the step succeeded. */
  public enum Outcome {
    SUCCESS,
    FAILURE,
    SKIPPED
  }

  /**
   * Who did what a record reports.
   *
   * @param kind what kind of actor
   * @param id the agent's id, the workflow's id, the connection whose tool user made a change, the
   *     host's user or the console user
   */
  public record Actor(Kind kind, String id) {
    /** The kinds of actor. */
    public enum Kind {
      /** This library, deciding on its own (a pass, a merge, a retry). */
      AGENT,
      /** A workflow run; {@link AuditEvent#workflowRunId()} names the run. */
      WORKFLOW,
      /** A person or program in a tool, seen by the agent; the id is the connection. */
      TOOL_USER,
      /** The host application, through its API calls ({@code publish}, {@code retryParked}). */
      HOST,
      /** A person using the web console. */
      CONSOLE_USER
    }

    public Actor {
      requireNonNull(kind, "kind");
      requireNonNull(id, "id");
    }

    public static Actor agent(String agentId) {
      return new Actor(Kind.AGENT, agentId);
    }

    public static Actor workflow(String workflowId) {
      return new Actor(Kind.WORKFLOW, workflowId);
    }

    public static Actor toolUser(String connectionId) {
      return new Actor(Kind.TOOL_USER, connectionId);
    }

    public static Actor host(String user) {
      return new Actor(Kind.HOST, user);
    }
  }

  public AuditEvent {
    requireNonNull(id, "id");
    requireNonNull(at, "at");
    requireNonNull(operation, "operation");
    requireNonNull(outcome, "outcome");
    requireNonNull(actor, "actor");
    requireNonNull(message, "message");
    if (operation.isBlank()) {
      throw new IllegalArgumentException("audit event operation is blank");
    }
    changes = Collections.unmodifiableMap(new TreeMap<>(changes));
    causation = List.copyOf(causation);
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /**
   * A record of the agent's own doing with no field changes, correlation or counterpart: the shape
   * of schema version 0, kept for sinks and tests written against it.
   */
  public AuditEvent(
      Instant at, String type, Outcome outcome, @Nullable String runId, @Nullable String planId,
      @Nullable String connectionId, @Nullable String itemId, String message, Map<String, String> attributes) {
    this(UUID.randomUUID().toString(), at, type, outcome, Actor.agent("agent"), planId, runId, null, null,
        connectionId, itemId, null, null, Map.of(), null, null, List.of(), message, attributes);
  }

  /** What happened: the same as {@link #operation()}. */
  public String type() {
    return operation;
  }

  public static Builder builder(String operation, Outcome outcome, Instant at) {
    return new Builder(operation, outcome, at);
  }

  /** A builder holding this record's values, to derive another from it. */
  public Builder toBuilder() {
    Builder b = new Builder(operation, outcome, at);
    b.id = id;
    b.actor = actor;
    b.planId = planId;
    b.runId = runId;
    b.workflowId = workflowId;
    b.workflowRunId = workflowRunId;
    b.connectionId = connectionId;
    b.itemId = itemId;
    b.counterpartConnectionId = counterpartConnectionId;
    b.counterpartItemId = counterpartItemId;
    b.changes.putAll(changes);
    b.errorCategory = errorCategory;
    b.eventId = eventId;
    b.causation = causation;
    b.message = message;
    b.attributes.putAll(attributes);
    return b;
  }

  /** Builds an {@link AuditEvent}; only the operation, outcome and time are required. */
  public static final class Builder {
    private String id = UUID.randomUUID().toString();
    private final String operation;
    private final Outcome outcome;
    private final Instant at;
    private Actor actor = Actor.agent("agent");
    private @Nullable String planId;
    private @Nullable String runId;
    private @Nullable String workflowId;
    private @Nullable String workflowRunId;
    private @Nullable String connectionId;
    private @Nullable String itemId;
    private @Nullable String counterpartConnectionId;
    private @Nullable String counterpartItemId;
    private final Map<String, FieldChange> changes = new TreeMap<>();
    private @Nullable ErrorCategory errorCategory;
    private @Nullable String eventId;
    private List<String> causation = List.of();
    private String message = "";
    private final Map<String, String> attributes = new TreeMap<>();

    private Builder(String operation, Outcome outcome, Instant at) {
      this.operation = requireNonNull(operation, "operation");
      this.outcome = requireNonNull(outcome, "outcome");
      this.at = requireNonNull(at, "at");
    }

    public Builder id(String value) {
      this.id = requireNonNull(value, "id");
      return this;
    }

    public Builder actor(Actor value) {
      this.actor = requireNonNull(value, "actor");
      return this;
    }

    public Builder plan(@Nullable String value) {
      this.planId = value;
      return this;
    }

    public Builder run(@Nullable String value) {
      this.runId = value;
      return this;
    }

    public Builder workflow(@Nullable String workflow, @Nullable String workflowRun) {
      this.workflowId = workflow;
      this.workflowRunId = workflowRun;
      return this;
    }

    public Builder connection(@Nullable String value) {
      this.connectionId = value;
      return this;
    }

    public Builder item(@Nullable String value) {
      this.itemId = value;
      return this;
    }

    public Builder counterpart(@Nullable String connection, @Nullable String item) {
      this.counterpartConnectionId = connection;
      this.counterpartItemId = item;
      return this;
    }

    public Builder change(String field, FieldChange change) {
      changes.put(requireNonNull(field, "field"), requireNonNull(change, "change"));
      return this;
    }

    public Builder changes(Map<String, FieldChange> value) {
      changes.clear();
      changes.putAll(value);
      return this;
    }

    public Builder errorCategory(@Nullable ErrorCategory value) {
      this.errorCategory = value;
      return this;
    }

    public Builder event(@Nullable String value, List<String> causedBy) {
      this.eventId = value;
      this.causation = requireNonNull(causedBy, "causation");
      return this;
    }

    public Builder message(String value) {
      this.message = requireNonNull(value, "message");
      return this;
    }

    public Builder attribute(String name, @Nullable String value) {
      if (value == null) {
        attributes.remove(name);
      } else {
        attributes.put(name, value);
      }
      return this;
    }

    public Builder attributes(Map<String, String> value) {
      attributes.clear();
      attributes.putAll(value);
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(id, at, operation, outcome, actor, planId, runId, workflowId, workflowRunId,
          connectionId, itemId, counterpartConnectionId, counterpartItemId, changes, errorCategory, eventId,
          causation, message, attributes);
    }
  }
}
