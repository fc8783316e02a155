package dev.integrationagent.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Lease;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.WorkflowExecution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an {@link InMemoryStateStore} holds, as plain mutable collections of immutable
 * values. The store keeps two of these (what readers see, and what its writer is building) and
 * needs to copy one into the other when a transaction rolls back; hence one class with
 * {@link #copy()} instead of fields on the store.
 */
final class MemoryState {
  final Map<String, TreeMap<String, Link>> links = new LinkedHashMap<>();
  final Map<List<String>, Cursor> cursors = new LinkedHashMap<>();
  final List<HistoryEntry> history = new ArrayList<>();
  final Map<String, ConflictRecord> conflicts = new LinkedHashMap<>();
  final Map<List<String>, ParkedItem> parked = new LinkedHashMap<>();
  final Map<List<String>, CreateIntent> intents = new LinkedHashMap<>();
  final Map<String, Lease> leases = new LinkedHashMap<>();
  final Map<String, WorkflowExecution> executions = new LinkedHashMap<>();
  /** Kept events by offset; pruning by time may leave holes. */
  final TreeMap<Long, ChangeEvent> events = new TreeMap<>();
  /** Event id to offset, for the uniqueness of ids. */
  final Map<String, Long> eventIds = new HashMap<>();
  /** The highest offset given out: survives pruning, so offsets never restart. */
  long lastOffset;
  final Map<String, Long> consumerOffsets = new LinkedHashMap<>();
  final Map<List<String>, JsonNode> watchSnapshots = new LinkedHashMap<>();

  /** A copy sharing only immutable values (the snapshots are copied, being mutable trees). */
  MemoryState copy() {
    MemoryState c = new MemoryState();
    links.forEach((plan, byA) -> c.links.put(plan, new TreeMap<>(byA)));
    c.cursors.putAll(cursors);
    c.history.addAll(history);
    c.conflicts.putAll(conflicts);
    c.parked.putAll(parked);
    c.intents.putAll(intents);
    c.leases.putAll(leases);
    c.executions.putAll(executions);
    c.events.putAll(events);
    c.eventIds.putAll(eventIds);
    c.lastOffset = lastOffset;
    c.consumerOffsets.putAll(consumerOffsets);
    watchSnapshots.forEach((key, node) -> c.watchSnapshots.put(key, node.deepCopy()));
    return c;
  }
}
