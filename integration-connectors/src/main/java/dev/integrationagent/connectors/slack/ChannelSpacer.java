package dev.integrationagent.connectors.slack;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.http.Sleeper;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps posts to one channel at least {@code interval} apart: Slack allows about one message
 * per second per channel and answers bursts with 429. Each post reserves its slot under a short
 * lock and then waits outside it, so a post to another channel is never held up, and two posts
 * racing for one channel get consecutive slots. Waits go through the injected sleeper.
 */
final class ChannelSpacer {
  /** Slots older than this are forgotten, so the map does not grow with every channel ever posted to. */
  private static final int PRUNE_ABOVE = 1_000;

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;
  private final String connectionId;
  private final Map<String, Instant> nextSlot = new HashMap<>();

  ChannelSpacer(Clock clock, Sleeper sleeper, Duration interval, String connectionId) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = interval;
    this.connectionId = connectionId;
  }

  /** Returns when a post to {@code channel} may go; the caller posts right after. */
  void awaitTurn(String channel) {
    Instant now = clock.instant();
    Instant slot;
    synchronized (this) {
      if (nextSlot.size() > PRUNE_ABOVE) {
        nextSlot.values().removeIf(t -> t.isBefore(now));
      }
      Instant free = nextSlot.get(channel);
      slot = free == null || free.isBefore(now) ? now : free;
      nextSlot.put(channel, slot.plus(interval));
    }
    Duration wait = Duration.between(now, slot);
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new IntegrationException(ErrorCategory.TRANSIENT, connectionId,
          connectionId + ": interrupted while waiting to post to Slack channel '" + channel + "'", e);
    }
  }
}
