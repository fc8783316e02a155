package dev.integrationagent.api.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * One open connection to one account of a tool. Every method may throw
 * {@link IntegrationException} with a category; implementations must be thread-safe.
 *
 * <p>Optional operations have defaults that fail with {@link ErrorCategory#PERMANENT}; a
 * connector that implements one also lists its {@link Capability}.
 */
public interface ConnectorSession extends AutoCloseable {

  /**
   * Items changed after {@code cursor}, oldest change first. An item changed several times
   * appears with its latest state. The page's {@link ChangePage#next()} resumes exactly after
   * its last item: nothing is missed or repeated at a page edge.
   */
  ChangePage changes(Cursor cursor, int pageSize);

  /** The item's current state, or empty when it does not exist. */
  Optional<ExternalItem> get(String id);

  /**
   * Creates an item from vendor JSON and returns it as the tool now holds it. The engine maps the
   * answer and keeps a hash of each field, to recognise its own write when the listing brings it
   * back; an answer that differs from what a read would return makes that write look like a
   * user's change. Where the tool's answer is not the item, build it from the request only when
   * that gives what a read would, and read it otherwise.
   *
   * @param fields the item in the tool's JSON shape, as the mapping writes it
   * @param marker a sync id to store with the item so {@link #findByMarker} finds it after a
   *     crash; null when the engine needs none
   */
  ExternalItem create(JsonNode fields, @Nullable String marker);

  /**
   * Changes the given fields of an item and returns it as the tool now holds it (see
   * {@link #create} on why that answer must be faithful).
   *
   * @param patch only the fields to change, in the tool's JSON shape
   * @param expectedVersion the version the change is based on; with
   *     {@link Capability#OPTIMISTIC_LOCKING} a stale version fails with {@code CONFLICT} and
   *     changes nothing. The engine names one only to sessions that declare that capability.
   */
  ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion);

  /**
   * When each field of an item last changed, where the tool tells (Redmine's journals, GitHub's
   * issue events), by JSON pointer into the item as {@link #get} returns it ({@code "/subject"});
   * a field the tool keeps no history of is absent. A field never changed since the item was
   * created answers the creation time, and the empty pointer {@code ""} (the whole item) answers
   * when the item was created. The engine asks only for items whose fields both sides
   * changed, so that last-write-wins compares the times of the fields, not of the items.
   */
  default java.util.Map<String, java.time.Instant> fieldsChangedAt(String itemId) {
    return java.util.Map.of();
  }

  /** The item carrying {@code marker}, if any. */
  default Optional<ExternalItem> findByMarker(String marker) {
    return Optional.empty();
  }

  default void delete(String id) {
    throw unsupported("delete");
  }

  /** Comments on an item written or edited at or after {@code since} (all when null), oldest first. */
  default List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    throw unsupported("comments");
  }

  default ExternalComment addComment(String itemId, String markdownBody) {
    throw unsupported("addComment");
  }

  /** Replaces a comment's text. */
  default ExternalComment updateComment(String itemId, String commentId, String markdownBody) {
    throw unsupported("updateComment");
  }

  /** Moves the item to the named status, through the tool's workflow where it has one. */
  default ExternalItem transition(String itemId, String targetStatus) {
    throw unsupported("transition");
  }

  /**
   * What this session can do. The engine relies on {@link Capability#OPTIMISTIC_LOCKING} to
   * merge a change against the state it last saw of the linked item, without reading that item
   * again: the write names the version it saw and fails with {@code CONFLICT} when the item moved
   * on, and only then is it read. Sessions of a {@link Connector} answer its capabilities. Empty by
   * default: the engine then reads before it writes.
   */
  default Set<Capability> capabilities() {
    return Set.of();
  }

  /** One cheap authenticated call that tells whether the connection works. */
  ConnectorHealth health();

  /** The connection's webhook handler, when the tool delivers webhooks. */
  default Optional<WebhookHandler> webhooks() {
    return Optional.empty();
  }

  /** Releases the session's resources. */
  @Override
  default void close() {}

  private IntegrationException unsupported(String operation) {
    return new IntegrationException(ErrorCategory.PERMANENT,
        operation + " is not supported by " + getClass().getSimpleName());
  }
}
