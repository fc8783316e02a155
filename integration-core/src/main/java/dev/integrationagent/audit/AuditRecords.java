package dev.integrationagent.audit;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditEvent.Outcome;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The audit record of an event of the stream (schema version {@value AuditEvent#SCHEMA_VERSION}):
 * the same id, type, time, plan, run, connection and item, who did it, the linked item on the other
 * side, each changed canonical field with its value before and after (a created item's fields from
 * nothing), the error category of a failure, the causation chain, an outcome and one readable
 * sentence. Values are masked later, by the trail's {@link AuditMasking}, before any sink sees them.
 * Pure.
 */
public final class AuditRecords {
  private static final Set<String> FAILURES = Set.of(EventTypes.ITEM_FAILED, EventTypes.ITEM_PARKED,
      EventTypes.PASS_FAILED, EventTypes.CONNECTION_FAILED, EventTypes.PASS_DELETES_REFUSED, EventTypes.CONSUMER_BEHIND,
      EventTypes.WORKFLOW_FAILED);
  private static final Set<String> SKIPS = Set.of(EventTypes.CONFLICT_DETECTED, EventTypes.PASS_INITIAL_SKIPPED,
      EventTypes.WORKFLOW_STOPPED);

  /** The workflow run an event belongs to, when it is known: the workflow's id and the run's. */
  public record WorkflowRun(String workflowId, @Nullable String executionId) {}

  private AuditRecords() {}

  /** The record of {@code e} by an agent named "agent", no workflow known. */
  public static AuditEvent of(ChangeEvent e) {
    return of(e, "agent", id -> null);
  }

  /**
   * The record of {@code e}.
   *
   * @param agentId the agent's name, the actor of what the agent decided itself
   * @param workflowOf the workflow run an event id belongs to, or null: a write whose causation
   *     chain reaches a workflow's step is that workflow's doing
   */
  public static AuditEvent of(ChangeEvent e, String agentId,
      java.util.function.Function<String, WorkflowRun> workflowOf) {
    Map<String, String> attributes = new LinkedHashMap<>(e.attributes());
    attributes.put("eventId", e.id());
    attributes.put("offset", Long.toString(e.offset()));
    attributes.put("origin", e.origin().name());
    if (e.causedBy() != null) {
      attributes.put("cause", e.causedBy());
    }
    if (!e.changes().isEmpty()) {
      attributes.put("fields", String.join(",", e.changes().keySet()));
    }
    AuditEvent.Builder b = AuditEvent.builder(e.type(), outcome(e), e.at()).id(e.id()).plan(e.planId()).run(e.runId())
        .connection(e.connectionId()).item(e.itemId()).event(e.id(), e.causation()).message(message(e))
        .attributes(attributes);
    WorkflowRun workflow = workflow(e, workflowOf);
    b.actor(switch (e.origin()) {
      case TOOL -> AuditEvent.Actor.toolUser(String.valueOf(e.connectionId()));
      case HOST -> AuditEvent.Actor.host(e.attributes().getOrDefault("user", "host"));
      case AGENT -> workflow != null ? AuditEvent.Actor.workflow(workflow.workflowId()) : AuditEvent.Actor.agent(agentId);
    });
    if (workflow != null) {
      b.workflow(workflow.workflowId(), workflow.executionId());
    }
    String source = e.attributes().getOrDefault("source", e.attributes().get("counterpart"));
    if (source != null && source.indexOf(':') > 0) {
      b.counterpart(source.substring(0, source.indexOf(':')), source.substring(source.indexOf(':') + 1));
    }
    e.changes().forEach(b::change);
    conflictValues(e, b, attributes);
    if (EventTypes.ITEM_CREATED.equals(e.type()) && e.snapshot() != null && e.changes().isEmpty()) {
      e.snapshot().properties().forEach(f -> {
        if (!f.getValue().isNull()) {
          b.change(f.getKey(), new FieldChange(NullNode.getInstance(), f.getValue()));
        }
      });
    }
    String category = e.attributes().get("category");
    if (category != null) {
      try {
        b.errorCategory(ErrorCategory.valueOf(category));
      } catch (IllegalArgumentException notACategory) {
        // a host event's own "category" attribute: kept as an attribute only
      }
    }
    return b.build();
  }

  /**
   * A conflict's values (each side's, or the one settled on) go in the record's changes of the
   * field, not its attributes, so that a masking rule for the field hides them like any other
   * value: a detected conflict reads as A's value before and B's after, a resolved one as the value
   * settled on. Excerpts, as the event holds them.
   */
  private static void conflictValues(ChangeEvent e, AuditEvent.Builder b, Map<String, String> attributes) {
    String field = e.attributes().get("field");
    if (field == null || !(EventTypes.CONFLICT_DETECTED.equals(e.type())
        || EventTypes.CONFLICT_RESOLVED.equals(e.type()))) {
      return;
    }
    String a = attributes.remove("a");
    String bValue = attributes.remove("b");
    String value = attributes.remove("value");
    if (EventTypes.CONFLICT_DETECTED.equals(e.type()) && (a != null || bValue != null)) {
      b.change(field, new FieldChange(text(a), text(bValue)));
    } else if (value != null) {
      b.change(field, new FieldChange(NullNode.getInstance(), text(value)));
    }
    b.attributes(attributes);
  }

  private static com.fasterxml.jackson.databind.JsonNode text(@Nullable String excerpt) {
    return excerpt == null ? NullNode.getInstance() : com.fasterxml.jackson.databind.node.TextNode.valueOf(excerpt);
  }

  private static @Nullable WorkflowRun workflow(ChangeEvent e,
      java.util.function.Function<String, WorkflowRun> workflowOf) {
    String workflow = e.attributes().get("workflow");
    if (workflow != null && e.type().startsWith("workflow.")) {
      return new WorkflowRun(workflow, e.attributes().get("execution"));
    }
    if (e.origin() != ChangeEvent.Origin.AGENT) {
      return null;
    }
    // a workflow action's own write: the engine stamps it with its run and step, and its causation
    // names the run's trigger (a tool's change), not the step, so the chain alone cannot tell
    if (workflow != null && e.attributes().containsKey("execution") && e.attributes().containsKey("step")) {
      return new WorkflowRun(workflow, e.attributes().get("execution"));
    }
    for (String cause : e.causation()) {
      WorkflowRun run = workflowOf.apply(cause);
      if (run != null) {
        return run;
      }
    }
    return null;
  }

  static Outcome outcome(ChangeEvent e) {
    if (EventTypes.WORKFLOW_STEP.equals(e.type())) {
      String outcome = e.attributes().getOrDefault("outcome", "");
      return outcome.equals("failed") || outcome.equals("retrying") ? Outcome.FAILURE
          : outcome.equals("skipped") ? Outcome.SKIPPED : Outcome.SUCCESS;
    }
    boolean health = EventTypes.CONNECTION_HEALTH.equals(e.type()) || EventTypes.PLAN_HEALTH.equals(e.type());
    if (FAILURES.contains(e.type()) || (health && "DOWN".equals(e.attributes().get("status")))
        || (EventTypes.CREDENTIAL_REFRESHED.equals(e.type()) && "failed".equals(e.attributes().get("outcome")))) {
      return Outcome.FAILURE;
    }
    return SKIPS.contains(e.type()) ? Outcome.SKIPPED : Outcome.SUCCESS;
  }

  static String message(ChangeEvent e) {
    Map<String, String> at = e.attributes();
    String item = item(e);
    boolean agent = e.origin() == ChangeEvent.Origin.AGENT;
    String from = at.containsKey("source") ? " from " + at.get("source").replaceFirst(":", " item ") : "";
    String fields = e.changes().isEmpty() ? at.getOrDefault("fields", "") : String.join(", ", e.changes().keySet());
    String reason = at.containsKey("reason") ? ": " + at.get("reason") : "";
    return switch (e.type()) {
      case EventTypes.ITEM_CREATING -> "creating a " + e.connectionId() + " item" + from;
      case EventTypes.ITEM_UPDATING -> "writing " + fields.replace(",", ", ") + " of " + item + from;
      case EventTypes.ITEM_CREATED -> agent ? ("true".equals(at.get("recovered"))
          ? "linked " + item + ", created before its answer was lost, instead of creating it again"
          : "created " + item + from) : item + " was created";
      case EventTypes.ITEM_UPDATED -> agent ? "updated " + fields + " of " + item + from
          : item + " changed: " + fields;
      case EventTypes.ITEM_DELETED -> agent ? "deleted " + item : item + " was deleted";
      case EventTypes.ITEM_LINKED -> "linked " + item + " (A " + at.get("aId") + ", B " + at.get("bId") + ")"
          + (at.containsKey("matchedBy") ? " by its look-alike's " + at.get("matchedBy") : "");
      case EventTypes.ITEM_UNLINKED -> "unlinked " + item + " (delete policy " + at.get("policy") + ")";
      case EventTypes.ITEM_FAILED -> item + " failed (" + at.get("category") + ", attempt " + at.get("attempts")
          + "), tried again after " + at.get("retryAt") + reason;
      case EventTypes.ITEM_PARKED -> "parked " + item + " (" + at.get("category") + ", attempt " + at.get("attempts")
          + ")" + reason;
      case EventTypes.ITEM_UNPARKED -> item + " left the failing list" + by(at);
      case EventTypes.CONFLICT_DETECTED -> "field " + at.get("field") + " changed on both sides of " + item
          + ("true".equals(at.get("parked")) ? "; queued for a person" : "");
      case EventTypes.CONFLICT_RESOLVED -> "conflict on field " + at.get("field") + " of " + item + " resolved"
          + by(at);
      case EventTypes.COMMENT_COPIED -> ("true".equals(at.get("edited")) ? "updated the copy of " : "copied ")
          + "comment " + at.get("source") + " to " + item;
      case EventTypes.PASS_STARTED -> "pass of plan " + e.planId() + " started";
      case EventTypes.PASS_FINISHED, EventTypes.PASS_FAILED -> at.containsKey("summary") ? at.get("summary")
          : "pass of plan " + e.planId()
          + (EventTypes.PASS_FAILED.equals(e.type()) ? " failed" : " finished") + ": " + at.get("created")
          + " created, " + at.get("updated") + " updated, " + at.get("unchanged") + " unchanged, " + at.get("failed")
          + " failed, " + at.get("conflicts") + " conflicts" + reason;
      case EventTypes.PASS_INITIAL_SKIPPED -> "first pass starts from now: " + at.get("items") + " existing items of "
          + e.connectionId() + " left alone";
      case EventTypes.PASS_DELETES_REFUSED -> "no delete inferred from the listing of " + e.connectionId() + reason;
      case EventTypes.CONNECTION_FAILED -> e.connectionId() + " failed (" + at.get("category") + ", "
          + at.get("step") + ")" + reason;
      case EventTypes.CONNECTION_HEALTH -> e.connectionId() + " is " + at.get("status") + ", was "
          + at.get("previous") + reason;
      case EventTypes.PLAN_HEALTH -> "plan " + e.planId() + " is " + at.get("status") + ", was " + at.get("previous")
          + reason;
      case EventTypes.ALERT_RAISED -> "alert raised (" + at.get("severity") + "): " + at.get("title");
      case EventTypes.ALERT_RESOLVED -> "alert resolved: " + at.get("key") + reason;
      case EventTypes.CREDENTIAL_REFRESHED -> "the credential of " + e.connectionId() + " was refreshed"
          + ("failed".equals(at.get("outcome")) ? ": the refresh failed" + reason : "");
      case EventTypes.WEBHOOK_RECEIVED -> "webhook " + at.get("delivery") + " of " + e.connectionId() + " received";
      case EventTypes.WORKFLOW_STARTED -> "workflow " + at.get("workflow") + " v" + at.get("version") + " started run "
          + at.get("execution");
      case EventTypes.WORKFLOW_STEP -> "workflow " + at.get("workflow") + " step " + at.get("step") + " ("
          + at.getOrDefault("action", at.get("kind")) + ") " + at.get("outcome") + reason;
      case EventTypes.WORKFLOW_FINISHED -> "workflow " + at.get("workflow") + " finished run " + at.get("execution");
      case EventTypes.WORKFLOW_FAILED -> "workflow " + at.get("workflow") + " run " + at.get("execution") + " failed"
          + reason;
      case EventTypes.WORKFLOW_STOPPED -> "workflow " + at.get("workflow") + " not started" + reason;
      case EventTypes.CONSUMER_BEHIND -> "event subscription " + at.get("consumer") + " missed " + at.get("missed")
          + " events pruned before it read them";
      default -> e.origin().name().toLowerCase(java.util.Locale.ROOT) + " event " + e.type()
          + (e.itemId() == null ? "" : " about " + item);
    };
  }

  private static String item(ChangeEvent e) {
    return (e.connectionId() == null ? "" : e.connectionId() + " ") + "item " + e.itemId();
  }

  private static String by(Map<String, String> at) {
    @Nullable String by = at.get("by");
    return by == null ? "" : " (" + by + ")";
  }
}
