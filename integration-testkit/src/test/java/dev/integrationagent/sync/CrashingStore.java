package dev.integrationagent.sync;

import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.ForwardingStateStore;
import java.util.List;
import java.util.function.Supplier;

/**
 * A store whose k-th write made inside a transaction "kills the process": an {@link CrashTest.Crash}
 * escapes, and the transaction (the wrapped store's) takes none of its writes. Writes outside a
 * transaction (cursors, intents, pending-write marks) go through uncounted.
 */
final class CrashingStore extends ForwardingStateStore {
  private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
  private int crashAt;
  private int writesInTransactions;

  /**
   * @param delegate the store written to, with real transactions
   * @param crashAt which write inside a transaction crashes; 0 for none
   */
  CrashingStore(StateStore delegate, int crashAt) {
    super(delegate);
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
    return super.inTransaction(() -> {
      depth.set(depth.get() + 1);
      try {
        return work.get();
      } finally {
        depth.set(depth.get() - 1);
      }
    });
  }

  @Override
  public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
    write();
    return super.appendEvents(events);
  }

  @Override
  public void saveLink(Link link) {
    write();
    super.saveLink(link);
  }

  @Override
  public void deleteLink(String planId, String aId) {
    write();
    super.deleteLink(planId, aId);
  }

  @Override
  public void saveCursor(String planId, String connectionId, Cursor cursor) {
    write();
    super.saveCursor(planId, connectionId, cursor);
  }

  @Override
  public void appendHistory(List<HistoryEntry> entries) {
    write();
    super.appendHistory(entries);
  }

  @Override
  public void saveConflict(ConflictRecord conflict) {
    write();
    super.saveConflict(conflict);
  }

  @Override
  public void deleteConflict(String id) {
    write();
    super.deleteConflict(id);
  }

  @Override
  public void park(ParkedItem item) {
    write();
    super.park(item);
  }

  @Override
  public void unpark(String planId, String connectionId, String itemId) {
    write();
    super.unpark(planId, connectionId, itemId);
  }

  @Override
  public void recordIntent(CreateIntent intent) {
    write();
    super.recordIntent(intent);
  }

  @Override
  public void completeIntent(String planId, String marker) {
    write();
    super.completeIntent(planId, marker);
  }
}
