package dev.integrationagent.connectors.github;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the issue listing resumes. GitHub's {@code since} is inclusive and in whole seconds, so
 * the cursor keeps the last {@code updated_at} and, for each issue already returned at that
 * second, a fingerprint of its content: the next listing restarts at that second and drops what
 * was seen, while an issue edited again within the same second (same stamp, new content) still
 * comes through.
 *
 * <p>Where many issues share that second, the cursor also keeps the listing page on which the
 * last call stopped ({@code page}), so that the next call need not read again every page of
 * issues it has seen: one listing costs calls in proportion to its pages, not to their square.
 * A cursor that skips pages while its second is still young (an issue edited now could be
 * stamped with it and sort onto a skipped page) says so ({@code recheck}): before the listing
 * leaves that second, it reads the second once more from its first page.
 * Encoded as {@code gh1|2026-01-05T10:00:00Z|12:3f2a…,13:9bc0…} or, with a page,
 * {@code gh1|2026-01-05T10:00:00Z|12:3f2a…,13:9bc0…|4} ({@code |4|r} with a recheck owed).
 */
record GitHubCursor(Instant at, Map<Integer, String> seen, int page, boolean recheck) {
  private static final String VERSION = "gh1";

  GitHubCursor {
    seen = Map.copyOf(seen);
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1 but was " + page);
    }
    recheck = recheck && page > 1; // a listing from the first page skips nothing
  }

  GitHubCursor(Instant at, Map<Integer, String> seen) {
    this(at, seen, 1, false);
  }

  static GitHubCursor parse(Cursor cursor, String connectionId) {
    if (cursor.isStart()) {
      return new GitHubCursor(Instant.EPOCH, Map.of());
    }
    String value = cursor.value();
    String[] parts = value.split("\\|", -1);
    try {
      if (parts.length < 3 || parts.length > 5 || !parts[0].equals(VERSION)
          || (parts.length == 5 && !parts[4].equals("r"))) {
        throw new IllegalArgumentException("not " + VERSION);
      }
      Map<Integer, String> seen = new LinkedHashMap<>();
      if (!parts[2].isEmpty()) {
        for (String entry : parts[2].split(",")) {
          int colon = entry.indexOf(':');
          seen.put(Integer.parseInt(entry.substring(0, colon)), entry.substring(colon + 1));
        }
      }
      return new GitHubCursor(Instant.parse(parts[1]), seen, parts.length >= 4 ? Integer.parseInt(parts[3]) : 1,
          parts.length == 5);
    } catch (RuntimeException e) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId,
          connectionId + ": the change cursor '" + value + "' is not a GitHub connector cursor ("
              + (e instanceof DateTimeParseException ? "bad timestamp" : e.getMessage())
              + "). Reset the cursor of this connection.", null);
    }
  }

  /** Whether an issue in the listing was returned already (or lies before the cursor). */
  boolean alreadySeen(int number, Instant updatedAt, String fingerprint) {
    return updatedAt.isBefore(at) || (updatedAt.equals(at) && fingerprint.equals(seen.get(number)));
  }

  /** The cursor after returning (or skipping) an issue. */
  GitHubCursor after(int number, Instant updatedAt, String fingerprint) {
    if (updatedAt.isBefore(at)) {
      return this;
    }
    Map<Integer, String> next = new LinkedHashMap<>(updatedAt.equals(at) ? seen : Map.of());
    next.put(number, fingerprint);
    return updatedAt.equals(at) ? new GitHubCursor(at, next, page, recheck) : new GitHubCursor(updatedAt, next);
  }

  /**
   * This cursor, resuming its second's listing at {@code page}; {@code recheck} when the pages
   * before it may still receive issues stamped with this second.
   */
  GitHubCursor resumingAt(int page, boolean recheck) {
    return new GitHubCursor(at, seen, page, recheck);
  }

  /** The {@code since} parameter: the cursor's second, inclusive. */
  String since() {
    return at.toString();
  }

  Cursor encode() {
    return Cursor.of(VERSION + "|" + at + "|" + seen.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","))
        + (page > 1 ? "|" + page : "") + (recheck ? "|r" : ""));
  }
}
