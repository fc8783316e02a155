package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The built-in actions against the in-memory trackers, and what a run's record keeps of a secret. */
class WorkflowActionsTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock)
      .webhookSecret("s3cret-hook-token-42").build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();

  private IntegrationAgent agent(String yaml) {
    return IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").twoWay().createIn()).workflow(Workflows.fromYaml(yaml)).build();
  }

  @Test
  void transitionLinkSyncAndUnlinkActOnTheToolsAndThePlan() {
    String aId = a.add(WorkItem.builder().title("Printer on fire").build());
    String bId = b.add(WorkItem.builder().title("Printer on fire").build());
    IntegrationAgent agent = agent("""
        schemaVersion: 1
        id: chores
        settings: {variables: {a: 'AID', b: 'BID'}}
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: link, type: action, params: {action: linkItems, plan: a-b, a: '{{ .vars.a }}', b: '{{ .vars.b }}'}}
          - {id: close, type: action, params: {action: transitionStatus, connection: a, item: '{{ .vars.a }}', status: Done}}
          - {id: sync, type: action, params: {action: syncItem, plan: a-b, connection: a, item: '{{ .vars.a }}'}}
          - {id: unlink, type: action, params: {action: unlinkItems, plan: a-b, a: '{{ .vars.a }}'}}
        edges:
          - {id: e1, from: {node: start}, to: {node: link}}
          - {id: e2, from: {node: link}, to: {node: close}}
          - {id: e3, from: {node: close}, to: {node: sync}}
          - {id: e4, from: {node: sync}, to: {node: unlink}}
        """.replace("AID", aId).replace("BID", bId));

    WorkflowRun run = agent.workflowRuns().start("chores", JsonNodeFactory.instance.objectNode());

    assertThat(run.state()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(a.item(aId).orElseThrow().status().category()).isEqualTo(StatusCategory.DONE);
    assertThat(b.item(bId).orElseThrow().status()).as("the sync step carried the close over the link")
        .isEqualTo(a.item(aId).orElseThrow().status());
    assertThat(run.step("sync").orElseThrow().output().asText()).contains("1 updated");
    assertThat(store.link("a-b", Side.A, aId)).as("unlinked at the end").isEmpty();
    agent.close();
  }

  @Test
  void aSecretInARenderedParameterIsRedactedInTheRunsRecord() {
    String aId = a.add(WorkItem.builder().title("Rotate s3cret-hook-token-42 today").build());
    IntegrationAgent agent = agent("""
        schemaVersion: 1
        id: leak
        settings: {variables: {item: 'AID'}}
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: note, type: action, params: {action: addComment, connection: a, item: '{{ .vars.item }}', body: 'About: {{ "token s3cret-hook-token-42" }}'}}
        edges:
          - {id: e1, from: {node: start}, to: {node: note}}
        """.replace("AID", aId));

    WorkflowRun run = agent.workflowRuns().start("leak", JsonNodeFactory.instance.objectNode());

    assertThat(run.state()).isEqualTo("SUCCEEDED");
    assertThat(run.step("note").orElseThrow().input().toString()).doesNotContain("s3cret-hook-token-42");
    assertThat(store.execution(run.id()).orElseThrow().context().path("steps").toString())
        .doesNotContain("s3cret-hook-token-42");
    agent.close();
  }

  @Test
  void aScheduleIsDescribedInWords() {
    Workflow cron = Workflows.fromYaml("""
        schemaVersion: 1
        id: standup
        nodes:
          - {id: t, type: trigger, params: {on: cron, cron: '0 9 * * 1-5', timeZone: Europe/Berlin}}
          - {id: d, type: delay, params: {for: PT1S}}
        edges:
          - {id: e1, from: {node: t}, to: {node: d}}
        """);
    assertThat(cron.scheduleDescription()).contains("9:00").contains("Europe/Berlin");
    clock.advance(Duration.ZERO);
  }
}
