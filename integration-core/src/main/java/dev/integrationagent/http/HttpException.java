package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A classified failure of an HTTP call: the {@link ErrorCategory}, the status (0 when no
 * response arrived), the delay the tool asked for, and the vendor's own error messages. The
 * message names connection, method and path template, never a query secret.
 *
 * <pre>{@code
 * try {
 *   pipeline.post("/repos/{owner}/{repo}/issues", Map.of("owner", "acme", "repo", "app"), body);
 * } catch (HttpException e) {
 *   if (e.category() == ErrorCategory.VALIDATION) report(e.vendorMessages());
 * }
 * }</pre>
 */
public final class HttpException extends IntegrationException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable Duration retryAfter;
  private final List<String> vendorMessages;
  private final @Nullable String location;

  public HttpException(
      ErrorCategory category,
      @Nullable String connectionId,
      String message,
      int status,
      @Nullable Duration retryAfter,
      List<String> vendorMessages,
      @Nullable Throwable cause) {
    this(category, connectionId, message, status, retryAfter, vendorMessages, null, cause);
  }

  /** With the {@code Location} of a redirect that was not followed. */
  public HttpException(
      ErrorCategory category,
      @Nullable String connectionId,
      String message,
      int status,
      @Nullable Duration retryAfter,
      List<String> vendorMessages,
      @Nullable String location,
      @Nullable Throwable cause) {
    super(category, connectionId, message, cause);
    this.status = status;
    this.retryAfter = retryAfter;
    this.vendorMessages = List.copyOf(vendorMessages);
    this.location = location;
  }

  /**
   * For a redirect that was not followed ({@link HttpCall#followsRedirects()}): where it pointed,
   * as an absolute URL with no query (which may carry a secret); empty otherwise.
   */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** The HTTP status, or 0 when the call failed before a response (timeout, reset, open circuit). */
  public int status() {
    return status;
  }

  /** The wait the tool announced ({@code Retry-After} or a rate-limit reset header). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The tool's error messages parsed from the body, redacted; empty when there were none. */
  public List<String> vendorMessages() {
    return vendorMessages;
  }

  /** The same failure with a sentence added, keeping this one as the cause. */
  HttpException withNote(String note) {
    return new HttpException(category(), connectionId(), getMessage() + " " + note, status,
        retryAfter, vendorMessages, location, this);
  }
}
