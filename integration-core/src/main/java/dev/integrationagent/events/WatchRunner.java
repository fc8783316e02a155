package dev.integrationagent.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.annotation.Nullable;
import org.slf4j.Logger;

/**
 * Runs a {@link Watch}: lists the connection from the watch's cursor, compares each item's
 * canonical fields with the snapshot it keeps, and records the difference as an event in the
 * same transaction as the new snapshot. The cursor moves only after a page's items are recorded,
 * so a crash repeats a page and never skips one; a repeated item that did not change records
 * nothing.
 */
public final class WatchRunner {
  private final Watch watch;
  private final ConnectorSession session;
  private final Mapping mapping;
  private final StateStore store;
  private final Clock clock;
  private final Logger log;
  private final AgentWrites agentWrites;

  /**
   * What the agent's plans last wrote to an item of the watched connection: a change of the watched
   * connection that only brings it to those values is the agent's own write coming back (its plan
   * recorded it as {@code item.updated} with origin AGENT), not a change to report again.
   */
  @FunctionalInterface
  public interface AgentWrites {
    /** The canonical fields plans hold as synced for the item, one map per plan that links it. */
    List<Map<String, JsonNode>> of(String itemId);

    AgentWrites NONE = itemId -> List.of();
  }

  private final dev.integrationagent.sync.WriteCauses causes;

  public WatchRunner(Watch watch, ConnectorSession session, Mapping mapping, StateStore store, Clock clock,
      Logger log) {
    this(watch, session, mapping, store, clock, log, AgentWrites.NONE);
  }

  public WatchRunner(Watch watch, ConnectorSession session, Mapping mapping, StateStore store, Clock clock,
      Logger log, AgentWrites agentWrites) {
    this(watch, session, mapping, store, clock, log, agentWrites, new dev.integrationagent.sync.WriteCauses(clock));
  }

  /** Like the others; a change {@code causes} knows as a write of the agent's workflows follows from it. */
  public WatchRunner(Watch watch, ConnectorSession session, Mapping mapping, StateStore store, Clock clock,
      Logger log, AgentWrites agentWrites, dev.integrationagent.sync.WriteCauses causes) {
    this.causes = requireNonNull(causes, "causes");
    this.agentWrites = requireNonNull(agentWrites, "agentWrites");
    this.watch = requireNonNull(watch, "watch");
    this.session = requireNonNull(session, "session");
    this.mapping = requireNonNull(mapping, "mapping");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.log = requireNonNull(log, "log");
  }

  public Watch watch() {
    return watch;
  }

  /** One pass: every change since the cursor. Never throws for a failure of the connection. */
  public WatchReport run() {
    String runId = UUID.randomUUID().toString();
    Optional<Cursor> stored = store.cursor(watch.id(), watch.connectionId());
    boolean first = stored.isEmpty();
    Cursor cursor = stored.orElse(Cursor.START);
    int seen = 0;
    int recorded = 0;
    try {
      while (true) {
        ChangePage page = session.changes(cursor, watch.pageSize());
        for (ExternalItem item : page.items()) {
          seen++;
          recorded += observe(item, runId, first && !watch.includeExisting(), null);
        }
        for (ChangePage.Rejected rejected : page.rejected()) {
          recorded += rejected(rejected.itemId(), rejected.reason(), runId);
        }
        store.saveCursor(watch.id(), watch.connectionId(), page.next());
        cursor = page.next();
        if (!page.hasMore() || (page.items().isEmpty() && page.rejected().isEmpty())) {
          break;
        }
      }
    } catch (IntegrationException e) {
      log.warn("watch of {}: listing stopped, the cursor stays: {}", watch.connectionId(), e.getMessage());
      return new WatchReport(watch.connectionId(), true, seen, recorded, Optional.of(e.category() + ": "
          + e.getMessage()));
    }
    log.debug("watch of {}: {} items seen, {} events", watch.connectionId(), seen, recorded);
    return new WatchReport(watch.connectionId(), true, seen, recorded, Optional.empty());
  }

  /**
   * Reads one item afresh (a webhook's item) and records what changed.
   *
   * @return the events recorded
   */
  public int item(String itemId, boolean reportedDeleted, @Nullable ChangeEvent cause) {
    String runId = UUID.randomUUID().toString();
    Optional<ExternalItem> current = reportedDeleted ? Optional.empty() : session.get(itemId);
    if (current.isEmpty()) {
      return gone(itemId, runId, cause);
    }
    return observe(current.get(), runId, false, cause);
  }

