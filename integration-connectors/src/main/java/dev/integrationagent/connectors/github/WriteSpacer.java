package dev.integrationagent.connectors.github;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.http.Sleeper;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * Keeps writes at least {@code interval} apart: GitHub's guidance against secondary rate limits
 * asks for a second between mutating requests. Waits go through the injected sleeper.
 */
final class WriteSpacer {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;
  private final String connectionId;
  private @Nullable Instant last;

  WriteSpacer(Clock clock, Sleeper sleeper, Duration interval, String connectionId) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = interval;
    this.connectionId = connectionId;
  }

  /** Returns when the next write may go; callers write right after. */
  synchronized void awaitTurn() {
    if (last != null) {
      Duration wait = Duration.between(clock.instant(), last.plus(interval));
      if (!wait.isNegative() && !wait.isZero()) {
        sleep(sleeper, wait, connectionId);
      }
    }
    last = clock.instant();
  }

  static void sleep(Sleeper sleeper, Duration wait, String connectionId) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new IntegrationException(ErrorCategory.TRANSIENT, connectionId,
          connectionId + ": interrupted while waiting to write to GitHub", e);
    }
  }
}
