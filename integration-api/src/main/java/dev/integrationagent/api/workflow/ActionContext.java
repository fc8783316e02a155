package dev.integrationagent.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import java.time.Clock;
import javax.annotation.Nullable;

/**
 * What a workflow action sees: the run it belongs to, the event that started it, and the run's
 * variables and earlier results. Parameters arrive rendered: every {@code {{ … }}} placeholder is
 * already replaced, escaped for where it lands.
 */
public interface ActionContext {
  /** The workflow running the action. */
  String workflowId();

  /** The workflow's version the run is pinned to. */
  int workflowVersion();

  /** The execution (run), unique per workflow version and trigger event. */
  String executionId();

  /** The step: the id of the action's node in the workflow document. */
  String stepId();

  /**
   * The same for every attempt of this step of this run, a retry or a resume after a crash
   * included: pass it to the tool (a marker, an idempotency header, message metadata) so that a
   * step whose outcome was lost is found done instead of being done twice.
   */
  default String idempotencyKey() {
    return executionId() + ":" + stepId();
  }

  /** 1 for the first attempt of the step, 2 for its first retry, … */
  int attempt();

  /**
   * Whether the step ran before without a recorded outcome (the process died during it): the
   * action should look for what that attempt did, by {@link #idempotencyKey()}, before acting.
   */
  boolean outcomeUnknown();

  /** The event that started the run, or null for a scheduled or manual start. */
  @Nullable ChangeEvent trigger();

  /** The connection the trigger came from, or null for a scheduled trigger. */
  @Nullable String connectionId();

  /** The triggering item in canonical form, or null when the trigger names none. */
  @Nullable WorkItem item();

  /** The run's variables and earlier results ({@code vars}, {@code steps}), as a JSON object. */
  JsonNode variables();

  Clock clock();
}
