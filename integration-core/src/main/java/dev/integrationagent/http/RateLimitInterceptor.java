package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, through the {@link Sleeper}, for a permit of the static limiter and for the adaptive
 * limiter's slot. A call that would wait longer than {@code maxWaitForPermit} fails as
 * RATE_LIMITED instead of hanging.
 */
final class RateLimitInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RateLimitInterceptor.class);

  private final String connectionId;
  private final RateBudget budget;
  private final Sleeper sleeper;
  private final Duration maxWait;

  RateLimitInterceptor(String connectionId, RateBudget budget, Sleeper sleeper, Duration maxWait) {
    this.connectionId = connectionId;
    this.budget = budget;
    this.sleeper = sleeper;
    this.maxWait = maxWait;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (budget.staticLimiter != null) {
      long nanos = budget.staticLimiter.reservePermission(1);
      if (nanos < 0) {
        throw limited(request, "the connection's own rate limit has no permit within " + maxWait.toSeconds() + " s");
      }
      if (nanos > 0) {
        budget.waited(Duration.ofNanos(nanos));
        sleeper.sleep(Duration.ofNanos(nanos));
      }
    }
    if (!budget.adaptiveEnabled) {
      return chain.proceed(request);
    }
    Duration wait = budget.adaptive.reserve();
    try {
      if (wait.compareTo(maxWait) > 0) {
        throw limited(request, "the tool's announced rate limit resets in " + wait.toSeconds() + " s");
      }
      if (!wait.isZero()) {
        log.debug("{}: pacing {} {} by {} ms to stay within the announced rate limit",
            connectionId, request.method(), CallContexts.of(request).pathTemplate, wait.toMillis());
        budget.waited(wait);
        sleeper.sleep(wait);
      }
      return chain.proceed(request);
    } finally {
      budget.adaptive.release();
    }
  }

  private HttpException limited(Request request, String why) {
    String message = connectionId + ": " + request.method() + " " + CallContexts.of(request).pathTemplate
        + " not attempted: " + why + ". Try again later or raise maxWaitForPermit.";
    return new HttpException(ErrorCategory.RATE_LIMITED, connectionId, message, 0, null, List.of(), null);
  }
}
