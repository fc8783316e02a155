package dev.integrationagent.store;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Lease;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.api.sync.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A state store in the heap: for tests and for hosts that keep nothing between runs. One lock
 * guards everything; the store is small and its operations are short.
 */
public final class InMemoryStateStore implements StateStore {
  private final Map<String, TreeMap<String, Link>> links = new LinkedHashMap<>();
  private final Map<List<String>, Cursor> cursors = new LinkedHashMap<>();
  private final List<HistoryEntry> history = new ArrayList<>();
  private final Map<String, ConflictRecord> conflicts = new LinkedHashMap<>();
  private final Map<List<String>, ParkedItem> parked = new LinkedHashMap<>();
  private final Map<List<String>, CreateIntent> intents = new LinkedHashMap<>();
  private final Map<String, Lease> leases = new LinkedHashMap<>();
  private final Map<String, WorkflowExecution> executions = new LinkedHashMap<>();

  @Override
  public synchronized Optional<Link> link(String planId, Side side, String itemId) {
    TreeMap<String, Link> plan = links.get(planId);
    if (plan == null) {
      return Optional.empty();
    }
    if (side == Side.A) {
      return Optional.ofNullable(plan.get(itemId));
    }
    return plan.values().stream().filter(l -> l.bId().equals(itemId)).findFirst();
  }

  @Override
  public synchronized List<Link> links(String planId) {
    return List.copyOf(links.getOrDefault(planId, new TreeMap<>()).values());
  }

  @Override
  public synchronized void saveLink(Link link) {
    TreeMap<String, Link> plan = links.computeIfAbsent(link.planId(), k -> new TreeMap<>());
    plan.values().stream()
        .filter(l -> l.bId().equals(link.bId()) && !l.aId().equals(link.aId()))
        .findFirst()
        .ifPresent(other -> {
          throw new IllegalStateException("plan " + link.planId() + ": B item " + link.bId()
              + " is already linked to A item " + other.aId());
        });
    plan.put(link.aId(), link);
  }

  @Override
  public synchronized void deleteLink(String planId, String aId) {
    TreeMap<String, Link> plan = links.get(planId);
    if (plan != null) {
      plan.remove(aId);
    }
  }

  @Override
  public synchronized Optional<Cursor> cursor(String planId, String connectionId) {
    return Optional.ofNullable(cursors.get(List.of(planId, connectionId)));
  }

  @Override
  public synchronized void saveCursor(String planId, String connectionId, Cursor cursor) {
    cursors.put(List.of(planId, connectionId), requireNonNull(cursor, "cursor"));
  }

  @Override
  public synchronized void appendHistory(List<HistoryEntry> entries) {
    history.addAll(List.copyOf(entries));
  }

  @Override
  public synchronized List<HistoryEntry> history(String planId, String aId) {
    return history.stream().filter(h -> h.planId().equals(planId) && h.aId().equals(aId)).toList();
  }

  @Override
  public synchronized void saveConflict(ConflictRecord conflict) {
    conflicts.put(conflict.id(), conflict);
  }

  @Override
  public synchronized List<ConflictRecord> conflicts(String planId) {
    return conflicts.values().stream().filter(c -> c.planId().equals(planId))
        .sorted(Comparator.comparing(ConflictRecord::createdAt)).toList();
  }

  @Override
  public synchronized void deleteConflict(String id) {
    conflicts.remove(id);
  }

  @Override
  public synchronized void park(ParkedItem item) {
    List<String> key = List.of(item.planId(), item.connectionId(), item.itemId());
    parked.remove(key);
    parked.put(key, item);
  }

  @Override
  public synchronized List<ParkedItem> parked(String planId) {
    return parked.values().stream().filter(p -> p.planId().equals(planId))
        .sorted(Comparator.comparing(ParkedItem::parkedAt)).toList();
  }

  @Override
  public synchronized void unpark(String planId, String connectionId, String itemId) {
    parked.remove(List.of(planId, connectionId, itemId));
  }

  @Override
  public synchronized void recordIntent(CreateIntent intent) {
    intents.put(List.of(intent.planId(), intent.marker()), intent);
  }

  @Override
  public synchronized void completeIntent(String planId, String marker) {
    intents.remove(List.of(planId, marker));
  }

  @Override
  public synchronized List<CreateIntent> pendingIntents(String planId) {
    return intents.values().stream().filter(i -> i.planId().equals(planId))
        .sorted(Comparator.comparing(CreateIntent::createdAt)).toList();
  }

  @Override
  public synchronized Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
    Leases.checkTtl(ttl);
    Lease current = leases.get(name);
    if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    Lease lease = new Lease(name, owner, now.plus(ttl));
    leases.put(name, lease);
    return Optional.of(lease);
  }

  @Override
  public synchronized void releaseLease(String name, String owner) {
    Lease current = leases.get(name);
    if (current != null && current.owner().equals(owner)) {
      leases.remove(name);
    }
  }

  /** False: nothing outside this process can see the heap. */
  @Override
  public boolean sharedAcrossProcesses() {
    return false;
  }

  @Override
  public synchronized void saveExecution(WorkflowExecution execution) {
    executions.put(execution.id(), execution);
  }

  @Override
  public synchronized Optional<WorkflowExecution> execution(String id) {
    return Optional.ofNullable(executions.get(id));
  }

  @Override
  public synchronized List<WorkflowExecution> dueExecutions(Instant now, int limit) {
    return executions.values().stream()
        .filter(e -> e.state() == WorkflowExecution.State.WAITING && e.nextRunAt() != null
            && !e.nextRunAt().isAfter(now))
        .sorted(Comparator.comparing(WorkflowExecution::nextRunAt))
        .limit(limit)
        .toList();
  }

  @Override
  public String toString() {
    return "InMemoryStateStore";
  }
}
