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
 * comes through. Encoded as {@code gh1|2026-01-05T10:00:00Z|12:3f2a…,13:9bc0…}.
 */
record GitHubCursor(Instant at, Map<Integer, String> seen) {
  private static final String VERSION = "gh1";

  GitHubCursor {
    seen = Map.copyOf(seen);
  }

  static GitHubCursor parse(Cursor cursor, String connectionId) {
    if (cursor.isStart()) {
      return new GitHubCursor(Instant.EPOCH, Map.of());
    }
    String value = cursor.value();
    String[] parts = value.split("\\|", -1);
    try {
      if (parts.length != 3 || !parts[0].equals(VERSION)) {
        throw new IllegalArgumentException("not " + VERSION);
      }
      Map<Integer, String> seen = new LinkedHashMap<>();
      if (!parts[2].isEmpty()) {
        for (String entry : parts[2].split(",")) {
          int colon = entry.indexOf(':');
          seen.put(Integer.parseInt(entry.substring(0, colon)), entry.substring(colon + 1));
        }
      }
      return new GitHubCursor(Instant.parse(parts[1]), seen);
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
    return new GitHubCursor(updatedAt, next);
  }

  /** The {@code since} parameter: the cursor's second, inclusive. */
  String since() {
    return at.toString();
  }

  Cursor encode() {
    return Cursor.of(VERSION + "|" + at + "|" + seen.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")));
  }
}
