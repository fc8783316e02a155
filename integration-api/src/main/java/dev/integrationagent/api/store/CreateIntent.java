package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A record, written before a create call, that a create may be in flight. After a crash the
 * engine looks the marker up in the target before creating again.
 *
 * @param planId the plan
 * @param marker the sync marker written into the created item
 * @param sourceConnectionId the connection the item comes from
 * @param sourceItemId its id there
 * @param targetConnectionId the connection the item is created in
 * @param createdAt when the intent was recorded
 */
public record CreateIntent(
    String planId, String marker, String sourceConnectionId, String sourceItemId,
    String targetConnectionId, Instant createdAt) {
  public CreateIntent {
    requireNonNull(planId, "planId");
    requireNonNull(marker, "marker");
    requireNonNull(sourceConnectionId, "sourceConnectionId");
    requireNonNull(sourceItemId, "sourceItemId");
    requireNonNull(targetConnectionId, "targetConnectionId");
    requireNonNull(createdAt, "createdAt");
  }
}
