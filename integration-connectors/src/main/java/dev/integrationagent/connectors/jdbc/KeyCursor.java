package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.annotation.Nullable;

/**
 * Where a listing by an updated-at or version column resumes: the (position, id) of the last row
 * listed. Rows are listed in (position, id) order, so rows sharing one position (one instant, or a
 * version two writers took alike) are neither lost nor repeated at a page edge.
 *
 * @param position the last row's updated-at instant (ISO-8601) or version; null at the start
 * @param id the last row's id, as text
 */
record KeyCursor(@Nullable String position, @Nullable String id) {
  static final KeyCursor START = new KeyCursor(null, null);
  private static final String PREFIX = "jk1.";

  static KeyCursor decode(Cursor cursor, String connectionId) {
    if (cursor.isStart()) {
      return START;
    }
    String value = cursor.value();
    try {
      if (value == null || !value.startsWith(PREFIX)) {
        throw new IllegalArgumentException("unknown prefix");
      }
      String text = new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())), StandardCharsets.UTF_8);
      int tab = text.indexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new KeyCursor(text.substring(0, tab), text.substring(tab + 1));
    } catch (IllegalArgumentException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId
          + ": not a cursor of a table listed by an updated-at or version column: '" + value + "'", e);
    }
  }

  Cursor encode() {
    if (position == null || id == null) {
      return Cursor.START;
    }
    return Cursor.of(PREFIX + Base64.getUrlEncoder().withoutPadding()
        .encodeToString((position + "\t" + id).getBytes(StandardCharsets.UTF_8)));
  }
}
