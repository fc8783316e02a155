package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.testkit.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** forEach, setVariable, a when guard, a timeout, and a node version this agent does not know. */
class WorkflowNodesTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final List<String> said = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  private final ActionHandler say = new ActionHandler() {
    @Override
    public String type() {
      return "say";
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      said.add(params.path("text").asText());
      return ActionResult.done("said");
    }
  };

  private final ActionHandler hang = new ActionHandler() {
    @Override
    public String type() {
      return "hang";
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ActionResult.done("never");
    }
  };

  private WorkflowRun run(String yaml, JsonNode input) {
    IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .action(say).action(hang).workflow(Workflows.fromYaml(yaml)).build();
    WorkflowRun run = agent.workflowRuns().start(Workflows.fromYaml(yaml).id(), input);
    agent.close();
    return run;
  }

  @Test
  void forEachRunsItsBranchPerElementThenGoesOnAndVariablesAndGuardsApply() {
    WorkflowRun run = run("""
        schemaVersion: 1
        id: loop
        settings: {variables: {labels: [], total: 0}}
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: count, type: setVariable, params: {name: total, value: 'size(.vars.labels)'}}
          - {id: each, type: forEach, params: {list: '.vars.labels'}}
          - {id: one, type: action, params: {action: say, text: '{{ .loop.index }}: {{ .loop.item }}'}, when: '.loop.item != "skip"'}
          - {id: after, type: action, params: {action: say, text: 'done with {{ .vars.total }}'}}
        edges:
          - {id: e1, from: {node: start}, to: {node: count}}
          - {id: e2, from: {node: count}, to: {node: each}}
          - {id: e3, from: {node: each, port: each}, to: {node: one}}
          - {id: e4, from: {node: each, port: done}, to: {node: after}}
        """, JsonNodeFactory.instance.objectNode().set("labels",
        JsonNodeFactory.instance.arrayNode().add("bug").add("skip").add("ui")));

    assertThat(run.state()).isEqualTo("SUCCEEDED");
    assertThat(said).containsExactly("0: bug", "2: ui", "done with 3");
    assertThat(run.steps()).extracting(WorkflowRun.Step::key, WorkflowRun.Step::status).contains(
        org.assertj.core.groups.Tuple.tuple("one[1]", "skipped"), org.assertj.core.groups.Tuple.tuple("one[2]", "done"));
  }

  @Test
  void anActionOverItsTimeoutFailsWithItsOutcomeUnknown() {
    WorkflowRun run = run("""
        schemaVersion: 1
        id: slow
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: wait, type: action, params: {action: hang}, timeout: PT0.2S}
        edges:
          - {id: e1, from: {node: start}, to: {node: wait}}
        """, JsonNodeFactory.instance.objectNode());

    assertThat(run.state()).isEqualTo("FAILED");
    assertThat(run.step("wait").orElseThrow().error()).contains("did not finish within PT0.2S")
        .contains("outcome is unknown");
    never.countDown();
  }

  @Test
  void aNodeVersionThisAgentDoesNotKnowIsRefused() {
    assertThatThrownBy(() -> Workflows.fromYaml("""
        schemaVersion: 1
        id: future
        nodes:
          - {id: start, type: trigger, typeVersion: 2, params: {on: manual}}
        edges: []
        """)).hasMessageContaining("$.nodes[0].typeVersion: this agent knows version 1 of the trigger node, not 2");
  }
}
