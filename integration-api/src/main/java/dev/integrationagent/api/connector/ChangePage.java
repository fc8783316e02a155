package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a change listing.
 *
 * @param items changed items in listing order, oldest change first
 * @param next the cursor that resumes right after the last item of this page
 * @param hasMore whether another page is ready now
 */
public record ChangePage(List<ExternalItem> items, Cursor next, boolean hasMore) {
  public ChangePage {
    items = List.copyOf(items);
    requireNonNull(next, "next");
  }
}
