package dev.integrationagent.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The rate budget of one credential: an optional static resilience4j limiter and the adaptive
 * limiter fed by the vendor's headers. Pipelines that use the same credential share one.
 *
 * <p>{@link AtomicRateLimiter} is built directly (not through {@code RateLimiter.of}) because it
 * is the only way to hand resilience4j our clock as its time source.
 */
final class RateBudget {
  final @Nullable RateLimiter staticLimiter;
  final AdaptiveRateLimiter adaptive;
  final boolean adaptiveEnabled;
  private final java.util.concurrent.atomic.LongAdder waits = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder waitNanos = new java.util.concurrent.atomic.LongAdder();

  RateBudget(String name, HttpSettings settings, Clock clock) {
    if (settings.requestsPerPeriod > 0) {
      RateLimiterConfig config = RateLimiterConfig.custom()
          .limitForPeriod(settings.requestsPerPeriod)
          .limitRefreshPeriod(settings.ratePeriod)
          .timeoutDuration(settings.maxWaitForPermit)
          .build();
      staticLimiter = new AtomicRateLimiter(name, config, Map.of(), () -> nanos(clock));
    } else {
      staticLimiter = null;
    }
    adaptive = new AdaptiveRateLimiter(clock);
    adaptiveEnabled = settings.adaptiveRateLimit;
  }

  /** A call waited {@code wait} for a permit. */
  void waited(java.time.Duration wait) {
    waits.increment();
    waitNanos.add(wait.toNanos());
  }

  ConnectionPressure pressure(String circuitState) {
    long[] announced = adaptive.announcedNow();
    return new ConnectionPressure(circuitState, announced[0], announced[1],
        announced[2] < 0 ? null : Instant.ofEpochMilli(announced[2]), waits.sum(),
        java.time.Duration.ofNanos(waitNanos.sum()));
  }

  private static long nanos(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
