package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * An item that failed, with its classified error. While {@link #retryAt()} is set the item is
 * still being retried with backoff, and its connection's listing waits for it; once attempts run
 * out (or at once for an error that retrying cannot fix) it is parked: {@code retryAt} is null,
 * the cursor moves past it, and the host can list, retry or drop it (the dead-letter list).
 *
 * @param planId the plan
 * @param connectionId the connection the item was read from
 * @param itemId the item's id there
 * @param category the error's category
 * @param message the error message (never a secret)
 * @param attempts how many times it was tried
 * @param parkedAt when it last failed
 * @param retryAt when the next attempt is due, or null once it is parked for good
 */
public record ParkedItem(
    String planId, String connectionId, String itemId, ErrorCategory category, String message,
    int attempts, Instant parkedAt, @Nullable Instant retryAt) {
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

  /** Whether the item is parked for good rather than waiting for its next attempt. */
  public boolean isParked() {
    return retryAt == null;
  }
}
