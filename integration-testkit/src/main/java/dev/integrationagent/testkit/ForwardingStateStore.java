package dev.integrationagent.testkit;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A state store that passes every call to another, for tests that fail, count or delay some of
 * them: override what the test is about. Every method of {@link StateStore} is passed on,
 * transactions and the event stream included.
 *
 * <pre>{@code
 * StateStore failingHistory = new ForwardingStateStore(StateStores.inMemory()) {
 *   @Override public void appendHistory(List<HistoryEntry> entries) {
 *     throw new IllegalStateException("disk full");
 *   }
 * };
 * }</pre>
 */
public class ForwardingStateStore implements StateStore {
  private final StateStore delegate;

  public ForwardingStateStore(StateStore delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  protected StateStore delegate() {
    return delegate;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return delegate.inTransaction(work);
  }

  @Override
  public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
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
  public int pruneEvents(Instant before) {
    return delegate.pruneEvents(before);
  }

  @Override
  public OptionalLong consumerOffset(String consumer) {
    return delegate.consumerOffset(consumer);
  }

  @Override
  public void saveConsumerOffset(String consumer, long offset) {
    delegate.saveConsumerOffset(consumer, offset);
  }

  @Override
  public Optional<JsonNode> watchSnapshot(String watchId, String itemId) {
    return delegate.watchSnapshot(watchId, itemId);
  }

  @Override
  public void saveWatchSnapshot(String watchId, String itemId, JsonNode snapshot) {
    delegate.saveWatchSnapshot(watchId, itemId, snapshot);
  }

  @Override
  public void deleteWatchSnapshot(String watchId, String itemId) {
    delegate.deleteWatchSnapshot(watchId, itemId);
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
    delegate.saveLink(link);
  }

  @Override
  public void deleteLink(String planId, String aId) {
    delegate.deleteLink(planId, aId);
  }

  @Override
  public Optional<Cursor> cursor(String planId, String connectionId) {
    return delegate.cursor(planId, connectionId);
  }

  @Override
  public void saveCursor(String planId, String connectionId, Cursor cursor) {
    delegate.saveCursor(planId, connectionId, cursor);
  }

  @Override
  public void appendHistory(List<HistoryEntry> entries) {
    delegate.appendHistory(entries);
  }

  @Override
  public List<HistoryEntry> history(String planId, String aId) {
    return delegate.history(planId, aId);
  }

  @Override
  public void saveConflict(ConflictRecord conflict) {
    delegate.saveConflict(conflict);
  }

  @Override
  public List<ConflictRecord> conflicts(String planId) {
    return delegate.conflicts(planId);
  }

  @Override
  public void deleteConflict(String id) {
    delegate.deleteConflict(id);
  }

  @Override
  public void park(ParkedItem item) {
    delegate.park(item);
  }

  @Override
  public List<ParkedItem> parked(String planId) {
    return delegate.parked(planId);
  }

  @Override
  public void unpark(String planId, String connectionId, String itemId) {
    delegate.unpark(planId, connectionId, itemId);
  }

  @Override
  public void recordIntent(CreateIntent intent) {
    delegate.recordIntent(intent);
  }

  @Override
  public void completeIntent(String planId, String marker) {
    delegate.completeIntent(planId, marker);
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
  public Optional<Lease> lease(String name, Instant now) {
    return delegate.lease(name, now);
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

  @Override
  public List<WorkflowExecution> executions(@javax.annotation.Nullable String workflowId, int limit) {
    return delegate.executions(workflowId, limit);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
