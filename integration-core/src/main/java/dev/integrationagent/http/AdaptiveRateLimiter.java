package dev.integrationagent.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Paces calls by what the tool says is left: it reads the remaining/reset headers of every
 * response (GitHub, Jira, Linear, GitLab) and {@code Retry-After} on 429s. While plenty is left
 * calls pass freely; once the remaining budget gets low it is spread evenly over the time to the
 * reset, and at zero calls wait for the reset. A call on its way counts against the announced
 * budget until its answer arrives, so concurrent callers cannot overshoot what was announced;
 * the tool's own count, not ours, is the truth once it answers.
 *
 * <p>As an interceptor it only observes; the waiting happens in {@link RateLimitInterceptor}.
 */
final class AdaptiveRateLimiter implements Interceptor {
  /** Below this share of the announced limit, the rest is spread over the window. */
  private static final double PACE_BELOW_SHARE = 0.1;
  private static final long PACE_BELOW_MINIMUM = 10;
  private static final long LIMIT_UNKNOWN = 100;

  private final Clock clock;
  private long announced = -1;
  private long inFlight;
  private long limit = -1;
  private @Nullable Instant resetAt;
  private @Nullable Instant blockedUntil;
  private Instant nextSlot = Instant.EPOCH;

  AdaptiveRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    observe(response.code(), response.headers());
    return response;
  }

  synchronized void observe(int status, Headers headers) {
    Instant now = clock.instant();
    inFlight = Math.max(0, inFlight - 1);
    long remaining = ResetTimes.firstNumber(headers, ResetTimes.REMAINING_HEADERS);
    Instant reset = ResetTimes.reset(headers, now);
    if (remaining >= 0 && reset != null) {
      announced = remaining;
      resetAt = reset;
      long announcedLimit = ResetTimes.firstNumber(headers, ResetTimes.LIMIT_HEADERS);
      if (announcedLimit > 0) {
        limit = announcedLimit;
      }
    }
    if (status == 429 || (status == 403 && remaining == 0)) {
      Duration wait = ResetTimes.retryAfter(headers, now);
      Instant until = wait != null ? now.plus(wait) : reset;
      if (until != null && (blockedUntil == null || until.isAfter(blockedUntil))) {
        blockedUntil = until;
      }
    }
  }

  /** Reserves a slot and returns how long to wait for it; zero when the call may go now. */
  synchronized Duration reserve() {
    Instant now = clock.instant();
    if (blockedUntil != null) {
      if (blockedUntil.isAfter(now)) {
        return Duration.between(now, blockedUntil);
      }
      blockedUntil = null;
    }
    if (resetAt == null || announced < 0) {
      inFlight++;
      return Duration.ZERO;
    }
    if (!resetAt.isAfter(now)) {
      forgetWindow();
      inFlight++;
      return Duration.ZERO;
    }
    // what the tool announced, less the calls already on their way that it has not counted yet
    long left = announced - inFlight;
    if (left <= 0) {
      // the window is spent: everyone waits for the reset; the next answer tells us more
      Instant reset = resetAt;
      forgetWindow();
      blockedUntil = reset;
      return Duration.between(now, reset);
    }
    inFlight++;
    long paceBelow = Math.max(PACE_BELOW_MINIMUM,
        (long) ((limit > 0 ? limit : LIMIT_UNKNOWN) * PACE_BELOW_SHARE));
    if (left > paceBelow) {
      return Duration.ZERO;
    }
    Instant slot = nextSlot.isAfter(now) ? nextSlot : now;
    // spread what is left evenly over the time from this slot to the reset
    nextSlot = slot.plus(Duration.between(slot, resetAt).dividedBy(left));
    return Duration.between(now, slot);
  }

  private void forgetWindow() {
    announced = -1;
    resetAt = null;
    inFlight = 0;
  }
}
