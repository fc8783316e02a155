package dev.integrationagent.connectors.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.workflow.ActionContext;
import java.time.Clock;
import javax.annotation.Nullable;

/** One attempt of one step, as the workflow engine would describe it to an action. */
record TestActionContext(String workflowId, String executionId, String stepId, int attempt,
    boolean outcomeUnknown, Clock clock) implements ActionContext {

  static TestActionContext first(String stepId, Clock clock) {
    return new TestActionContext("triage", "run-7", stepId, 1, false, clock);
  }

  TestActionContext retry() {
    return new TestActionContext(workflowId, executionId, stepId, attempt + 1, false, clock);
  }

  TestActionContext resumedAfterCrash() {
    return new TestActionContext(workflowId, executionId, stepId, attempt, true, clock);
  }

  @Override
  public int workflowVersion() {
    return 1;
  }

  @Override
  public @Nullable ChangeEvent trigger() {
    return null;
  }

  @Override
  public @Nullable String connectionId() {
    return null;
  }

  @Override
  public @Nullable WorkItem item() {
    return null;
  }

  @Override
  public JsonNode variables() {
    return JsonNodeFactory.instance.objectNode();
  }
}
