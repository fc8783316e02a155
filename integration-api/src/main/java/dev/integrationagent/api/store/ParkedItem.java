package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import java.time.Instant;

/**
 * An item set aside after failing, with its classified error: the dead-letter list. The cursor
 * moves past a parked item; the host can list, retry or drop it.
 *
 * @param planId the plan
 * @param connectionId the connection the item was read from
 * @param itemId the item's id there
 * @param category the error's category
 * @param message the error message (never a secret)
 * @param attempts how many times it was tried
 * @param parkedAt when it was (last) parked
 */
public record ParkedItem(
    String planId, String connectionId, String itemId, ErrorCategory category, String message,
    int attempts, Instant parkedAt) {
  public ParkedItem {
    requireNonNull(planId, "planId");
    requireNonNull(connectionId, "connectionId");
    requireNonNull(itemId, "itemId");
    requireNonNull(category, "category");
    requireNonNull(message, "message");
    requireNonNull(parkedAt, "parkedAt");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
  }
}
