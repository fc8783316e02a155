package dev.integrationagent.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Lease;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.http.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * A state store in the heap: for tests and for hosts that keep nothing between runs. It behaves
 * like the database stores, transactions included, so that what passes on it passes on them.
 *
 * <p>How: writers take turns. A write, or a whole {@link #inTransaction transaction}, holds the
 * writer lock and applies to the writer's copy of the state ({@code live}); readers on other
 * threads see the other copy ({@code committed}), which a write outside a transaction updates at
 * once and a transaction updates when it ends, by replaying its writes in one step under the
 * readers' lock. So readers never wait for a transaction and never see half of one, and a
 * transaction reads its own writes. A rollback copies {@code committed} back over {@code live}:
 * costly, but only when something failed. The price of taking turns is that a write from another
 * thread waits while a transaction is open; the engine keeps its transactions short and without
 * I/O, as it must for the database stores too.
 *
 * <p>Event offsets are taken by the writer, so they follow the order in which writes become
 * visible.
 */
public final class InMemoryStateStore implements StateStore {
  private final ReentrantLock writer = new ReentrantLock();
  /** Guards {@link #committed}. */
  private final Object published = new Object();
  private final MemoryState committed = new MemoryState();
  /** The writer's state; touched only by the thread holding {@link #writer}. */
  private MemoryState live = new MemoryState();
  /** The writes of the open transaction, to replay on {@link #committed}; null when none is open. */
  private @Nullable List<Function<MemoryState, ?>> transaction;

  // transactions

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    requireNonNull(work, "work");
    if (writer.isHeldByCurrentThread()) {
      return work.get(); // nested: joins the open transaction
    }
    writer.lock();
    List<Function<MemoryState, ?>> writes = new ArrayList<>();
    transaction = writes;
    boolean committedAll = false;
    try {
      T result = work.get();
      synchronized (published) {
        writes.forEach(w -> w.apply(committed));
      }
      committedAll = true;
      return result;
    } finally {
      transaction = null;
      if (!committedAll) {
        synchronized (published) {
          live = committed.copy();
        }
      }
      writer.unlock();
    }
  }

  /**
   * Applies a write to the writer's state and, outside a transaction, at once to the readers'.
   * A write must check everything before it changes anything (it may throw, and is then not
   * recorded) and depend only on the state it is given, so that replaying it gives the same result.
   */
  private <T> T write(Function<MemoryState, T> write) {
    writer.lock();
    try {
      T result = write.apply(live);
      if (transaction != null) {
        transaction.add(write);
      } else {
        synchronized (published) {
          write.apply(committed);
        }
      }
      return result;
    } finally {
      writer.unlock();
    }
  }

  /** Reads the writer's state on the thread holding the writer lock, the committed state elsewhere. */
  private <T> T read(Function<MemoryState, T> query) {
    if (writer.isHeldByCurrentThread()) {
      return query.apply(live);
    }
    synchronized (published) {
      return query.apply(committed);
    }
  }

  // the event stream

  @Override
  public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
    List<ChangeEvent> given = List.copyOf(events);
    if (given.isEmpty()) {
      return List.of();
    }
    return write(s -> {
      Set<String> ids = new HashSet<>();
      for (ChangeEvent e : given) {
        if (!ids.add(e.id())) {
          throw new IllegalArgumentException("event id '" + e.id()
              + "' appears twice in this batch; ids must be unique");
        }
        Long recorded = s.eventIds.get(e.id());
        if (recorded != null) {
          throw new IllegalArgumentException("event id '" + e.id() + "' is already recorded at offset " + recorded
              + "; ids must be unique");
        }
      }
      List<ChangeEvent> out = new ArrayList<>(given.size());
      for (ChangeEvent e : given) {
        ChangeEvent at = e.at(++s.lastOffset);
        s.events.put(at.offset(), at);
        s.eventIds.put(at.id(), at.offset());
        out.add(at);
      }
      return List.copyOf(out);
    });
  }

  @Override
  public List<ChangeEvent> events(long afterOffset, int limit) {
    Arguments.atLeast("limit", limit, 0);
    // copies: a snapshot is a mutable tree, which a reader must not change in the store
    return read(s -> s.events.tailMap(afterOffset, false).values().stream().limit(limit)
        .map(e -> e.at(e.offset())).toList());
  }

  @Override
  public long firstEventOffset() {
    return read(s -> s.events.isEmpty() ? s.lastOffset + 1 : s.events.firstKey());
  }

  @Override
  public long lastEventOffset() {
    return read(s -> s.lastOffset);
  }

  @Override
  public int pruneEvents(Instant before) {
    requireNonNull(before, "before");
    return write(s -> {
      int removed = 0;
      // the oldest first, up to the first event that is not that old: a prefix, never a hole
      for (Iterator<ChangeEvent> it = s.events.values().iterator(); it.hasNext(); ) {
        ChangeEvent e = it.next();
        if (!e.at().isBefore(before)) {
          break;
        }
        it.remove();
        s.eventIds.remove(e.id());
        removed++;
      }
      return removed;
    });
  }

  @Override
  public OptionalLong consumerOffset(String consumer) {
    requireNonNull(consumer, "consumer");
    return read(s -> {
      Long offset = s.consumerOffsets.get(consumer);
      return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    });
  }

  @Override
  public void saveConsumerOffset(String consumer, long offset) {
    requireNonNull(consumer, "consumer");
    Offsets.checkConsumerOffset(consumer, offset);
    write(s -> s.consumerOffsets.put(consumer, offset));
  }

  // watch snapshots

  @Override
  public Optional<JsonNode> watchSnapshot(String watchId, String itemId) {
    List<String> key = List.of(watchId, itemId);
    return read(s -> Optional.ofNullable(s.watchSnapshots.get(key)).map(JsonNode::deepCopy));
  }

  @Override
  public void saveWatchSnapshot(String watchId, String itemId, JsonNode snapshot) {
    List<String> key = List.of(watchId, itemId);
    JsonNode copy = requireNonNull(snapshot, "snapshot").deepCopy();
    write(s -> s.watchSnapshots.put(key, copy));
  }

  @Override
  public void deleteWatchSnapshot(String watchId, String itemId) {
    List<String> key = List.of(watchId, itemId);
    write(s -> s.watchSnapshots.remove(key));
  }

  // links

  @Override
  public Optional<Link> link(String planId, Side side, String itemId) {
    return read(s -> {
      TreeMap<String, Link> plan = s.links.get(planId);
      if (plan == null) {
        return Optional.empty();
      }
      if (side == Side.A) {
        return Optional.ofNullable(plan.get(itemId));
      }
      return plan.values().stream().filter(l -> l.bId().equals(itemId)).findFirst();
    });
  }

  @Override
  public List<Link> links(String planId) {
    return read(s -> s.links.containsKey(planId) ? List.copyOf(s.links.get(planId).values()) : List.of());
  }

  @Override
  public void saveLink(Link link) {
    requireNonNull(link, "link");
    write(s -> {
      TreeMap<String, Link> plan = s.links.get(link.planId());
      if (plan != null) {
        plan.values().stream()
            .filter(l -> l.bId().equals(link.bId()) && !l.aId().equals(link.aId()))
            .findFirst()
            .ifPresent(other -> {
              throw new IllegalStateException("plan " + link.planId() + ": B item " + link.bId()
                  + " is already linked to A item " + other.aId());
            });
      }
      return s.links.computeIfAbsent(link.planId(), k -> new TreeMap<>()).put(link.aId(), link);
    });
  }

  @Override
  public void deleteLink(String planId, String aId) {
    write(s -> {
      TreeMap<String, Link> plan = s.links.get(planId);
      return plan == null ? null : plan.remove(aId);
    });
  }

  // cursors

  @Override
  public Optional<Cursor> cursor(String planId, String connectionId) {
    List<String> key = List.of(planId, connectionId);
    return read(s -> Optional.ofNullable(s.cursors.get(key)));
  }

  @Override
  public void saveCursor(String planId, String connectionId, Cursor cursor) {
    List<String> key = List.of(planId, connectionId);
    requireNonNull(cursor, "cursor");
    write(s -> s.cursors.put(key, cursor));
  }

  // history

  @Override
  public void appendHistory(List<HistoryEntry> entries) {
    List<HistoryEntry> copy = List.copyOf(entries);
    write(s -> s.history.addAll(copy));
  }

  @Override
  public List<HistoryEntry> history(String planId, String aId) {
    return read(s -> s.history.stream().filter(h -> h.planId().equals(planId) && h.aId().equals(aId)).toList());
  }

  // conflicts

  @Override
  public void saveConflict(ConflictRecord conflict) {
    requireNonNull(conflict, "conflict");
    write(s -> s.conflicts.put(conflict.id(), conflict));
  }

  @Override
  public List<ConflictRecord> conflicts(String planId) {
    return read(s -> s.conflicts.values().stream().filter(c -> c.planId().equals(planId))
        .sorted(Comparator.comparing(ConflictRecord::createdAt)).toList());
  }

  @Override
  public void deleteConflict(String id) {
    write(s -> s.conflicts.remove(id));
  }

  // parked items

  @Override
  public void park(ParkedItem item) {
    List<String> key = List.of(item.planId(), item.connectionId(), item.itemId());
    write(s -> {
      s.parked.remove(key);
      return s.parked.put(key, item);
    });
  }

  @Override
  public List<ParkedItem> parked(String planId) {
    return read(s -> s.parked.values().stream().filter(p -> p.planId().equals(planId))
        .sorted(Comparator.comparing(ParkedItem::parkedAt)).toList());
  }

  @Override
  public void unpark(String planId, String connectionId, String itemId) {
    List<String> key = List.of(planId, connectionId, itemId);
    write(s -> s.parked.remove(key));
  }

  // intents

  @Override
  public void recordIntent(CreateIntent intent) {
    List<String> key = List.of(intent.planId(), intent.marker());
    write(s -> s.intents.put(key, intent));
  }

  @Override
  public void completeIntent(String planId, String marker) {
    List<String> key = List.of(planId, marker);
    write(s -> s.intents.remove(key));
  }

  @Override
  public List<CreateIntent> pendingIntents(String planId) {
    return read(s -> s.intents.values().stream().filter(i -> i.planId().equals(planId))
        .sorted(Comparator.comparing(CreateIntent::createdAt)).toList());
  }

  // leases

  @Override
  public Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
    Leases.checkTtl(ttl);
    Lease lease = new Lease(name, owner, now.plus(ttl));
    return write(s -> {
      Lease current = s.leases.get(name);
      if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
        return Optional.<Lease>empty();
      }
      s.leases.put(name, lease);
      return Optional.of(lease);
    });
  }

  @Override
  public Optional<Lease> lease(String name, Instant now) {
    return read(s -> Optional.ofNullable(s.leases.get(name)).filter(l -> l.expiresAt().isAfter(now)));
  }

  @Override
  public void releaseLease(String name, String owner) {
    write(s -> {
      Lease current = s.leases.get(name);
      return current != null && current.owner().equals(owner) ? s.leases.remove(name) : null;
    });
  }

  /** False: nothing outside this process can see the heap. */
  @Override
  public boolean sharedAcrossProcesses() {
    return false;
  }

  // workflow executions

  @Override
  public void saveExecution(WorkflowExecution execution) {
    requireNonNull(execution, "execution");
    write(s -> s.executions.put(execution.id(), execution));
  }

  @Override
  public Optional<WorkflowExecution> execution(String id) {
    return read(s -> Optional.ofNullable(s.executions.get(id)));
  }

  @Override
  public List<WorkflowExecution> dueExecutions(Instant now, int limit) {
    return read(s -> s.executions.values().stream()
        .filter(e -> (e.state() == WorkflowExecution.State.WAITING || e.state() == WorkflowExecution.State.RUNNING)
            && e.nextRunAt() != null && !e.nextRunAt().isAfter(now))
        .sorted(Comparator.comparing(WorkflowExecution::nextRunAt).thenComparing(WorkflowExecution::id))
        .limit(limit)
        .toList());
  }

  @Override
  public List<WorkflowExecution> executions(@Nullable String workflowId, int limit) {
    return read(s -> s.executions.values().stream()
        .filter(e -> workflowId == null || e.workflowId().equals(workflowId))
        .sorted(Comparator.comparing(WorkflowExecution::updatedAt).reversed().thenComparing(WorkflowExecution::id))
        .limit(limit)
        .toList());
  }

  @Override
  public String toString() {
    return "InMemoryStateStore";
  }
}
