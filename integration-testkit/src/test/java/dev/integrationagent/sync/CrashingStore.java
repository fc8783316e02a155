package dev.integrationagent.sync;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store whose k-th write made inside a transaction "kills the process": an {@link CrashTest.Crash}
 * escapes, and the transaction (the wrapped store's) takes none of its writes. Writes outside a
 * transaction (cursors, intents, pending-write marks) go through uncounted. Reads inside a
 * transaction it keeps itself see the state before it (the engine's transactions only write).
 */
final class CrashingStore implements StateStore {
  private final StateStore delegate;
  /** Whether this store keeps transactions and events itself, for a wrapped store that has none. */
  private final boolean own;
  private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
  private final ThreadLocal<List<Runnable>> buffer = new ThreadLocal<>();
  private final List<ChangeEvent> stream = new ArrayList<>();
  private int crashAt;
  private int writesInTransactions;

  /**
   * @param delegate the store written to
   * @param ownTransactions whether to keep transactions and the event stream here (the writes of a
   *     transaction held back until it commits), for a delegate without them
   * @param crashAt which write inside a transaction crashes; 0 for none
   */
  CrashingStore(StateStore delegate, boolean ownTransactions, int crashAt) {
    this.delegate = delegate;
    this.own = ownTransactions;
    this.crashAt = crashAt;
  }

  /**
   * Over a new in-memory store: its own transactions and events where it records them, else this
   * wrapper's.
   */
  static CrashingStore withEvents(int crashAt) {
    StateStore memory = dev.integrationagent.StateStores.inMemory();
    boolean native_;
    try {
      memory.lastEventOffset();
      native_ = true;
    } catch (UnsupportedOperationException e) {
      native_ = false;
    }
    return new CrashingStore(memory, !native_, crashAt);
  }

  /** Writes counted inside transactions so far. */
  int writesInTransactions() {
    return writesInTransactions;
  }

  /** No crash from now on: the process was restarted. */
  void disarm() {
    crashAt = 0;
  }

  private void write() {
    if (depth.get() > 0 && ++writesInTransactions == crashAt) {
      throw new CrashTest.Crash();
    }
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (!own) {
      return delegate.inTransaction(() -> counted(work));
    }
    if (depth.get() > 0) {
      return counted(work); // joins the outer transaction
    }
    buffer.set(new ArrayList<>());
    try {
      T result = counted(work);
      synchronized (this) {
        buffer.get().forEach(Runnable::run);
      }
      return result;
    } finally {
      buffer.remove(); // thrown: none of the writes happened
    }
  }

  private <T> T counted(Supplier<T> work) {
    depth.set(depth.get() + 1);
    try {
      return work.get();
    } finally {
      depth.set(depth.get() - 1);
    }
  }

  /** A write: counted, and inside a transaction of this store's own held back until it commits. */
  private void apply(Runnable op) {
    write();
    if (own && depth.get() > 0) {
      buffer.get().add(op);
    } else {
      synchronized (this) {
        op.run();
      }
    }
  }

  @Override
  public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
    if (!own) {
      write();
      return delegate.appendEvents(events);
    }
    apply(() -> events.forEach(e -> stream.add(e.at(stream.size() + 1))));
    return events;
  }

  @Override
  public List<ChangeEvent> events(long afterOffset, int limit) {
    if (!own) {
      return delegate.events(afterOffset, limit);
    }
    synchronized (this) {
      return stream.stream().filter(e -> e.offset() > afterOffset).limit(limit).toList();
    }
  }

  @Override
  public long firstEventOffset() {
    return own ? 1 : delegate.firstEventOffset();
  }

  @Override
  public synchronized long lastEventOffset() {
    return own ? stream.size() : delegate.lastEventOffset();
  }

  @Override
  public Optional<Link> link(String planId, Side side, String itemId) {
    return delegate.link(planId, side, itemId);
  }

  @Override
  public List<Link> links(String planId) {
    return delegate.links(planId);
  }

  @Override
  public void saveLink(Link link) {
    apply(() -> delegate.saveLink(link));
  }

  @Override
  public void deleteLink(String planId, String aId) {
    apply(() -> delegate.deleteLink(planId, aId));
  }

  @Override
  public Optional<Cursor> cursor(String planId, String connectionId) {
    return delegate.cursor(planId, connectionId);
  }

  @Override
  public void saveCursor(String planId, String connectionId, Cursor cursor) {
    apply(() -> delegate.saveCursor(planId, connectionId, cursor));
  }

  @Override
  public void appendHistory(List<HistoryEntry> entries) {
    apply(() -> delegate.appendHistory(entries));
  }

  @Override
  public List<HistoryEntry> history(String planId, String aId) {
    return delegate.history(planId, aId);
  }

  @Override
  public void saveConflict(ConflictRecord conflict) {
    apply(() -> delegate.saveConflict(conflict));
  }

  @Override
  public List<ConflictRecord> conflicts(String planId) {
    return delegate.conflicts(planId);
  }

  @Override
  public void deleteConflict(String id) {
    apply(() -> delegate.deleteConflict(id));
  }

  @Override
  public void park(ParkedItem item) {
    apply(() -> delegate.park(item));
  }

  @Override
  public List<ParkedItem> parked(String planId) {
    return delegate.parked(planId);
  }

  @Override
  public void unpark(String planId, String connectionId, String itemId) {
    apply(() -> delegate.unpark(planId, connectionId, itemId));
  }

  @Override
  public void recordIntent(CreateIntent intent) {
    apply(() -> delegate.recordIntent(intent));
  }

  @Override
  public void completeIntent(String planId, String marker) {
    apply(() -> delegate.completeIntent(planId, marker));
  }

  @Override
  public List<CreateIntent> pendingIntents(String planId) {
    return delegate.pendingIntents(planId);
  }

  @Override
  public Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl) {
    return delegate.tryAcquireLease(name, owner, now, ttl);
  }

  @Override
  public void releaseLease(String name, String owner) {
    delegate.releaseLease(name, owner);
  }

  @Override
  public boolean sharedAcrossProcesses() {
    return delegate.sharedAcrossProcesses();
  }

  @Override
  public void saveExecution(WorkflowExecution execution) {
    delegate.saveExecution(execution);
  }

  @Override
  public Optional<WorkflowExecution> execution(String id) {
    return delegate.execution(id);
  }

  @Override
  public List<WorkflowExecution> dueExecutions(Instant now, int limit) {
    return delegate.dueExecutions(now, limit);
  }
}
