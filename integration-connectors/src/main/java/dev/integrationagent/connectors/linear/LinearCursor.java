package dev.integrationagent.connectors.linear;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * Where a Linear listing resumes: the {@code updatedAt} of the last item handed out and the ids
 * handed out at exactly that instant. Several issues can share one millisecond; the next listing
 * asks again from that instant ({@code gte}) and drops the ids it already gave, so an item at a
 * page edge is neither lost nor repeated. Encoded as {@code <instant>|<id>,<id>}.
 */
record LinearCursor(@Nullable Instant at, Set<String> idsAt) {
  static final LinearCursor START = new LinearCursor(null, Set.of());

  LinearCursor {
    idsAt = Set.copyOf(idsAt);
  }

  static LinearCursor decode(Cursor cursor, String connectionId) {
    if (cursor.isStart()) {
      return START;
    }
    String value = cursor.value();
    int bar = value.indexOf('|');
    try {
      Instant at = Instant.parse(bar < 0 ? value : value.substring(0, bar));
      String ids = bar < 0 ? "" : value.substring(bar + 1);
      return new LinearCursor(at, ids.isEmpty() ? Set.of() : Set.of(ids.split(",")));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId
          + ": the stored Linear cursor '" + value + "' is not one this connector wrote; reset the connection's cursor",
          e);
    }
  }

  /** Whether the listing has handed out this state of the item already. */
  boolean covers(String id, Instant updatedAt) {
    return at != null && (updatedAt.isBefore(at) || (updatedAt.equals(at) && idsAt.contains(id)));
  }

  /** The cursor after handing out {@code id} changed at {@code updatedAt} (never earlier than this one). */
  LinearCursor after(String id, Instant updatedAt) {
    if (at != null && updatedAt.equals(at)) {
      Set<String> ids = new TreeSet<>(idsAt);
      ids.add(id);
      return new LinearCursor(at, ids);
    }
    return new LinearCursor(updatedAt, Set.of(id));
  }

  Cursor encode() {
    if (at == null) {
      return Cursor.START;
    }
    String[] ids = idsAt.toArray(String[]::new);
    Arrays.sort(ids);
    return Cursor.of(at + "|" + String.join(",", ids));
  }
}
