package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.sync.Side;
import java.util.List;

/**
 * The queue of conflicts parked by plans with {@link ConflictPolicy#manual()}: each holds both
 * values and the base, and both sides stay untouched until a person decides.
 *
 * <pre>{@code
 * for (ConflictRecord c : agent.conflicts().list("github-jira")) {
 *   agent.conflicts().resolve("github-jira", c.id(), Side.B);   // take Jira's value on both sides
 * }
 * }</pre>
 */
public final class Conflicts {
  private final IntegrationAgent agent;

  Conflicts(IntegrationAgent agent) {
    this.agent = agent;
  }

  /** The plan's open conflicts, oldest first. */
  public List<ConflictRecord> list(String planId) {
    return agent.stateStoreFor(planId).conflicts(planId);
  }

  /** Settles a conflict with one side's value. */
  public SyncReport resolve(String planId, String conflictId, Side winner) {
    ConflictRecord conflict = find(planId, conflictId);
    return agent.resolve(planId, conflict, winner == Side.A ? conflict.aValue() : conflict.bValue());
  }

  /** Settles a conflict with a value of the person's choosing (a merge of both, say). */
  public SyncReport resolve(String planId, String conflictId, JsonNode value) {
    return agent.resolve(planId, find(planId, conflictId), requireNonNull(value, "value"));
  }

  /** Drops a conflict without writing anything; the sides stay as they are. */
  public void dismiss(String planId, String conflictId) {
    agent.dismiss(planId, find(planId, conflictId));
  }

  private ConflictRecord find(String planId, String conflictId) {
    return list(planId).stream().filter(c -> c.id().equals(conflictId)).findFirst()
        .orElseThrow(() -> new IntegrationException(ErrorCategory.NOT_FOUND,
            "plan " + planId + " has no open conflict '" + conflictId + "'"));
  }
}
