package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;
import okhttp3.Headers;

/**
 * The pipeline's reading of an HTTP answer, for code that calls an endpoint outside a
 * connection's pipeline (the workflow step {@code http.call}): the {@link ErrorCategory} of a
 * status, decided exactly as for connector calls, and the wait the server announced.
 *
 * <pre>{@code
 * ErrorCategory category = HttpStatuses.category(response.code(), response.headers(), bodyText);
 * Duration wait = HttpStatuses.announcedWait(response.headers(), clock.instant());
 * }</pre>
 */
public final class HttpStatuses {
  private HttpStatuses() {}

  /**
   * The category of an answer with this status: 401 AUTHENTICATION, 403 AUTHORIZATION (or
   * RATE_LIMITED when the headers or body say a rate limit is spent), 404/410 NOT_FOUND, 409/412
   * CONFLICT, 400/422 VALIDATION, 429 RATE_LIMITED, 408 and 5xx TRANSIENT (but 501 and 505
   * PERMANENT), anything else PERMANENT.
   */
  public static ErrorCategory category(int status, Headers headers, String body) {
    return ErrorClassifier.categoryOf(status, requireNonNull(headers, "headers"), requireNonNull(body, "body"));
  }

  /**
   * The wait the server asked for from {@code now}: {@code Retry-After} in seconds or as an
   * HTTP-date, else a known rate-limit reset header; null when it announced none.
   */
  public static @Nullable Duration announcedWait(Headers headers, Instant now) {
    requireNonNull(headers, "headers");
    requireNonNull(now, "now");
    Duration retryAfter = ResetTimes.retryAfter(headers, now);
    if (retryAfter != null) {
      return retryAfter;
    }
    Instant reset = ResetTimes.reset(headers, now);
    return reset == null ? null : (reset.isAfter(now) ? Duration.between(now, reset) : Duration.ZERO);
  }
}
