package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a change listing.
 *
 * @param items changed items in listing order, oldest change first
 * @param next the cursor that resumes right after the last item of this page
 * @param hasMore whether another page is ready now
 * @param rejected items the listing named but could not read (a field the connector cannot
 *     parse): the agent parks each with its reason, as {@code VALIDATION}, and goes on with the
 *     rest; a later listing that reads it syncs it and takes it off the list
 */
public record ChangePage(List<ExternalItem> items, Cursor next, boolean hasMore, List<Rejected> rejected) {
  public ChangePage {
    items = List.copyOf(items);
    requireNonNull(next, "next");
    rejected = List.copyOf(rejected);
  }

  /** A page with no rejected item. */
  public ChangePage(List<ExternalItem> items, Cursor next, boolean hasMore) {
    this(items, next, hasMore, List.of());
  }

  /**
   * An item a listing named but could not read.
   *
   * @param itemId the tool's id of the item
   * @param reason what is wrong and where (the field and its value), never a secret
   */
  public record Rejected(String itemId, String reason) {
    public Rejected {
      requireNonNull(itemId, "itemId");
      requireNonNull(reason, "reason");
    }
  }
}
