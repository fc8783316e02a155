package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * What a connection's pipeline knows of the pressure it is under, read at one instant: its circuit
 * breaker, the rate budget the tool announced, and how often and how long calls waited for it.
 * Health checks and metrics read it ({@link HttpClients#pressure(String)}).
 *
 * @param circuitState the breaker's state: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} (or
 *     resilience4j's other states)
 * @param rateRemaining calls the tool said are left in its window, or -1 when it has not said (or
 *     the window has passed)
 * @param rateLimit the window's size the tool announced, or -1
 * @param rateResetAt when the window resets, or null
 * @param rateWaits how many calls waited for a permit (static limit, announced budget, Retry-After)
 * @param rateWaitTime how long they waited in all
 */
public record ConnectionPressure(
    String circuitState, long rateRemaining, long rateLimit, @Nullable Instant rateResetAt,
    long rateWaits, Duration rateWaitTime) {
  public ConnectionPressure {
    requireNonNull(circuitState, "circuitState");
    requireNonNull(rateWaitTime, "rateWaitTime");
  }

  /** The share of the announced window left, from 0 to 1, or -1 when unknown. */
  public double rateHeadroom() {
    return rateRemaining < 0 || rateLimit <= 0 ? -1 : Math.min(1.0, (double) rateRemaining / rateLimit);
  }

  /** Whether the breaker lets calls through (closed, or half open to probe). */
  public boolean circuitClosed() {
    return circuitState.equals("CLOSED") || circuitState.equals("HALF_OPEN");
  }
}
