package dev.integrationagent.api;

import static java.util.Objects.requireNonNull;

import javax.annotation.Nullable;

/**
 * The one unchecked exception of the library. Its {@link #category()} says what kind of failure
 * happened; its message says what was attempted, on which connection, and what to do. Messages
 * never contain a secret.
 *
 * <pre>{@code
 * try {
 *   session.update(id, patch, version);
 * } catch (IntegrationException e) {
 *   if (e.category().isRetryable()) scheduleRetry(); else park(e);
 * }
 * }</pre>
 */
public class IntegrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCategory category;
  private final @Nullable String connectionId;

  public IntegrationException(ErrorCategory category, String message) {
    this(category, null, message, null);
  }

  public IntegrationException(ErrorCategory category, String message, @Nullable Throwable cause) {
    this(category, null, message, cause);
  }

  public IntegrationException(
      ErrorCategory category,
      @Nullable String connectionId,
      String message,
      @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.category = requireNonNull(category, "category");
    this.connectionId = connectionId;
  }

  /** What kind of failure this is. */
  public ErrorCategory category() {
    return category;
  }

  /** The connection the failure happened on, when there was one. */
  public @Nullable String connectionId() {
    return connectionId;
  }
}
