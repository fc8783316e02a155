package dev.integrationagent.api;

/**
 * What kind of failure an {@link IntegrationException} reports. Retry, circuit breaking, parking,
 * health and alerts all decide on the category, never on the message.
 */
public enum ErrorCategory {
  /** Timeouts, connection resets, 5xx: the same call may succeed later. */
  TRANSIENT(true),
  /** The tool asked us to slow down (429, rate-limit 403). Retry after the announced delay. */
  RATE_LIMITED(true),
  /** Credentials missing, expired or rejected (401). */
  AUTHENTICATION(false),
  /** Credentials valid but not allowed to do this (403). */
  AUTHORIZATION(false),
  /** The agent or a connection is configured wrongly; nothing will work until it is fixed. */
  CONFIGURATION(false),
  /** The item or resource does not exist (404). */
  NOT_FOUND(false),
  /** Someone else changed the item first (409, 412, version mismatch). */
  CONFLICT(false),
  /** The tool rejected the data we sent (400, 422, unmapped value). */
  VALIDATION(false),
  /** Anything else that will fail again the same way: malformed responses, unsupported operations. */
  PERMANENT(false);

  private final boolean retryable;

  ErrorCategory(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether the same call may succeed when repeated later without changing anything. */
  public boolean isRetryable() {
    return retryable;
  }
}
