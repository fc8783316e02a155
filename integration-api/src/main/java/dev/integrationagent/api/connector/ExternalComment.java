package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import javax.annotation.Nullable;

/**
 * A comment on an item.
 *
 * @param id the tool's comment id
 * @param itemId the id of the item it belongs to
 * @param author the author's identity as the tool gives it, or null when hidden
 * @param body the text as Markdown
 * @param createdAt when it was written
 * @param updatedAt when it was last edited
 */
public record ExternalComment(
    String id, String itemId, @Nullable String author, String body, Instant createdAt,
    Instant updatedAt) {
  public ExternalComment {
    requireNonNull(id, "id");
    requireNonNull(itemId, "itemId");
    requireNonNull(body, "body");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }
}