  /**
   * Reports a change of an item a plan's pass listed but does not sync, as the watch's own
   * listing would have (the watch lists nothing where a plan reads the connection).
   */
  public void listedByAPlan(ExternalItem item, @Nullable ChangeEvent cause) {
    observe(item, java.util.UUID.randomUUID().toString(), false, cause);
  }

  private int observe(ExternalItem item, String runId, boolean quietly, @Nullable ChangeEvent cause) {
    if (item.deleted()) {
      return gone(item.id(), runId, cause);
    }
    WorkItem canonical;
    try {
      canonical = mapping.toCanonical(item.data());
    } catch (RuntimeException e) {
      return rejected(item.id(), e.getMessage() == null ? e.toString() : e.getMessage(), runId);
    }
    Map<String, JsonNode> fields = CanonicalJson.fields(canonical);
    Optional<JsonNode> before = store.watchSnapshot(watch.id(), item.id());
    ChangeEvent event;
    ChangeEvent write = causes.causeOf(watch.connectionId(), item);
    if (write != null) {
      cause = write; // a workflow's write, seen again in its tool
    }
    if (before.isEmpty()) {
      event = quietly ? null : event(EventTypes.ITEM_CREATED, item.id(), runId).causedBy(cause)
          .snapshot(CanonicalJson.toDocument(canonical)).build();
    } else {
      Map<String, FieldChange> changes = diff(CanonicalJson.fieldsOf(before.get()), fields);
      if (changes.isEmpty()) {
        return 0;
      }
      event = written(item.id(), changes) ? null : event(EventTypes.ITEM_UPDATED, item.id(), runId).causedBy(cause)
          .snapshot(CanonicalJson.toDocument(canonical)).changes(changes).build();
    }
    @Nullable ChangeEvent recorded = event;
    store.inTransaction(() -> {
      store.saveWatchSnapshot(watch.id(), item.id(), CanonicalJson.fieldsObject(fields));
      if (recorded != null) {
        store.appendEvents(List.of(recorded));
      }
    });
    return recorded == null ? 0 : 1;
  }

  /** Whether every changed field now holds what a plan of the agent synced there: its own write. */
  private boolean written(String itemId, Map<String, FieldChange> changes) {
    return agentWrites.of(itemId).stream().anyMatch(synced -> changes.entrySet().stream()
        .allMatch(c -> c.getValue().newValue().equals(synced.get(c.getKey()))));
  }

  private int gone(String itemId, String runId, @Nullable ChangeEvent cause) {
    Optional<JsonNode> before = store.watchSnapshot(watch.id(), itemId);
    if (before.isEmpty()) {
      return 0;
    }
    ChangeEvent event = event(EventTypes.ITEM_DELETED, itemId, runId).causedBy(cause).build();
    store.inTransaction(() -> {
      store.deleteWatchSnapshot(watch.id(), itemId);
      store.appendEvents(List.of(event));
    });
    return 1;
  }

  private int rejected(String itemId, String reason, String runId) {
    log.warn("watch of {}: item {} could not be read and is not reported: {}", watch.connectionId(), itemId, reason);
    store.appendEvents(List.of(ChangeEvent.builder(EventTypes.ITEM_PARKED, ChangeEvent.Origin.AGENT, clock.instant())
        .connection(watch.connectionId()).run(runId).item(itemId)
        .attribute("watch", watch.id()).attribute("category", "VALIDATION").attribute("reason", reason).build()));
    return 1;
  }

  private ChangeEvent.Builder event(String type, String itemId, String runId) {
    return ChangeEvent.builder(type, ChangeEvent.Origin.TOOL, clock.instant())
        .connection(watch.connectionId()).run(runId).item(itemId).attribute("watch", watch.id());
  }

  /** The fields whose value differs, with old and new values; a field only one side has counts as null on the other. */
  static Map<String, FieldChange> diff(Map<String, JsonNode> before, Map<String, JsonNode> after) {
    Set<String> names = new LinkedHashSet<>(before.keySet());
    names.addAll(after.keySet());
    Map<String, FieldChange> out = new LinkedHashMap<>();
    for (String name : names) {
      JsonNode old = before.getOrDefault(name, NullNode.getInstance());
      JsonNode now = after.getOrDefault(name, NullNode.getInstance());
      if (!old.equals(now)) {
        out.put(name, new FieldChange(old, now));
      }
    }
    return out;
  }
}
