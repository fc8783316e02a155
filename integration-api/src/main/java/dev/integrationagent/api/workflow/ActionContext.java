package dev.integrationagent.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.WorkItem;
import java.time.Clock;
import javax.annotation.Nullable;

/** What a workflow action sees: the triggering item and the run's variables. */
public interface ActionContext {
  /** The workflow running the action. */
  String workflowId();

  /** The execution, unique per trigger. Use it as an idempotency key for side effects. */
  String executionId();

  /** The connection the trigger came from, or null for a scheduled trigger. */
  @Nullable String connectionId();

  /** The triggering item in canonical form, or null for a scheduled trigger. */
  @Nullable WorkItem item();

  /** The run's variables and trigger data, as a JSON object. */
  JsonNode variables();

  Clock clock();
}
