package dev.integrationagent.connectors.jira;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * Where a Jira change listing resumes: the newest {@code updated} stamp handed out, and every
 * issue handed out whose stamp is inside the overlap window before it (id → updated millis).
 *
 * <p>JQL compares {@code updated} at minute precision and its results are eventually
 * consistent, so each listing starts again at the minute of the watermark minus the overlap
 * window and skips what this cursor has already seen at the same or a newer stamp. Items with
 * equal stamps split across a page edge are therefore neither lost nor repeated.
 *
 * <p>While a listing has more to give, the cursor also keeps its query and the search's
 * {@code nextPageToken} (a keyset position, valid for days), and the next call continues from
 * there instead of reading the window again: thousands of issues changed in the same minute (the
 * agent's own bulk creates) cost a search per page, not a search per page per page. Encoded as
 * {@code j2.} plus URL-safe Base64 of {@code watermark;id:millis,...;query;token}, query and
 * token Base64 again; {@code j1.} cursors (no continuation) are still read.
 */
final class JiraCursor {
  private static final String PREFIX = "j2.";
  private static final String PREFIX_V1 = "j1.";

  private @Nullable Instant watermark;
  private final Map<String, Long> seen;
  private @Nullable String query;
  private @Nullable String token;

  private JiraCursor(@Nullable Instant watermark, Map<String, Long> seen, @Nullable String query,
      @Nullable String token) {
    this.watermark = watermark;
    this.seen = new TreeMap<>(seen);
    this.query = query;
    this.token = token;
  }

  static JiraCursor start() {
    return new JiraCursor(null, Map.of(), null, null);
  }

  static JiraCursor decode(Cursor cursor, String connectionId) {
    String value = cursor.value();
    if (value == null) {
      return start();
    }
    try {
      if (!value.startsWith(PREFIX) && !value.startsWith(PREFIX_V1)) {
        throw new IllegalArgumentException("unknown prefix");
      }
      String text = new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())),
          StandardCharsets.UTF_8);
      String[] parts = text.split(";", -1);
      Instant watermark = Instant.ofEpochMilli(Long.parseLong(parts[0]));
      Map<String, Long> seen = new TreeMap<>();
      if (parts.length > 1 && !parts[1].isEmpty()) {
        for (String entry : parts[1].split(",")) {
          int colon = entry.indexOf(':');
          seen.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)));
        }
      }
      String query = parts.length > 3 && !parts[2].isEmpty() ? unwrap(parts[2]) : null;
      String token = parts.length > 3 && !parts[3].isEmpty() ? unwrap(parts[3]) : null;
      return new JiraCursor(watermark, seen, query, token);
    } catch (RuntimeException e) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId,
          "the Jira change cursor is not one this connector wrote: '" + abbreviate(value)
              + "'; reset the connection's cursor to list from the beginning", e);
    }
  }

  Cursor encode() {
    if (watermark == null) {
      return Cursor.START;
    }
    StringBuilder text = new StringBuilder().append(watermark.toEpochMilli()).append(';');
    seen.forEach((id, millis) -> text.append(id).append(':').append(millis).append(','));
    if (text.charAt(text.length() - 1) == ',') {
      text.setLength(text.length() - 1);
    }
    text.append(';').append(query == null ? "" : wrap(query)).append(';').append(token == null ? "" : wrap(token));
    return Cursor.of(PREFIX + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The lowest {@code updated} the next listing asks for, or null for everything. */
  @Nullable Instant lowerBound(Duration overlap) {
    return watermark == null ? null : watermark.minus(overlap).truncatedTo(ChronoUnit.MINUTES);
  }

  /** Whether this issue was handed out at this stamp (or a newer one) already. */
  boolean alreadySeen(String id, Instant updated) {
    Long millis = seen.get(id);
    return millis != null && millis >= updated.toEpochMilli();
  }

  /** Records an issue handed out; forgets what fell out of the window. */
  void handedOut(String id, Instant updated, Duration overlap) {
    seen.put(id, updated.toEpochMilli());
    if (watermark == null || updated.isAfter(watermark)) {
      watermark = updated;
    }
    Instant bound = lowerBound(overlap);
    if (bound != null) {
      long floor = bound.toEpochMilli();
      seen.values().removeIf(millis -> millis < floor);
    }
  }

  /** The query and page token a listing continues from, or null when it starts again from the window. */
  @Nullable String continuedQuery() {
    return query;
  }

  @Nullable String continuedToken() {
    return token;
  }

  /** The next listing continues this query from this page token. */
  void continueWith(String query, String token) {
    this.query = query;
    this.token = token;
  }

  /** The next listing starts again from the window. */
  void restart() {
    this.query = null;
    this.token = null;
  }

  private static String wrap(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String unwrap(String text) {
    return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
  }

  int seenCount() {
    return seen.size();
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
