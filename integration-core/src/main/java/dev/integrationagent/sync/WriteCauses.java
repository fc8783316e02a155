package dev.integrationagent.sync;

import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Writes the agent made outside a sync pass (a workflow's actions), remembered by the item's
 * version, so that when a pass or a watch later sees that version of the item as a tool's change,
 * its event follows from the write's event: a workflow that would trigger itself through a tool
 * finds the chain growing, and stops at its depth limit. Bounded, and forgotten after an hour.
 */
public final class WriteCauses {
  static final Duration KEEP = Duration.ofHours(1);
  static final int MAX = 10_000;

  private final Clock clock;
  private final Map<String, Entry> writes = new LinkedHashMap<>();

  public WriteCauses(Clock clock) {
    this.clock = clock;
  }

  private record Entry(ChangeEvent cause, Instant at) {}

  /** Remembers that {@code cause} wrote {@code item} as it now is on {@code connectionId}. */
  public synchronized void wrote(String connectionId, ExternalItem item, ChangeEvent cause) {
    String key = key(connectionId, item);
    writes.remove(key);
    writes.put(key, new Entry(cause, clock.instant()));
    while (writes.size() > MAX) {
      writes.remove(writes.keySet().iterator().next());
    }
  }

  /** The write that left {@code item} as it is, when the agent made it outside a pass; null otherwise. */
  public synchronized @Nullable ChangeEvent causeOf(String connectionId, ExternalItem item) {
    Entry e = writes.get(key(connectionId, item));
    if (e == null || e.at.plus(KEEP).isBefore(clock.instant())) {
      return null;
    }
    return e.cause;
  }

  private static String key(String connectionId, ExternalItem item) {
    return connectionId + "\n" + item.id() + "\n" + item.version();
  }
}
