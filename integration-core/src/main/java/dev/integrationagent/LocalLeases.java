package dev.integrationagent;

import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.store.InMemoryStateStore;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where an agent claims its passes. On a store {@linkplain StateStore#sharedAcrossProcesses()
 * shared across processes}, that is the store itself, so that each pass runs once across the
 * cluster. On any other store the claims live in this process, one table per store object: a
 * lease written into such a store could only be this process's own or one left by an earlier
 * process of the store, which is dead (the store can be open in one process at a time), so it
 * must not hold a restarted host off until it expires. Agents that share one store object in this
 * process share its table and still exclude each other, exactly as through the store.
 */
final class LocalLeases {
  // weak: a table goes with the store object it belongs to; a table holds no reference to its store
  private static final Map<StateStore, StateStore> TABLES = new WeakHashMap<>();

  private LocalLeases() {}

  /** The leases to claim passes of agents on {@code store} with. */
  static StateStore of(StateStore store) {
    if (store.sharedAcrossProcesses()) {
      return store;
    }
    synchronized (TABLES) {
      return TABLES.computeIfAbsent(store, s -> new InMemoryStateStore());
    }
  }
}
