package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One attempt of one call, as reported to {@link HttpCallListener}s. Carries the path template,
 * never a filled-in URL, so it is safe as a metric tag and free of secrets.
 *
 * <pre>{@code
 * HttpCallListener slowCalls = e -> {
 *   if (e.duration().toMillis() > 2000) log.warn("{} {} {} took {}", e.connectionId(), e.method(), e.pathTemplate(), e.duration());
 * };
 * }</pre>
 *
 * @param at when the attempt ended
 * @param connectionId the connection
 * @param method the HTTP method
 * @param pathTemplate the path template ({@code /repos/{owner}/{repo}/issues})
 * @param status the HTTP status, or 0 when no response arrived
 * @param duration how long the attempt took
 * @param attempt 1 for the first attempt, 2 for the first retry, …
 * @param category the failure's category, or null on success
 * @param cacheHit whether a 304 let the cached body be used
 * @param planId the plan whose pass made the call ({@link RunScope}), or null outside a pass
 * @param runId the run (pass) that made the call, or null outside a pass
 */
public record HttpCallEvent(
    Instant at, String connectionId, String method, String pathTemplate, int status,
    Duration duration, int attempt, @Nullable ErrorCategory category, boolean cacheHit,
    @Nullable String planId, @Nullable String runId) {
  public HttpCallEvent {
    requireNonNull(at, "at");
    requireNonNull(connectionId, "connectionId");
    requireNonNull(method, "method");
    requireNonNull(pathTemplate, "pathTemplate");
    requireNonNull(duration, "duration");
  }

  /** An attempt made outside any pass. */
  public HttpCallEvent(
      Instant at, String connectionId, String method, String pathTemplate, int status,
      Duration duration, int attempt, @Nullable ErrorCategory category, boolean cacheHit) {
    this(at, connectionId, method, pathTemplate, status, duration, attempt, category, cacheHit, null, null);
  }

  /** Whether the attempt succeeded. */
  public boolean succeeded() {
    return category == null;
  }
}
