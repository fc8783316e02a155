package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, so time-dependent behaviour is tested without waiting.
 * Thread-safe.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
 * agent = IntegrationAgent.builder().clock(clock)...build();
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class FakeClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public static FakeClock at(Instant start) {
    return new FakeClock(new AtomicReference<>(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** A clock at an ISO-8601 instant such as {@code 2026-01-05T10:00:00Z}. */
  public static FakeClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /** Moves time forward (or back, for a negative amount) and returns the new time. */
  public Instant advance(Duration amount) {
    return now.updateAndGet(t -> t.plus(requireNonNull(amount, "amount")));
  }

  public void set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new FakeClock(now, requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "FakeClock[" + now.get() + "]";
  }
}
