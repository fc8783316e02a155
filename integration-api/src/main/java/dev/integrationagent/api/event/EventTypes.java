package dev.integrationagent.api.event;

import java.util.List;

/**
 * The event types the engine records. A host's own events ({@code agent.publish}) take any other
 * dotted name; names beginning with one of the engine's prefixes are refused for them.
 */
public final class EventTypes {
  /** An item appeared: seen new in a tool ({@code TOOL}), or created by the agent ({@code AGENT}). */
  public static final String ITEM_CREATED = "item.created";
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
  /** An item was set aside with its classified error. */
  public static final String ITEM_PARKED = "item.parked";
  /** A parked item synced and left the list. */
  public static final String ITEM_UNPARKED = "item.unparked";
  /** A comment was copied to the linked item. */
  public static final String COMMENT_COPIED = "comment.copied";
  public static final String PASS_STARTED = "pass.started";
  public static final String PASS_FINISHED = "pass.finished";
  public static final String PASS_FAILED = "pass.failed";
  /** A connection's health changed ({@code attributes.status}, {@code attributes.previous}). */
  public static final String CONNECTION_HEALTH = "connection.health";
  /** A webhook delivery was received and verified ({@code attributes.delivery}, {@code attributes.outcome}). */
  public static final String WEBHOOK_RECEIVED = "webhook.received";
  /** A consumer fell behind the stream's retention: events were pruned before it read them. */
  public static final String CONSUMER_BEHIND = "consumer.behind";

  /** Prefixes of the engine's own event names. */
  public static final List<String> RESERVED_PREFIXES =
      List.of("item.", "conflict.", "comment.", "pass.", "connection.", "webhook.", "consumer.");

  private EventTypes() {}

  /** Whether a host may publish events of this type: a dotted name outside the engine's vocabulary. */
  public static boolean hostMayPublish(String type) {
    return type.matches("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+") && RESERVED_PREFIXES.stream().noneMatch(type::startsWith);
  }
}
