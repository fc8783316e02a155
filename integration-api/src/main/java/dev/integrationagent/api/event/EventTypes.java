package dev.integrationagent.api.event;

import java.util.List;

/**
 * The event types the engine records. A host's own events ({@code agent.publish}) take any other
 * dotted name; names beginning with one of the engine's prefixes are refused for them.
 */
public final class EventTypes {
  /** An item appeared: seen new in a tool ({@code TOOL}), or created by the agent ({@code AGENT}). */
  public static final String ITEM_CREATED = "item.created";
  /**
   * The agent is about to create an item ({@code AGENT}): recorded with the create's intent, before
   * the tool is called, so that a create the tool took just before the process died is on record.
   * An {@code item.created} follows, or an {@code item.parked} when the create failed.
   */
  public static final String ITEM_CREATING = "item.creating";
  /**
   * The agent is about to write fields of an item ({@code AGENT}, {@code attributes.fields}):
   * recorded before the tool is called, like {@link #ITEM_CREATING}.
   */
  public static final String ITEM_UPDATING = "item.updating";
  /** An item's canonical fields changed; {@link ChangeEvent#changes()} has old and new values. */
  public static final String ITEM_UPDATED = "item.updated";
  /** An item was deleted (seen gone in a tool, or deleted or closed by the agent under a delete policy). */
  public static final String ITEM_DELETED = "item.deleted";
  /** Two items became a link of a plan (created, recovered from a marker, or matched at first sync). */
  public static final String ITEM_LINKED = "item.linked";
  /** A link of a plan was removed. */
  public static final String ITEM_UNLINKED = "item.unlinked";
  /** Both sides changed a field since the base. */
  public static final String CONFLICT_DETECTED = "conflict.detected";
  /** A conflict was decided, by the plan's policy or by a person. */
  public static final String CONFLICT_RESOLVED = "conflict.resolved";
  /**
   * Syncing an item failed with an error worth retrying; it is tried again after a backoff
   * ({@code attributes.retryAt}) and is on the plan's failing list meanwhile.
   */
  public static final String ITEM_FAILED = "item.failed";
  /** An item was set aside for good with its classified error, until a person retries or drops it. */
  public static final String ITEM_PARKED = "item.parked";
  /** A parked item synced and left the list. */
  public static final String ITEM_UNPARKED = "item.unparked";
  /** A comment was copied to the linked item. */
  public static final String COMMENT_COPIED = "comment.copied";
  public static final String PASS_STARTED = "pass.started";
  public static final String PASS_FINISHED = "pass.finished";
  public static final String PASS_FAILED = "pass.failed";
  /** A plan's first pass started from now: the side's existing items were left alone ({@code attributes.items}). */
  public static final String PASS_INITIAL_SKIPPED = "pass.initial-skipped";
  /**
   * A complete listing lacked most of a side's linked items, so no delete was inferred and the
   * pass failed ({@code attributes.missing}, {@code links}, {@code reason}).
   */
  public static final String PASS_DELETES_REFUSED = "pass.deletes-refused";
  /**
   * A connection failed so that a direction of a pass stopped, its cursor kept: listing its changes
   * failed, or it refused the credential, is set up wrong or has its circuit open while an item was
   * synced, or a pending create's marker could not be looked up ({@code attributes.step}:
   * {@code listing}, {@code item}, {@code recovery}; {@code category}, {@code reason}).
   */
  public static final String CONNECTION_FAILED = "connection.failed";
  /** A connection's health changed ({@code attributes.status}, {@code attributes.previous}). */
  public static final String CONNECTION_HEALTH = "connection.health";
  /**
   * A plan's health changed ({@code attributes.status}, {@code previous}, {@code reasons}): its
   * passes, lag, parked items or connections crossed a threshold.
   */
  public static final String PLAN_HEALTH = "plan.health";
  /**
   * An alert rule raised an alert and sent it to the alert sinks ({@code attributes.key},
   * {@code rule}, {@code severity}, {@code source}, {@code title}, {@code message}): the open alerts
   * a restarted agent knows, so that it does not page again for what it told already.
   */
  public static final String ALERT_RAISED = "alert.raised";
  /** An open alert's condition cleared and the resolved notice was sent ({@code attributes.key}, {@code rule}, {@code reason}). */
  public static final String ALERT_RESOLVED = "alert.resolved";
  /** A connection's credential was refreshed (an OAuth 2.0 token renewed; {@code attributes.outcome}). */
  public static final String CREDENTIAL_REFRESHED = "credential.refreshed";
  /** A webhook delivery was received and verified ({@code attributes.delivery}, {@code attributes.outcome}). */
  public static final String WEBHOOK_RECEIVED = "webhook.received";
  /** A workflow run started for its trigger ({@code attributes.workflow}, {@code version}, {@code execution}). */
  public static final String WORKFLOW_STARTED = "workflow.started";
  /**
   * A step of a workflow run ended ({@code attributes.step}, {@code node}, {@code action},
   * {@code outcome}: {@code done}, {@code skipped}, {@code failed}, {@code retrying}, {@code waiting}).
   */
  public static final String WORKFLOW_STEP = "workflow.step";
  /** A workflow run finished: every step it took is done. */
  public static final String WORKFLOW_FINISHED = "workflow.finished";
  /** A workflow run failed: a step failed for good and its {@code onError} stopped the run. */
  public static final String WORKFLOW_FAILED = "workflow.failed";
  /**
   * A workflow was not started for an event that matched it ({@code attributes.reason}: its
   * causation chain is deeper than the workflow's {@code maxChainDepth}, or the workflow is over its
   * rate cap).
   */
  public static final String WORKFLOW_STOPPED = "workflow.stopped";
  /** A consumer fell behind the stream's retention: events were pruned before it read them. */
  public static final String CONSUMER_BEHIND = "consumer.behind";

  /** Prefixes of the engine's own event names. */
  public static final List<String> RESERVED_PREFIXES =
      List.of("item.", "conflict.", "comment.", "pass.", "connection.", "webhook.", "consumer.", "workflow.",
          "plan.", "config.", "credential.", "alert.");

  private EventTypes() {}

  /** Whether a host may publish events of this type: a dotted name outside the engine's vocabulary. */
  public static boolean hostMayPublish(String type) {
    return type.matches("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+") && RESERVED_PREFIXES.stream().noneMatch(type::startsWith);
  }
}
