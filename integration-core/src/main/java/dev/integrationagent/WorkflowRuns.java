package dev.integrationagent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.workflow.Workflow;
import dev.integrationagent.workflow.WorkflowEngine;
import dev.integrationagent.workflow.WorkflowRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's workflows and their runs ({@code agent.workflowRuns()}).
 *
 * <pre>{@code
 * for (WorkflowRun run : agent.workflowRuns().list("triage", 20)) {
 *   System.out.println(run.state() + " " + run.steps());
 * }
 * WorkflowRun trace = agent.workflowRuns().dryRun("triage", event);   // actions recorded, not run
 * }</pre>
 */
public final class WorkflowRuns {
  private final IntegrationAgent agent;
  private final WorkflowEngine engine;

  WorkflowRuns(IntegrationAgent agent, WorkflowEngine engine) {
    this.agent = agent;
    this.engine = engine;
  }

  /** The loaded workflows by id. */
  public Map<String, Workflow> workflows() {
    return engine.workflows();
  }

  /** The runs of one workflow, most recently active first. */
  public List<WorkflowRun> list(String workflowId, int limit) {
    engine.require(workflowId);
    return engine.runs(workflowId, limit);
  }

  /**
   * The runs of one workflow in one state ({@code RUNNING}, {@code WAITING}, {@code SUCCEEDED},
   * {@code FAILED}), most recently active first, among its {@code scan} most recent runs.
   */
  public List<WorkflowRun> list(String workflowId, String state, int scan) {
    if (!List.of("RUNNING", "WAITING", "SUCCEEDED", "FAILED").contains(state)) {
      throw new IllegalArgumentException("a run's state is RUNNING, WAITING, SUCCEEDED or FAILED, not '" + state + "'");
    }
    return list(workflowId, scan).stream().filter(r -> r.state().equals(state)).toList();
  }

  /** The runs of every workflow, most recently active first. */
  public List<WorkflowRun> list(int limit) {
    return engine.runs(null, limit);
  }

  public Optional<WorkflowRun> get(String runId) {
    return engine.run(runId);
  }

  /** Starts a run of a workflow by hand (any trigger kind), its variables starting from {@code input}. */
  public WorkflowRun start(String workflowId, JsonNode input) {
    WorkflowRun run = engine.startManually(workflowId, input);
    agent.deliverOwnConsumers();
    return run;
  }

  /**
   * Delivers what the stream holds to the workflows and runs what is due (schedules, delays,
   * retries, runs a dead agent left), on the calling thread; a started agent does this every
   * second by itself.
   *
   * @return how many events were handled and runs started or resumed
   */
  public int runNow() {
    return agent.runWorkflowsNow();
  }

  /** What the workflow would do for {@code event}, with actions recorded instead of run and nothing stored. */
  public WorkflowRun dryRun(String workflowId, ChangeEvent event) {
    return engine.dryRun(workflowId, event);
  }
}
