package dev.integrationagent.events;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A connection whose changes the agent reports as events without syncing them anywhere: a
 * one-sided pass that reads the connection's changes by cursor (and its webhooks), compares
 * each item with what it saw last, and records {@code item.created}, {@code item.updated} (with
 * old and new values) and {@code item.deleted}. Where a plan of the agent already reads the
 * connection, the plan's passes record those events and the watch lists nothing itself.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("github", ...)
 *     .watch(Watch.of("github").every(Duration.ofMinutes(1)))
 *     ...
 * }</pre>
 *
 * @param connectionId the watched connection
 * @param every how often it is listed once the agent is started; empty for on demand only
 *     ({@code agent.watchNow})
 * @param includeExisting whether ({@link #reportingExisting()}) the first listing reports every item it finds as created;
 *     by default it only takes note of them and reports what changes afterwards
 * @param pageSize items per listing page
 */
public record Watch(String connectionId, Optional<Duration> every, boolean includeExisting, int pageSize) {
  public Watch {
    requireNonNull(connectionId, "connectionId");
    requireNonNull(every, "every");
    every.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("watch of " + connectionId + ": every must be positive but was " + d);
      }
    });
    if (pageSize < 1) {
      throw new IllegalArgumentException("watch of " + connectionId + ": pageSize must be positive but was " + pageSize);
    }
  }

  /** A watch of the connection, on demand, reporting only what changes from now on. */
  public static Watch of(String connectionId) {
    return new Watch(connectionId, Optional.empty(), false, 100);
  }

  /** The id of its cursor and snapshots in the store. */
  public String id() {
    return "watch:" + connectionId;
  }

  public Watch every(@Nullable Duration interval) {
    return new Watch(connectionId, Optional.ofNullable(interval), includeExisting, pageSize);
  }

  public Watch reportingExisting() {
    return new Watch(connectionId, every, true, pageSize);
  }

  public Watch pageSize(int size) {
    return new Watch(connectionId, every, includeExisting, size);
  }
}
