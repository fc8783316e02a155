package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.store.TestPostgres;
import dev.integrationagent.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two agents on one PostgreSQL database: each event starts one run across them, a schedule's
 * firing runs once, and a delayed run is taken up by one of them after the delay.
 */
class WorkflowClusterTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private ActionHandler recorder(String agent) {
    return new ActionHandler() {
      @Override
      public String type() {
        return "note";
      }

      @Override
      public ActionResult execute(ActionContext ctx, JsonNode params) {
        calls.add(agent + ":" + params.path("text").asText());
        return ActionResult.done("noted");
      }
    };
  }

  private static final String WORKFLOWS = """
      schemaVersion: 1
      id: ID
      nodes:
        - {id: t, type: trigger, params: TRIGGER}
        - {id: wait, type: delay, params: {for: PT10M}}
        - {id: say, type: action, params: {action: note, text: 'ID {{ .event.itemId }}'}}
      edges:
        - {id: e1, from: {node: t}, to: {node: wait}}
        - {id: e2, from: {node: wait}, to: {node: say}}
      """;

  @Test
  void eventsSchedulesAndDelaysRunOnceAcrossTwoAgents() {
    DataSource db = TestPostgres.freshDatabase("workflows");
    List<IntegrationAgent> agents = new ArrayList<>();
    for (String name : List.of("one", "two")) {
      agents.add(IntegrationAgent.builder().agentId(name).clock(clock).stateStore(StateStores.jdbc(db))
          .action(recorder(name))
          .workflow(Workflows.fromYaml(WORKFLOWS.replace("ID", "paid").replace("TRIGGER",
              "{on: host, event: billing.invoice-paid}")))
          .workflow(Workflows.fromYaml(WORKFLOWS.replace("ID", "hourly").replace("TRIGGER", "{on: interval, every: PT1H}")))
          .build());
    }
    agents.forEach(a -> a.workflowRuns().runNow()); // the schedule starts counting
    for (int i = 1; i <= 5; i++) {
      agents.get(i % 2).publish(ChangeEvent.builder("billing.invoice-paid", ChangeEvent.Origin.HOST, clock.instant())
          .item("INV-" + i).build());
    }
    clock.advance(Duration.ofHours(1));
    agents.forEach(a -> a.workflowRuns().runNow());
    agents.forEach(a -> a.workflowRuns().runNow());
    assertThat(calls).as("every run waits out its delay").isEmpty();

    clock.advance(Duration.ofMinutes(10));
    agents.forEach(a -> a.workflowRuns().runNow());
    agents.forEach(a -> a.workflowRuns().runNow());

    assertThat(calls.stream().map(c -> c.substring(c.indexOf(':') + 1)).sorted().toList())
        .as("five invoices and one hourly firing, each once across the two agents")
        .containsExactly("hourly ", "paid INV-1", "paid INV-2", "paid INV-3", "paid INV-4", "paid INV-5");
    assertThat(agents.get(0).workflowRuns().list(20)).hasSize(6)
        .allSatisfy(r -> assertThat(r.state()).isEqualTo("SUCCEEDED"));
    agents.forEach(IntegrationAgent::close);
  }
}
