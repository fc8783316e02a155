package dev.integrationagent.api.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * The host's own items, behind the host's own services, as the agent syncs them: the few calls a
 * host implements instead of a whole {@link ConnectorSession}. The connectors module turns it into
 * a connection ({@code HostConnector.of(items)} in {@code dev.integrationagent.connectors.jdbc});
 * items are JSON objects in the host's shape, and the connection's mapping turns them into
 * canonical items and back.
 *
 * <pre>{@code
 * final class Tickets implements HostItems {
 *   public ChangePage changedSince(Cursor cursor, int limit) { ... ticketService.changedAfter(...) ... }
 *   public Optional<ExternalItem> get(String id) { ... }
 *   public ExternalItem upsert(String id, JsonNode fields, String expectedVersion, String marker) { ... }
 *   public Optional<ExternalItem> findByMarker(String marker) { ... }
 * }
 * IntegrationAgent.builder()
 *     .connection("tickets", HostConnector.of(new Tickets()).mapping(Mappings.fromYaml(path)))
 * }</pre>
 *
 * <p>Four calls, and a fifth when {@link #deletes()}: {@link #changedSince}, {@link #get},
 * {@link #upsert}, {@link #findByMarker}, {@link #delete}. {@link #checksVersions()} says whether
 * upserts refuse stale versions.
 *
 * <p>What the agent relies on, checked by the test kit's {@code ConnectorContract} through the
 * adapter: the listing loses nothing and repeats nothing at a page edge; an upsert's answer is what
 * a following {@link #get} returns (same version); a create with a marker already used returns the
 * item created with it instead of creating another; implementations are thread-safe. Throw
 * {@link IntegrationException} with a category ({@code VALIDATION} for a bad value,
 * {@code TRANSIENT} for an outage, {@code CONFLICT} for a stale version).
 */
public interface HostItems {
  /**
   * Items changed after {@code cursor}, oldest change first, at most {@code limit}; as
   * {@link ConnectorSession#changes}. The cursor's value is the host's own encoding.
   */
  ChangePage changedSince(Cursor cursor, int limit);

  /** The item's current state, or empty when there is none. */
  Optional<ExternalItem> get(String id);

  /**
   * Creates ({@code id} null) or changes an item and returns it as the host now holds it.
   *
   * @param id the item to change, or null to create one
   * @param fields a whole item for a create, only the fields to change for an update
   * @param expectedVersion for an update, the version the change is based on: when
   *     {@link #checksVersions()}, a stale one fails with {@code CONFLICT} and changes nothing
   * @param marker for a create, a sync id to keep with the item: a create naming a marker the host
   *     already holds returns that item and creates nothing (the agent retries creates whose answer
   *     was lost); null when none
   */
  ExternalItem upsert(@Nullable String id, JsonNode fields, @Nullable String expectedVersion,
      @Nullable String marker);

  /**
   * The item created with {@code marker}, if any. The agent looks markers up after a crash between
   * a create and the record of its link, so that the item is linked instead of copied back as new.
   */
  Optional<ExternalItem> findByMarker(String marker);

  /** Whether {@link #upsert} refuses a stale {@code expectedVersion}; the agent then writes without reading first. */
  default boolean checksVersions() {
    return false;
  }

  /** Whether {@link #delete} is implemented. */
  default boolean deletes() {
    return false;
  }

  /** Deletes an item; an item already gone is no error. */
  default void delete(String id) {
    throw new IntegrationException(ErrorCategory.PERMANENT, "delete is not supported by " + getClass().getSimpleName());
  }
}
