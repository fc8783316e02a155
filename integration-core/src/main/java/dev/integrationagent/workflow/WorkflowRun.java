package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One run of one workflow version for one trigger, as recorded step by step
 * ({@code agent.workflowRuns()}).
 *
 * @param id the execution id: derived from (workflow id, version, trigger event id), so a
 *     redelivered event finds its run instead of starting another
 * @param state RUNNING, WAITING (a delay or a retry's backoff), SUCCEEDED or FAILED
 * @param triggerEventId the event that started it, or null for a schedule or a manual start
 * @param steps every step it took, in the order each started
 */
public record WorkflowRun(String id, String workflowId, int version, String state, @Nullable String triggerEventId,
    Instant startedAt, Instant updatedAt, @Nullable Instant nextRunAt, List<Step> steps) {

  /**
   * A step's record.
   *
   * @param key the node id, with the element's index inside a forEach ({@code notify[2]})
   * @param status started (its outcome unknown), done, skipped, failed, retrying or waiting
   * @param input the action's parameters as rendered, secrets redacted
   * @param output what it produced, secrets redacted; for a condition, the port taken
   */
  public record Step(String key, String node, String kind, @Nullable String action, String status, int attempt,
      @Nullable JsonNode input, @Nullable JsonNode output, @Nullable String error, @Nullable String category,
      @Nullable Instant startedAt, @Nullable Instant endedAt) {}

  /** The step of that key, if the run took it. */
  public java.util.Optional<Step> step(String key) {
    return steps.stream().filter(s -> s.key().equals(key)).findFirst();
  }
}
