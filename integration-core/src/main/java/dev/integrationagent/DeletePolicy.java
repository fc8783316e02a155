package dev.integrationagent;

/**
 * What a plan does when an item is deleted on one side. Deletes are only ever acted on when the
 * tool reports them (a delete event or a deleted item in its change feed), never guessed from an
 * item's absence in a partial listing.
 */
public enum DeletePolicy {
  /** Delete the linked item on the other side too (closing it where the tool cannot delete). */
  PROPAGATE,
  /** Forget the link; the other side's item stays as it is. The default. */
  UNLINK,
  /** Do nothing; the link stays. */
  IGNORE
}
