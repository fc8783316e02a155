package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * The durable state of one workflow run, so delayed steps survive restarts.
 *
 * @param id unique id
 * @param workflowId the workflow
 * @param state where it stands
 * @param step index of the next step to run
 * @param context the run's variables and trigger data
 * @param nextRunAt when a waiting execution is due, or null
 * @param updatedAt when it was last saved
 */
public record WorkflowExecution(
    String id, String workflowId, State state, int step, JsonNode context,
    @Nullable Instant nextRunAt, Instant updatedAt) {

  /** Where an execution stands. */
  public enum State {
    RUNNING,
    WAITING,
    SUCCEEDED,
    FAILED
  }

  public WorkflowExecution {
    requireNonNull(id, "id");
    requireNonNull(workflowId, "workflowId");
    requireNonNull(state, "state");
    requireNonNull(context, "context");
    context = context.deepCopy();
    requireNonNull(updatedAt, "updatedAt");
    if (step < 0) {
      throw new IllegalArgumentException("step must not be negative, was " + step);
    }
  }
}
