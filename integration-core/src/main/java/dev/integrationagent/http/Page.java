package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a listing.
 *
 * <pre>{@code
 * pipeline.pages(call, Pagination.cursor("nextPageToken", "nextPageToken", "issues"))
 *     .forEach(page -> page.items().forEach(this::handle));
 * }</pre>
 *
 * @param number 1 for the first page
 * @param call the call that fetched it
 * @param result the response
 * @param items the page's items (a JSON array, possibly empty)
 */
public record Page(int number, HttpCall call, HttpResult result, JsonNode items) {
  public Page {
    requireNonNull(call, "call");
    requireNonNull(result, "result");
    requireNonNull(items, "items");
  }
}
