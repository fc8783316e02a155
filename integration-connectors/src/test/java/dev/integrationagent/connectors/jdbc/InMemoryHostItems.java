package dev.integrationagent.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HostItems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * A host's items in memory, as a host service would hold them: each change takes the next number
 * of one counter, which is the item's version and the listing's cursor; deletes leave a tombstone.
 */
final class InMemoryHostItems implements HostItems {
  private final Clock clock;
  private final Map<String, ExternalItem> items = new HashMap<>();
  /** Change number to item id, the latest change of each item only. */
  private final TreeMap<Long, String> changes = new TreeMap<>();
  private final Map<String, String> markers = new HashMap<>();
  private long counter;
  private long ids;
  private volatile boolean refuseCredentials;

  InMemoryHostItems(Clock clock) {
    this.clock = clock;
  }

  /** Every call fails as a service would whose credentials are wrong. */
  InMemoryHostItems refusingCredentials() {
    refuseCredentials = true;
    return this;
  }

  private void check() {
    if (refuseCredentials) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, "the host service refused the agent's credentials");
    }
  }

  @Override
  public synchronized ChangePage changedSince(Cursor cursor, int limit) {
    check();
    long after = cursor.isStart() ? 0 : Long.parseLong(cursor.value());
    List<ExternalItem> page = new ArrayList<>();
    long last = after;
    for (Map.Entry<Long, String> change : changes.tailMap(after, false).entrySet()) {
      if (page.size() == limit) {
        return new ChangePage(page, Cursor.of(Long.toString(last)), true);
      }
      page.add(items.get(change.getValue()));
      last = change.getKey();
    }
    return new ChangePage(page, last == 0 ? Cursor.START : Cursor.of(Long.toString(last)), false);
  }

  @Override
  public synchronized Optional<ExternalItem> get(String id) {
    check();
    return Optional.ofNullable(items.get(id)).filter(i -> !i.deleted());
  }

  @Override
  public synchronized Optional<ExternalItem> findByMarker(String marker) {
    check();
    return Optional.ofNullable(markers.get(marker)).flatMap(this::get);
  }

  @Override
  public synchronized ExternalItem upsert(@Nullable String id, JsonNode fields, @Nullable String expectedVersion,
      @Nullable String marker) {
    check();
    if (fields.has("subject") && fields.path("subject").asText("").isBlank()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "a ticket needs a subject");
    }
    if (id == null) {
      if (marker != null && markers.containsKey(marker)) {
        return items.get(markers.get(marker));
      }
      String created = Long.toString(++ids);
      if (marker != null) {
        markers.put(marker, created);
      }
      return put(created, ((ObjectNode) fields.deepCopy()).put("id", created));
    }
    ExternalItem current = get(id).orElseThrow(() -> new IntegrationException(ErrorCategory.NOT_FOUND, "no ticket " + id));
    if (expectedVersion != null && !expectedVersion.equals(current.version())) {
      throw new IntegrationException(ErrorCategory.CONFLICT, "ticket " + id + " is at version " + current.version()
          + ", not " + expectedVersion);
    }
    ObjectNode data = current.data().deepCopy();
    fields.properties().forEach(e -> data.set(e.getKey(), e.getValue()));
    return put(id, data);
  }

  private ExternalItem put(String id, JsonNode data) {
    long change = ++counter;
    ExternalItem old = items.get(id);
    if (old != null) {
      changes.remove(Long.parseLong(old.version()));
    }
    changes.put(change, id);
    ExternalItem item = ExternalItem.of(id, Long.toString(change), clock.instant(), data);
    items.put(id, item);
    return item;
  }

  @Override
  public boolean checksVersions() {
    return true;
  }

  @Override
  public boolean deletes() {
    return true;
  }

  @Override
  public synchronized void delete(String id) {
    check();
    ExternalItem old = items.get(id);
    if (old != null && !old.deleted()) {
      put(id, old.data());
      ExternalItem tombstone = items.get(id);
      items.put(id, new ExternalItem(id, null, tombstone.version(), tombstone.updatedAt(), tombstone.data(), true));
    }
  }

  /** A person's edit in the host's own screens. */
  synchronized void edit(String id, String field, String value) {
    ObjectNode data = items.get(id).data().deepCopy();
    data.put(field, value);
    put(id, data);
  }
}
