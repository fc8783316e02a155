package dev.integrationagent.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.sync.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * The agent's durable state. Each method is atomic on its own, and {@link #inTransaction} makes
 * several atomic together; implementations are thread-safe and, for clustered stores
 * ({@link #sharedAcrossProcesses()}), safe across processes. Core's {@code StateStores} has an
 * in-memory, an embedded H2 and a JDBC store; every one passes the testkit's
 * {@code StateStoreContract}.
 *
 * <p>The store also holds the event stream (a transactional outbox): the engine records the
 * events that describe a change in the same transaction as the change, and consumers read them
 * by offset, each with its own durable position.
 */
public interface StateStore extends AutoCloseable {

  // transactions

  /**
   * Runs {@code work} so that every write it makes to this store, on this thread, takes effect
   * together when it returns, or not at all when it throws (the exception is rethrown unchanged).
   * Reads within it see its own writes; other threads and processes see none of them until it
   * returns. Transactions may nest: an inner one joins the outer, and nothing commits before the
   * outermost returns. Events appended in a transaction that rolls back leave no trace, not even
   * a used offset.
   *
   * <p>Keep the work short and free of I/O to other systems: writes of other threads may wait
   * for it (the event stream's offsets are handed out in commit order, so appenders take turns),
   * and work that waits for another thread writing to this store may wait forever. A store call
   * that fails inside the work dooms the transaction: a database store rolls everything back even
   * when the work catches the failure and goes on.
   *
   * <p>The default runs {@code work} without a transaction: each write stands alone. Every store
   * of this repository overrides it.
   */
  default <T> T inTransaction(Supplier<T> work) {
    return work.get();
  }

  /** {@link #inTransaction(Supplier)} for work without a result. */
  default void inTransaction(Runnable work) {
    inTransaction(() -> {
      work.run();
      return null;
    });
  }

  // the event stream

  /**
   * Records events at the end of the stream and returns them as recorded, each with its offset
   * (the offsets the given events carry are ignored). Offsets start at 1 and grow by one per
   * event, without gaps, in the order the events become visible to readers: an event a reader
   * sees is never followed, later, by one with a lower offset (within a transaction the offsets
   * are taken when it commits, or under a lock held until then), so a consumer may keep just the
   * last offset it handled. An empty list records nothing.
   *
   * @throws IllegalArgumentException when an event's id is recorded already, or appears twice in
   *     the list; nothing is recorded then
   */
  default List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  /**
   * Recorded (committed, and not pruned) events with an offset above {@code afterOffset}, by
   * offset, at most {@code limit}; empty after the last.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  default List<ChangeEvent> events(long afterOffset, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  /**
   * The offset of the oldest event still kept; the offset the next event will get when none is
   * kept ({@code 1} in a new store). A consumer whose position is below this minus one missed
   * pruned events.
   */
  default long firstEventOffset() {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  /**
   * The highest offset given so far: the newest event's, or {@code firstEventOffset() - 1} when
   * none is kept. Pruning never lowers it, not even when it removes the newest event, so
   * {@code lastEventOffset() - position} is always how many offsets a consumer has yet to pass.
   */
  default long lastEventOffset() {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  /**
   * Removes the oldest events, in offset order, while their time ({@link ChangeEvent#at()}) is
   * before {@code before}, and stops at the first that is not: the stream loses a prefix, never an
   * event between two it keeps, so a consumer that fell behind finds its position below
   * {@link #firstEventOffset()} and is told, instead of skipping a hole. (An event recorded with an
   * older time than the one before it, as a host may publish, goes with the prefix it is in.)
   * Returns how many went. Offsets never restart: the next event gets the offset it would have had.
   */
  default int pruneEvents(Instant before) {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  /** The offset of the last event the named consumer handled, or empty when it never handled one. */
  default OptionalLong consumerOffset(String consumer) {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  /**
   * Records the named consumer's position, replacing the one before.
   *
   * @throws IllegalArgumentException when {@code offset} is negative
   */
  default void saveConsumerOffset(String consumer, long offset) {
    throw new UnsupportedOperationException(getClass().getName() + " does not record events");
  }

  // watch snapshots

  /** The canonical state a watch last saw of an item, or empty. */
  default Optional<JsonNode> watchSnapshot(String watchId, String itemId) {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep watches");
  }

  /** Inserts or replaces what a watch saw of an item. */
  default void saveWatchSnapshot(String watchId, String itemId, JsonNode snapshot) {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep watches");
  }

  /** Forgets an item of a watch; no-op when absent. */
  default void deleteWatchSnapshot(String watchId, String itemId) {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep watches");
  }

  // links and base snapshots

  /** The link of a plan that holds {@code itemId} on {@code side}. */
  Optional<Link> link(String planId, Side side, String itemId);

  /** Every link of a plan, ordered by side-A id. */
  List<Link> links(String planId);

  /** Inserts the link or replaces the one with the same plan and side-A id. */
  void saveLink(Link link);

  /** Removes the link with this side-A id; no-op when absent. */
  void deleteLink(String planId, String aId);

  // cursors

  Optional<Cursor> cursor(String planId, String connectionId);

  void saveCursor(String planId, String connectionId, Cursor cursor);

  // history

  void appendHistory(List<HistoryEntry> entries);

  /** A linked item's applied changes, oldest first. */
  List<HistoryEntry> history(String planId, String aId);

  // manual-conflict queue

  void saveConflict(ConflictRecord conflict);

  /** A plan's parked conflicts, oldest first. */
  List<ConflictRecord> conflicts(String planId);

  void deleteConflict(String id);

  // parked items (dead letters)

  /** Parks the item, replacing an earlier entry for the same plan, connection and item. */
  void park(ParkedItem item);

  /** A plan's parked items, oldest first. */
  List<ParkedItem> parked(String planId);

  void unpark(String planId, String connectionId, String itemId);

  // create intents

  void recordIntent(CreateIntent intent);

  /** Removes the intent once the created item is linked. */
  void completeIntent(String planId, String marker);

  /** Intents not yet completed, oldest first: creates that may have been in flight. */
  List<CreateIntent> pendingIntents(String planId);

  // leases

  /**
   * Claims the named lease for {@code owner} until {@code now + ttl}, when it is free, expired
   * at {@code now}, or already held by {@code owner} (a renewal).
   *
   * @return the lease when claimed; empty when another owner holds it
   */
  Optional<Lease> tryAcquireLease(String name, String owner, Instant now, Duration ttl);

  /** Gives the lease up if {@code owner} holds it. */
  void releaseLease(String name, String owner);

  /**
   * The named lease as it is held now, or empty when nobody holds it or it expired by {@code now}
   * (health reports name the agent running a plan's pass).
   */
  default Optional<Lease> lease(String name, Instant now) {
    throw new UnsupportedOperationException(getClass().getName() + " does not read leases");
  }

  /**
   * Whether agents in other processes may use this store at the same time: a database several
   * hosts point at. Agents sharing such a store claim passes through its leases, so that each
   * pass runs once across them, and a lease left by a process that died holds until it expires:
   * another process cannot tell a dead owner from a slow one.
   *
   * <p>A store that answers false can be open in one process only (a heap store, or an embedded
   * file that the database locks). A lease found in it was then left by an earlier process of this
   * store, which is gone, so agents keep their leases in this process instead of the store: a
   * restarted host resumes at once, and agents sharing the store within the process still
   * exclude each other.
   *
   * @return true unless the store makes sure no second process can open it; true by default
   */
  default boolean sharedAcrossProcesses() {
    return true;
  }

  // workflow executions

  /** Inserts or replaces the execution with the same id. */
  void saveExecution(WorkflowExecution execution);

  Optional<WorkflowExecution> execution(String id);

  /**
   * Executions due at {@code now}, soonest first: waiting ones whose {@code nextRunAt} is at or
   * before it, and running ones whose {@code nextRunAt} (the claim of the agent running them) ran
   * out at or before it, because that agent died.
   */
  List<WorkflowExecution> dueExecutions(Instant now, int limit);

  /**
   * The executions of a workflow, or of every workflow when {@code workflowId} is null, most
   * recently saved first, at most {@code limit}.
   */
  default List<WorkflowExecution> executions(@Nullable String workflowId, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " does not list workflow executions");
  }

  @Override
  default void close() {}
}
