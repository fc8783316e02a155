package dev.integrationagent.sync;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One listing of a connection for every plan that reads it. The vendors' rate limits are this
 * library's physical limit, so a page of changes the tool answered for one plan is handed to each
 * other plan that asks for the same cursor and page size soon after, instead of being asked for
 * again: plans that read one connection on one schedule keep equal cursors, and a poll costs one
 * listing, not one per plan.
 *
 * <p>This is safe because a listed page may always be some seconds old: a cursor resumes after
 * what its page held, so whatever changed since the page was read comes on a later page, and a
 * merge reads the source again before it writes where the tool cannot refuse a stale write. A page
 * is handed to each plan at most once (a plan that asks for the same cursor again wants what is
 * new since) and only within {@link #WINDOW} of being read; a plan whose cursor went its own way
 * (it stopped at a failing item, it started later) reads for itself.
 */
public final class SharedListings {
  /** How long a page read for one plan may be handed to another. */
  public static final Duration WINDOW = Duration.ofMinutes(1);
  /** Items kept per connection at most; beyond that, pages are read but not kept. */
  static final int MAX_ITEMS = 10_000;

  private final Clock clock;
  private final Map<String, Set<String>> readers;
  private final Map<String, Map<Key, Entry>> pages = new HashMap<>();

  /**
   * @param readers per connection, the plans that list it; connections with one reader are read directly
   */
  public SharedListings(Clock clock, Map<String, Set<String>> readers) {
    this.clock = requireNonNull(clock, "clock");
    Map<String, Set<String>> copy = new HashMap<>();
    readers.forEach((connection, plans) -> copy.put(connection, Set.copyOf(plans)));
    this.readers = Map.copyOf(copy);
  }

  /** How {@code planId} lists {@code connectionId}. */
  public ChangeFeed feed(String connectionId, String planId, ConnectorSession session) {
    requireNonNull(session, "session");
    Set<String> plans = readers.getOrDefault(connectionId, Set.of());
    if (plans.size() < 2 || !plans.contains(planId)) {
      return session::changes;
    }
    return (cursor, pageSize) -> changes(connectionId, planId, plans, session, cursor, pageSize);
  }

  private ChangePage changes(String connectionId, String planId, Set<String> plans, ConnectorSession session,
      Cursor cursor, int pageSize) {
    Key key = new Key(cursor, pageSize);
    synchronized (this) {
      Map<Key, Entry> kept = pages.computeIfAbsent(connectionId, c -> new HashMap<>());
      expire(kept);
      Entry entry = kept.get(key);
      if (entry != null && entry.takenBy.add(planId)) {
        if (entry.takenBy.containsAll(plans)) {
          kept.remove(key); // every reader has it
        }
        return entry.page;
      }
    }
    ChangePage page = session.changes(cursor, pageSize);
    synchronized (this) {
      Map<Key, Entry> kept = pages.computeIfAbsent(connectionId, c -> new HashMap<>());
      int items = kept.values().stream().mapToInt(e -> e.page.items().size()).sum();
      if (items + page.items().size() <= MAX_ITEMS) {
        Set<String> taken = new HashSet<>();
        taken.add(planId);
        kept.put(key, new Entry(page, clock.instant(), taken));
      }
    }
    return page;
  }

  private void expire(Map<Key, Entry> kept) {
    Instant oldest = clock.instant().minus(WINDOW);
    for (Iterator<Entry> it = kept.values().iterator(); it.hasNext(); ) {
      if (it.next().readAt.isBefore(oldest)) {
        it.remove();
      }
    }
  }

  /** Where a plan reads a connection's changes. */
  @FunctionalInterface
  public interface ChangeFeed {
    ChangePage changes(Cursor cursor, int pageSize);
  }

  private record Key(Cursor cursor, int pageSize) {}

  private record Entry(ChangePage page, Instant readAt, Set<String> takenBy) {}
}
