package dev.integrationagent.api.connector;

/** What a connector can do; the engine checks these before it plans an action. */
public enum Capability {
  /** Lists changes incrementally from a {@link Cursor}. */
  READ_CHANGES,
  CREATE,
  UPDATE,
  DELETE,
  /** Rejects an update whose expected version is stale, with a {@code CONFLICT} error. */
  OPTIMISTIC_LOCKING,
  COMMENTS,
  /** Changes status through named transitions or a status field. */
  STATUS_TRANSITIONS,
  /** Stores a sync marker on created items and finds items by it (idempotent creation). */
  SYNC_MARKERS,
  /** Delivers change events by webhook besides polling. */
  WEBHOOKS,
  CUSTOM_FIELDS
}
