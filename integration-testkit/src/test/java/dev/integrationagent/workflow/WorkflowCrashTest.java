package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingStateStore;
import dev.integrationagent.testkit.InMemoryConnector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A process killed at any step boundary of a run (each save of its record, before or after a side
 * effect) leaves a run that the next agent finishes without repeating a completed action: one Jira
 * item, one comment, whatever the moment of the kill.
 */
class WorkflowCrashTest {
  static final String INCIDENT = """
      schemaVersion: 1
      id: incident
      nodes:
        - {id: raised, type: trigger, params: {on: host, event: ops.incident}}
        - {id: open, type: action, params: {action: createItem, connection: jira, fields: {title: 'Incident {{ .event.itemId }}'}}}
        - {id: note, type: action, params: {action: addComment, connection: jira, item: '{{ .steps.open.id }}', body: 'Opened by the incident workflow'}}
        - {id: status, type: action, params: {action: updateFields, connection: jira, item: '{{ .steps.open.id }}', fields: {labels: [incident]}}}
      edges:
        - {id: e1, from: {node: raised}, to: {node: open}}
        - {id: e2, from: {node: open}, to: {node: note}}
        - {id: e3, from: {node: note}, to: {node: status}}
      """;

  /** Dies at its {@code n}th save of a run's record, before the save: as a process killed there. */
  static final class DyingStore extends ForwardingStateStore {
    private final int n;
    int saves;

    DyingStore(StateStore delegate, int n) {
      super(delegate);
      this.n = n;
    }

    @Override
    public void saveExecution(WorkflowExecution execution) {
      if (++saves == n) {
        throw new WorkflowEngineTest.Dying();
      }
      super.saveExecution(execution);
    }
  }

  @Test
  void aKillAtEveryStepBoundaryIsFinishedByTheNextAgentWithoutRepeatingAnAction() {
    List<Integer> crashed = new ArrayList<>();
    for (int i = 1; ; i++) {
      final int n = i;
      FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
      InMemoryConnector jira = InMemoryConnector.builder().name("jira").clock(clock).build();
      StateStore store = StateStores.inMemory();
      DyingStore dying = new DyingStore(store, n);
      IntegrationAgent first = IntegrationAgent.builder().clock(clock).stateStore(dying).connection("jira", jira)
          .workflow(Workflows.fromYaml(INCIDENT)).build();
      first.publish(ChangeEvent.builder("ops.incident", ChangeEvent.Origin.HOST, clock.instant()).item("42").build());
      boolean died;
      try {
        first.workflowRuns().runNow();
        died = false;
      } catch (WorkflowEngineTest.Dying e) {
        died = true;
      }
      if (!died) {
        assertThat(n).as("a run saves its record several times").isGreaterThan(4);
        break;
      }
      crashed.add(n);

      IntegrationAgent second = IntegrationAgent.builder().clock(clock).stateStore(store).connection("jira", jira)
          .workflow(Workflows.fromYaml(INCIDENT)).build();
      second.workflowRuns().runNow();
      clock.advance(WorkflowEngine.CLAIM);
      second.workflowRuns().runNow();

      assertThat(second.workflowRuns().list("incident", 10)).as("kill at save %d", n).singleElement()
          .satisfies(r -> assertThat(r.state()).isEqualTo("SUCCEEDED"));
      assertThat(jira.items()).as("kill at save %d: one item", n).hasSize(1);
      String item = jira.items().keySet().iterator().next();
      assertThat(jira.commentsOf(item)).as("kill at save %d: one comment", n).hasSize(1);
      assertThat(jira.item(item).orElseThrow().labels()).containsExactly("incident");
      second.close();
    }
    assertThat(crashed).as("every save of the run was a kill point").hasSizeGreaterThan(4);
  }

  @Test
  void aRunKeepsTheVersionItStartedWith() {
    FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    InMemoryConnector jira = InMemoryConnector.builder().name("jira").clock(clock).build();
    StateStore store = StateStores.inMemory();
    String v1 = """
        schemaVersion: 1
        id: later
        version: 1
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: wait, type: delay, params: {for: PT1H}}
          - {id: open, type: action, params: {action: createItem, connection: jira, fields: {title: 'from version 1'}}}
        edges:
          - {id: e1, from: {node: start}, to: {node: wait}}
          - {id: e2, from: {node: wait}, to: {node: open}}
        """;
    IntegrationAgent first = IntegrationAgent.builder().clock(clock).stateStore(store).connection("jira", jira)
        .workflow(Workflows.fromYaml(v1)).build();
    first.workflowRuns().start("later", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    first.close();

    IntegrationAgent second = IntegrationAgent.builder().clock(clock).stateStore(store).connection("jira", jira)
        .workflow(Workflows.fromYaml(v1.replace("version: 1", "version: 2").replace("from version 1", "from version 2")))
        .build();
    clock.advance(java.time.Duration.ofHours(1));
    second.workflowRuns().runNow();

    assertThat(jira.items().values()).extracting(i -> i.title()).containsExactly("from version 1");
    assertThat(second.workflowRuns().list("later", 5).get(0).version()).isEqualTo(1);
    second.close();
  }

  @Test
  void aDryRunDoesNotTouchTheStoreAndARedeliveredEventStartsNothingNew() {
    FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    InMemoryConnector jira = InMemoryConnector.builder().name("jira").clock(clock).build();
    StateStore store = StateStores.inMemory();
    IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("jira", jira)
        .workflow(Workflows.fromYaml(INCIDENT)).build();
    ChangeEvent incident = agent.publish(ChangeEvent.builder("ops.incident", ChangeEvent.Origin.HOST, clock.instant())
        .item("7").build());
    agent.workflowRuns().runNow();
    long events = store.lastEventOffset();
    assertThatThrownBy(() -> agent.workflowRuns().list("nope", 1)).hasMessageContaining("unknown workflow 'nope'");
    WorkflowRun trace = agent.workflowRuns().dryRun("incident", incident);
    assertThat(trace.steps()).extracting(WorkflowRun.Step::status).containsOnly("done");
    assertThat(store.lastEventOffset()).isEqualTo(events);
    assertThat(jira.items()).hasSize(1);
    agent.close();
  }
}
