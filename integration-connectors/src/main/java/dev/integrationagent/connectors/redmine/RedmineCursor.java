package dev.integrationagent.connectors.redmine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Where a Redmine change listing resumes. Redmine stamps {@code updated_on} to the second and
 * filters with {@code >=} a second, so the cursor keeps the last second it reached and, for every
 * issue seen since {@code since} (that second, minus the listing overlap), the signature of the
 * state it was seen in. The next listing asks again from {@code since} and skips what it has
 * seen; an issue edited twice within one second keeps its {@code updated_on} but changes its
 * signature, so it is listed again.
 *
 * @param since the lower bound of the next query; null at the start
 * @param seen issue id to the version ({@code updated_on/signature}) of the issues seen at or after
 *     {@code since}
 */
record RedmineCursor(@Nullable Instant since, Map<String, String> seen) {
  static final RedmineCursor START = new RedmineCursor(null, Map.of());
  private static final String PREFIX = "rm1.";
  private static final ObjectMapper JSON = new ObjectMapper();

  RedmineCursor {
    seen = Map.copyOf(seen);
  }

  static RedmineCursor decode(Cursor cursor, String connectionId) {
    requireNonNull(cursor, "cursor");
    if (cursor.isStart()) {
      return START;
    }
    String value = requireNonNull(cursor.value());
    try {
      if (!value.startsWith(PREFIX)) {
        throw new IllegalArgumentException("unknown prefix");
      }
      JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())));
      Instant since = Instant.parse(node.path("t").asText());
      Map<String, String> seen = new LinkedHashMap<>();
      node.path("s").properties().forEach(e -> seen.put(e.getKey(), e.getValue().asText()));
      return new RedmineCursor(since, seen);
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId
          + ": the change cursor is not a Redmine cursor of this connector ('"
          + abbreviate(value) + "'); reset the connection's cursor to start over.", null);
    }
  }

  Cursor encode() {
    if (since == null) {
      return Cursor.START;
    }
    ObjectNode node = JSON.createObjectNode().put("t", since.toString());
    ObjectNode s = node.putObject("s");
    seen.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.put(e.getKey(), e.getValue()));
    try {
      return Cursor.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a cursor", e);
    }
  }

  boolean hasSeen(String id, String version) {
    return version.equals(seen.get(id));
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
