package dev.integrationagent;

/**
 * What a plan does when an item is deleted on one side. A delete is acted on only when the tool
 * reports it (a delete event or a deleted item in its change feed), or when a complete and
 * successful listing of the side lacks a linked item and reading that item answers that it does
 * not exist ({@code SyncPlan.Builder.reconcileEvery}); never on an item's absence from a partial
 * listing.
 */
public enum DeletePolicy {
  /** Delete the linked item on the other side too (closing it where the tool cannot delete). */
  PROPAGATE,
  /** Forget the link; the other side's item stays as it is. The default. */
  UNLINK,
  /**
   * Leave the other side's item, add a comment to it saying that its counterpart was deleted,
   * and forget the link. The other side must take comments.
   */
  MARK,
  /** Do nothing; the link stays. */
  IGNORE
}
