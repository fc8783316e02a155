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
 * equal stamps split across a page edge are therefore neither lost nor repeated. Encoded as
 * {@code j1.} plus URL-safe Base64 of {@code watermark;id:millis,id:millis}.
 */
final class JiraCursor {
  private static final String PREFIX = "j1.";

  private @Nullable Instant watermark;
  private final Map<String, Long> seen;

  private JiraCursor(@Nullable Instant watermark, Map<String, Long> seen) {
    this.watermark = watermark;
    this.seen = new TreeMap<>(seen);
  }

  static JiraCursor start() {
    return new JiraCursor(null, Map.of());
  }

  static JiraCursor decode(Cursor cursor, String connectionId) {
    String value = cursor.value();
    if (value == null) {
      return start();
    }
    try {
      if (!value.startsWith(PREFIX)) {
        throw new IllegalArgumentException("unknown prefix");
      }
      String text = new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())),
          StandardCharsets.UTF_8);
      int semi = text.indexOf(';');
      Instant watermark = Instant.ofEpochMilli(Long.parseLong(semi < 0 ? text : text.substring(0, semi)));
      Map<String, Long> seen = new TreeMap<>();
      if (semi >= 0 && semi + 1 < text.length()) {
        for (String entry : text.substring(semi + 1).split(",")) {
          int colon = entry.indexOf(':');
          seen.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)));
        }
      }
      return new JiraCursor(watermark, seen);
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

  int seenCount() {
    return seen.size();
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
