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
 * the tool's own count, not ours, is the truth once it answers. Linear keeps a second budget,
 * complexity points ({@code x-ratelimit-complexity-*}): when it is spent, calls wait for its reset.
 *
 * <p>As an interceptor it only observes; the waiting happens in {@link RateLimitInterceptor}.
 */
final class AdaptiveRateLimiter implements Interceptor {
  /** Below this share of the announced limit, the rest is spread over the window. */
  private static final double PACE_BELOW_SHARE = 0.1;
  private static final long PACE_BELOW_MINIMUM = 10;
  private static final long LIMIT_UNKNOWN = 100;
  /** Reset headers have one-second resolution and clocks differ: wait a little past the reset. */
  private static final Duration RESET_MARGIN = Duration.ofSeconds(1);

  private final Clock clock;
  private long announced = -1;
  private long inFlight;
  private long limit = -1;
  private @Nullable Instant resetAt;
  private @Nullable Instant latestReset;
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
    long remaining = ResetTimes.firstNumber(headers, ResetTimes.REMAINING_HEADERS);
    Instant reset = ResetTimes.reset(headers, now);
    // an answer about an older window, overtaken by a newer one, says nothing about now
    boolean stale = reset != null && latestReset != null && reset.isBefore(latestReset);
    if (remaining >= 0 && reset != null && !stale) {
      announced = remaining;
      resetAt = reset;
      latestReset = reset;
      long announcedLimit = ResetTimes.firstNumber(headers, ResetTimes.LIMIT_HEADERS);
      if (announcedLimit > 0) {
        limit = announcedLimit;
      }
    }
    Instant complexitySpent = ResetTimes.complexitySpentUntil(headers, now);
    if (complexitySpent != null && complexitySpent.isAfter(now)) {
      Instant until = complexitySpent.plus(RESET_MARGIN);
      if (blockedUntil == null || until.isAfter(blockedUntil)) {
        blockedUntil = until;
      }
    }
    if (status == 429 || (status == 403 && remaining == 0 && !stale)) {
      Duration wait = ResetTimes.retryAfter(headers, now);
      Instant until = wait != null ? now.plus(wait) : reset == null ? null : reset.plus(RESET_MARGIN);
      if (until != null && (blockedUntil == null || until.isAfter(blockedUntil))) {
        blockedUntil = until;
      }
    }
  }

  /**
   * Reserves a slot and returns how long to wait for it (zero: go now). The call counts as in
   * flight from here until {@link #release()}, whatever the wait.
   */
  synchronized Duration reserve() {
    Instant now = clock.instant();
    inFlight++;
    if (blockedUntil != null) {
      if (blockedUntil.isAfter(now)) {
        return Duration.between(now, blockedUntil);
      }
      blockedUntil = null;
    }
    if (resetAt == null || announced < 0) {
      return Duration.ZERO;
    }
    if (!resetAt.isAfter(now)) {
      forgetWindow();
      return Duration.ZERO;
    }
    // what the tool announced, less the calls on their way (this one included) it has not answered
    long left = announced - inFlight + 1;
    if (left <= 0) {
      // the window is spent: everyone waits for the reset; the next answer tells us more
      Instant reset = resetAt.plus(RESET_MARGIN);
      forgetWindow();
      blockedUntil = reset;
      return Duration.between(now, reset);
    }
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

  /** The reserved call is over (answered or failed). */
  synchronized void release() {
    inFlight = Math.max(0, inFlight - 1);
  }

  /** The announced remaining budget, limit and reset, as of now: remaining -1 when unknown or passed. */
  synchronized long[] announcedNow() {
    boolean current = resetAt != null && resetAt.isAfter(clock.instant());
    return new long[] {current ? announced : -1, limit, current ? resetAt.toEpochMilli() : -1};
  }

  private void forgetWindow() {
    announced = -1;
    resetAt = null;
  }
}
