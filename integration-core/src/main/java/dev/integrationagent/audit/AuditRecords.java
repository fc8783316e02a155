package dev.integrationagent.audit;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditEvent.Outcome;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The audit record of an event of the stream: the same type, time, plan, run, connection and
 * item, an outcome, one readable sentence, and the event's attributes with its id, origin, cause
 * and the names of the fields it changed (never their values: they may be what a masking rule
 * hides). Pure.
 */
public final class AuditRecords {
  private static final Set<String> FAILURES = Set.of(EventTypes.ITEM_FAILED, EventTypes.ITEM_PARKED,
      EventTypes.PASS_FAILED, EventTypes.CONNECTION_FAILED, EventTypes.PASS_DELETES_REFUSED, EventTypes.CONSUMER_BEHIND,
      EventTypes.WORKFLOW_FAILED);
  private static final Set<String> SKIPS = Set.of(EventTypes.CONFLICT_DETECTED, EventTypes.PASS_INITIAL_SKIPPED,
      EventTypes.WORKFLOW_STOPPED);

  private AuditRecords() {}

  public static AuditEvent of(ChangeEvent e) {
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
    return new AuditEvent(e.at(), e.type(), outcome(e), e.runId(), e.planId(), e.connectionId(), e.itemId(),
        message(e), attributes);
  }

  static Outcome outcome(ChangeEvent e) {
    if (EventTypes.WORKFLOW_STEP.equals(e.type())) {
      String outcome = e.attributes().getOrDefault("outcome", "");
      return outcome.equals("failed") || outcome.equals("retrying") ? Outcome.FAILURE
          : outcome.equals("skipped") ? Outcome.SKIPPED : Outcome.SUCCESS;
    }
    if (FAILURES.contains(e.type()) || (EventTypes.CONNECTION_HEALTH.equals(e.type())
        && "DOWN".equals(e.attributes().get("status")))) {
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
          + by(at) + (at.containsKey("value") ? ", value " + at.get("value") : "");
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
