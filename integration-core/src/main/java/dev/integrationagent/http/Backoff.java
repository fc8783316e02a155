package dev.integrationagent.http;

import java.time.Duration;
import java.util.random.RandomGenerator;
import javax.annotation.Nullable;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * {@code [0, min(cap, base * 2^(n-1))]}. A wait the tool announced wins over the computed one.
 */
final class Backoff {
  private final long baseMillis;
  private final long capMillis;
  private final RandomGenerator random;

  Backoff(Duration base, Duration cap, RandomGenerator random) {
    this.baseMillis = base.toMillis();
    this.capMillis = cap.toMillis();
    this.random = random;
  }

  /** The wait before retry number {@code retry} (1 for the first retry), in milliseconds. */
  long delayMillis(int retry, @Nullable Throwable failure) {
    if (failure instanceof HttpException e && e.retryAfter().isPresent()) {
      return e.retryAfter().get().toMillis();
    }
    return (long) (random.nextDouble() * ceilingMillis(retry));
  }

  long ceilingMillis(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long ceiling = baseMillis << shift;
    return ceiling < 0 || ceiling > capMillis ? capMillis : ceiling;
  }
}
