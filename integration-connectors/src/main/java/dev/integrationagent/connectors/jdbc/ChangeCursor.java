package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a listing of the change table resumes: the highest change number listed, and the numbers
 * below it that were not there when it was listed ("gaps"). A writer takes its number when it
 * writes, not when it commits, so a transaction still open has a number below one already
 * committed; its change is listed once it commits, from the gap. A gap is also left by a rolled
 * back transaction or an item changed again (its row takes the new number and remembers the one
 * before, which closes that gap): gaps older than the in-flight wait are given up.
 *
 * @param high the highest change number listed; 0 at the start
 * @param gaps change numbers below {@code high} not yet seen, each with when it was first missed
 *     (epoch seconds)
 */
record ChangeCursor(long high, Map<Long, Long> gaps) {
  static final ChangeCursor START = new ChangeCursor(0, Map.of());
  /** At most this many gaps are kept, the newest: a cursor stays small whatever the write rate. */
  static final int MAX_GAPS = 500;
  private static final String PREFIX = "jc1.";

  ChangeCursor {
    gaps = Map.copyOf(gaps);
  }

  static ChangeCursor decode(Cursor cursor, String connectionId) {
    if (cursor.isStart()) {
      return START;
    }
    String value = cursor.value();
    try {
      if (value == null || !value.startsWith(PREFIX)) {
        throw new IllegalArgumentException("unknown prefix");
      }
      String[] parts = value.substring(PREFIX.length()).split("/", -1);
      Map<Long, Long> gaps = new TreeMap<>();
      if (parts.length > 1 && !parts[1].isEmpty()) {
        for (String gap : parts[1].split(",")) {
          int colon = gap.indexOf(':');
          gaps.put(Long.parseLong(gap.substring(0, colon)), Long.parseLong(gap.substring(colon + 1)));
        }
      }
      return new ChangeCursor(Long.parseLong(parts[0]), gaps);
    } catch (RuntimeException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId
          + ": not a cursor of a table listed by its change table: '" + value + "'", e);
    }
  }

  Cursor encode() {
    return Cursor.of(PREFIX + high + "/" + new TreeMap<>(gaps).entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")));
  }

  /**
   * The cursor after a page.
   *
   * @param listed the change numbers of the page's rows
   * @param closed change numbers the page's rows replaced (each row's previous number)
   * @param last the highest number the page reached ({@code high} when the page held only gaps)
   */
  ChangeCursor after(Collection<Long> listed, Collection<Long> closed, long last, Instant now, Duration wait) {
    Map<Long, Long> next = new TreeMap<>(gaps);
    Set<Long> seen = Set.copyOf(listed);
    next.keySet().removeAll(seen);
    next.keySet().removeAll(closed);
    long from = Math.max(high + 1, last - MAX_GAPS);
    for (long n = from; n < last; n++) {
      if (!seen.contains(n) && !closed.contains(n)) {
        next.put(n, now.getEpochSecond());
      }
    }
    long expired = now.minus(wait).getEpochSecond();
    next.values().removeIf(since -> since < expired);
    TreeMap<Long, Long> kept = new TreeMap<>(next);
    while (kept.size() > MAX_GAPS) {
      kept.pollFirstEntry();
    }
    return new ChangeCursor(Math.max(high, last), kept);
  }
}
