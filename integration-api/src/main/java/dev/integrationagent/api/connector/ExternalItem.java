package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One item as a tool returns it: the vendor's JSON plus what the engine needs to track it.
 *
 * @param id the tool's stable id (never the human key, which can change on a move)
 * @param key a human-readable key such as {@code APP-12} or {@code #42}, or null
 * @param version the tool's version of the item (ETag, lock version, or updated timestamp)
 * @param updatedAt when the item last changed in the tool
 * @param data the vendor JSON, as the connector's mapping expects it
 * @param deleted true when the listing reports that the item was deleted
 */
public record ExternalItem(
    String id, @Nullable String key, String version, Instant updatedAt, JsonNode data,
    boolean deleted) {

  public ExternalItem {
    requireNonNull(id, "id");
    requireNonNull(version, "version");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(data, "data");
    if (id.isBlank()) {
      throw new IllegalArgumentException("external item id is blank");
    }
  }

  public static ExternalItem of(String id, String version, Instant updatedAt, JsonNode data) {
    return new ExternalItem(id, null, version, updatedAt, data, false);
  }
}
