package dev.integrationagent.api.store;

import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.sync.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The agent's durable state. Each method is atomic on its own; implementations are thread-safe
 * and, for clustered stores ({@link #sharedAcrossProcesses()}), safe across processes. Core's {@code StateStores} has an in-memory,
 * an embedded H2 and a JDBC store; every one passes the testkit's {@code StateStoreContract}.
 */
public interface StateStore extends AutoCloseable {

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

  /** Waiting executions whose {@code nextRunAt} is at or before {@code now}, soonest first. */
  List<WorkflowExecution> dueExecutions(Instant now, int limit);

  @Override
  default void close() {}
}
