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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store whose k-th write made inside a transaction "kills the process": an {@link CrashTest.Crash}
 * escapes, and the transaction (the wrapped store's) takes none of its writes. Writes outside a
 * transaction (cursors, intents, pending-write marks) go through uncounted.
 */
final class CrashingStore implements StateStore {
  private final StateStore delegate;
  private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
  private int crashAt;
  private int writesInTransactions;

  /**
   * @param delegate the store written to, with real transactions
   * @param crashAt which write inside a transaction crashes; 0 for none
   */
  CrashingStore(StateStore delegate, int crashAt) {
    this.delegate = delegate;
    this.crashAt = crashAt;
  }

  /** Over a new in-memory store. */
  static CrashingStore withEvents(int crashAt) {
    return new CrashingStore(dev.integrationagent.StateStores.inMemory(), crashAt);
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
    return delegate.inTransaction(() -> {
      depth.set(depth.get() + 1);
      try {
        return work.get();
      } finally {
        depth.set(depth.get() - 1);
      }
    });
  }

  private void apply(Runnable op) {
    write();
    op.run();
  }

  @Override
  public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
    write();
    return delegate.appendEvents(events);
  }

  @Override
  public List<ChangeEvent> events(long afterOffset, int limit) {
    return delegate.events(afterOffset, limit);
  }

  @Override
  public long firstEventOffset() {
    return delegate.firstEventOffset();
  }

  @Override
  public long lastEventOffset() {
    return delegate.lastEventOffset();
  }

  @Override
  public void close() {
    delegate.close();
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
