package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.events.Watch;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkflowEngineTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector github = InMemoryConnector.builder().name("github").clock(clock).build();
  private final InMemoryConnector jira = InMemoryConnector.builder().name("jira").clock(clock).build();
  private final StateStore store = StateStores.inMemory();

  /** Records each call, and fails as told: a stand-in for a tool the engine knows nothing of. */
  static final class Recorder implements ActionHandler {
    final String type;
    final List<JsonNode> calls = new ArrayList<>();
    final List<Boolean> unknown = new ArrayList<>();
    final List<ErrorCategory> failures = new ArrayList<>();
    boolean die;

    Recorder(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public ActionResult execute(ActionContext ctx, JsonNode params) {
      calls.add(params);
      unknown.add(ctx.outcomeUnknown());
      if (die) {
        die = false;
        throw new Dying();
      }
      if (!failures.isEmpty()) {
        ErrorCategory c = failures.remove(0);
        throw new IntegrationException(c, type + " failed as told (" + c + ")");
      }
      return new ActionResult(JsonNodeFactory.instance.objectNode().put("n", calls.size()), type + " called");
    }
  }

  /** Takes the process down at that point, as a kill would: nothing after it runs. */
  static final class Dying extends Error {
    private static final long serialVersionUID = 1L;
  }

  private final Recorder slack = new Recorder("slack.post");
  private final Recorder flaky = new Recorder("flaky");

  private IntegrationAgent agent(Workflow... workflows) {
    IntegrationAgent.Builder b = IntegrationAgent.builder().clock(clock).stateStore(store)
        .connection("github", github).connection("jira", jira)
        .sync(SyncPlan.between("github", "jira").twoWay().createIn()) // keeps linked items equal, creates nothing
        .watch(Watch.of("github")) // reports changes of the issues the plan leaves alone, from the plan's listing
        .action(slack).action(flaky);
    for (Workflow w : workflows) {
      b.workflow(w);
    }
    return b.build();
  }

  static final String TRIAGE = """
      schemaVersion: 1
      id: triage
      nodes:
        - {id: bug, type: trigger, params: {on: event, event: item.updated, connection: github, labelAdded: bug}}
        - id: create
          type: action
          params:
            action: createItem
            connection: jira
            fields: {title: '{{ .item.title }}', labels: ['bug']}
        - id: link
          type: action
          params: {action: linkItems, plan: github-jira, a: '{{ .event.itemId }}', b: '{{ .steps.create.id }}'}
        - id: notify
          type: action
          params: {action: slack.post, channel: '#triage', text: 'New bug: {{ .item.title }} ({{ .steps.create.key }})'}
      edges:
        - {id: e1, from: {node: bug}, to: {node: create}}
        - {id: e2, from: {node: create}, to: {node: link}}
        - {id: e3, from: {node: link}, to: {node: notify}}
      """;

  @Test
  void aGitHubIssueLabelledBugBecomesALinkedJiraBugAndOneSlackMessageEvenWhenTheEventComesTwice() {
    IntegrationAgent agent = agent(Workflows.fromYaml(TRIAGE));
    String issue = github.add(WorkItem.builder().title("Login <fails> & \"crashes\"").build());
    agent.syncNow("github-jira");
    agent.workflowRuns().runNow();
    assertThat(jira.items()).as("created by nothing: no label yet, and the plan creates nowhere").isEmpty();

    clock.advance(Duration.ofMinutes(1));
    github.edit(issue, i -> i.toBuilder().labels(List.of("bug")).build());
    agent.syncNow("github-jira");
    agent.workflowRuns().runNow();

    assertThat(jira.items()).hasSize(1);
    String bug = jira.items().keySet().iterator().next();
    assertThat(jira.item(bug).orElseThrow().title()).isEqualTo("Login <fails> & \"crashes\"");
    assertThat(store.link("github-jira", dev.integrationagent.api.sync.Side.A, issue)).get()
        .satisfies(l -> assertThat(l.bId()).isEqualTo(bug));
    WorkflowRun run = agent.workflowRuns().list("triage", 10).get(0);
    String key = run.step("create").orElseThrow().output().path("key").asText();
    assertThat(slack.calls).singleElement().satisfies(p -> assertThat(p.path("text").asText())
        .as("the title's markup stays text in Slack's mrkdwn")
        .isEqualTo("New bug: Login &lt;fails&gt; &amp; \"crashes\" (" + key + ")"));
    assertThat(run.state()).isEqualTo("SUCCEEDED");
    assertThat(run.steps()).extracting(WorkflowRun.Step::key, WorkflowRun.Step::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("create", "done"),
            org.assertj.core.groups.Tuple.tuple("link", "done"), org.assertj.core.groups.Tuple.tuple("notify", "done"));

    store.saveConsumerOffset(IntegrationAgent.WORKFLOW_SUBSCRIPTION, 0); // every event delivered again
    agent.workflowRuns().runNow();
    assertThat(jira.items()).as("the run of that event exists: no second").hasSize(1);
    assertThat(slack.calls).hasSize(1);
    assertThat(agent.workflowRuns().list("triage", 10)).hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    github.edit(issue, i -> i.toBuilder().title("Login fails on Safari").labels(List.of("bug")).build());
    agent.syncNow("github-jira");
    assertThat(jira.item(bug).orElseThrow().title()).as("the plan keeps the linked pair equal").isEqualTo(
        "Login fails on Safari");
    agent.workflowRuns().runNow();
    assertThat(jira.items()).as("a later edit adds no label: no run").hasSize(1);
    agent.close();
  }

  static final String TWO_STEPS = """
      schemaVersion: 1
      id: two-steps
      nodes:
        - {id: start, type: trigger, params: {on: manual}}
        - {id: create, type: action, params: {action: createItem, connection: jira, fields: {title: 'From a run'}}}
        - id: call
          type: action
          params: {action: flaky, value: '{{ .steps.create.id }}'}
          retry: {attempts: 3, backoff: PT10S}
      edges:
        - {id: e1, from: {node: start}, to: {node: create}}
        - {id: e2, from: {node: create}, to: {node: call}}
      """;

  @Test
  void aRunKilledInAStepResumesThereWithoutRepeatingTheStepBefore() {
    IntegrationAgent first = agent(Workflows.fromYaml(TWO_STEPS));
    flaky.die = true;
    assertThatThrownBy(() -> first.workflowRuns().start("two-steps", JsonNodeFactory.instance.objectNode()))
        .isInstanceOf(Dying.class);
    assertThat(jira.items()).hasSize(1);

    IntegrationAgent second = agent(Workflows.fromYaml(TWO_STEPS));
    second.workflowRuns().runNow();
    assertThat(flaky.calls).as("the dead agent's claim on the run still holds").hasSize(1);
    clock.advance(WorkflowEngine.CLAIM);
    second.workflowRuns().runNow();

    assertThat(jira.items()).as("the create was recorded done: not run again").hasSize(1);
    assertThat(flaky.calls).hasSize(2);
    assertThat(flaky.unknown).containsExactly(false, true);
    assertThat(second.workflowRuns().list("two-steps", 1).get(0).state()).isEqualTo("SUCCEEDED");
    second.close();
  }

  @Test
  void aRetryableFailureWaitsOutItsBackoffDurablyAndThenSucceeds() {
    IntegrationAgent agent = agent(Workflows.fromYaml(TWO_STEPS));
    flaky.failures.addAll(List.of(ErrorCategory.TRANSIENT, ErrorCategory.RATE_LIMITED));
    WorkflowRun run = agent.workflowRuns().start("two-steps", JsonNodeFactory.instance.objectNode());
    assertThat(run.state()).isEqualTo("WAITING");
    assertThat(run.nextRunAt()).isEqualTo(clock.instant().plusSeconds(10));

    clock.advance(Duration.ofSeconds(10));
    agent.workflowRuns().runNow();
    assertThat(agent.workflowRuns().get(run.id()).orElseThrow().nextRunAt()).as("backoff doubles")
        .isEqualTo(clock.instant().plusSeconds(20));
    clock.advance(Duration.ofSeconds(20));
    agent.workflowRuns().runNow();

    WorkflowRun done = agent.workflowRuns().get(run.id()).orElseThrow();
    assertThat(done.state()).isEqualTo("SUCCEEDED");
    assertThat(done.step("call").orElseThrow().attempt()).isEqualTo(3);
    assertThat(jira.items()).hasSize(1);
    agent.close();
  }

  static String onError(String mode) {
    return """
        schemaVersion: 1
        id: on-error
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: call, type: action, params: {action: flaky}, onError: MODE}
          - {id: after, type: action, params: {action: slack.post, channel: '#ops', text: 'after'}}
          - {id: handler, type: action, params: {action: slack.post, channel: '#ops', text: 'failed: {{ .steps.call.error }}'}}
        edges:
          - {id: e1, from: {node: start}, to: {node: call}}
          - {id: e2, from: {node: call}, to: {node: after}}
          - {id: e3, from: {node: FROM, port: PORT}, to: {node: handler}}
        """.replace("MODE", mode).replace("FROM", mode.equals("port") ? "call" : "after")
        .replace("PORT", mode.equals("port") ? "error" : "out");
  }

  @Test
  void eachOnErrorModeDoesWhatItSays() {
    for (String mode : List.of("stop", "continue", "port")) {
      slack.calls.clear();
      flaky.failures.add(ErrorCategory.VALIDATION);
      StateStore fresh = StateStores.inMemory();
      IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(fresh).connection("jira", jira)
          .action(slack).action(flaky).workflow(Workflows.fromYaml(onError(mode))).build();
      WorkflowRun run = agent.workflowRuns().start("on-error", JsonNodeFactory.instance.objectNode());
      List<String> texts = slack.calls.stream().map(p -> p.path("text").asText()).toList();
      switch (mode) {
        case "stop" -> {
          assertThat(run.state()).isEqualTo("FAILED");
          assertThat(agent.workflowRuns().list("on-error", "FAILED", 10)).extracting(WorkflowRun::id)
              .containsExactly(run.id());
          assertThat(agent.workflowRuns().list("on-error", "SUCCEEDED", 10)).isEmpty();
          assertThat(texts).isEmpty();
          assertThat(fresh.events(0, 100)).extracting(ChangeEvent::type).contains(EventTypes.WORKFLOW_FAILED);
        }
        case "continue" -> {
          assertThat(run.state()).isEqualTo("SUCCEEDED");
          assertThat(texts).containsExactly("after", "failed: flaky failed as told (VALIDATION)");
        }
        default -> {
          assertThat(run.state()).isEqualTo("SUCCEEDED");
          assertThat(texts).as("the error port, not the out port").containsExactly(
              "failed: flaky failed as told (VALIDATION)");
        }
      }
      assertThat(run.step("call").orElseThrow().category()).isEqualTo("VALIDATION");
      agent.close();
    }
  }

  @Test
  void aConditionTakesEachOfItsPorts() {
    String doc = """
        schemaVersion: 1
        id: route
        settings: {variables: {priority: low}}
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: urgent, type: condition, params: {if: '.vars.priority == "high"'}}
          - {id: page, type: action, params: {action: slack.post, channel: '#oncall', text: page}}
          - {id: queue, type: action, params: {action: slack.post, channel: '#queue', text: queue}}
        edges:
          - {id: e1, from: {node: start}, to: {node: urgent}}
          - {id: e2, from: {node: urgent, port: 'true'}, to: {node: page}}
          - {id: e3, from: {node: urgent, port: 'false'}, to: {node: queue}}
        """;
    IntegrationAgent agent = agent(Workflows.fromYaml(doc));
    agent.workflowRuns().start("route", JsonNodeFactory.instance.objectNode().put("priority", "high"));
    agent.workflowRuns().start("route", JsonNodeFactory.instance.objectNode());
    assertThat(slack.calls).extracting(p -> p.path("channel").asText()).containsExactly("#oncall", "#queue");
    agent.close();
  }

  @Test
  void aDelayOutlivesARestart() {
    String doc = """
        schemaVersion: 1
        id: later
        nodes:
          - {id: start, type: trigger, params: {on: manual}}
          - {id: wait, type: delay, params: {for: PT1H}}
          - {id: remind, type: action, params: {action: slack.post, channel: '#team', text: reminder}}
        edges:
          - {id: e1, from: {node: start}, to: {node: wait}}
          - {id: e2, from: {node: wait}, to: {node: remind}}
        """;
    IntegrationAgent first = agent(Workflows.fromYaml(doc));
    WorkflowRun run = first.workflowRuns().start("later", JsonNodeFactory.instance.objectNode());
    assertThat(run.state()).isEqualTo("WAITING");
    first.close();

    IntegrationAgent second = agent(Workflows.fromYaml(doc));
    clock.advance(Duration.ofMinutes(59));
    second.workflowRuns().runNow();
    assertThat(slack.calls).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    second.workflowRuns().runNow();
    assertThat(slack.calls).hasSize(1);
    assertThat(second.workflowRuns().get(run.id()).orElseThrow().state()).isEqualTo("SUCCEEDED");
    second.close();
  }

  @Test
  void aCronScheduleKeepsItsLocalTimeAcrossADaylightSavingChange() {
    String doc = """
        schemaVersion: 1
        id: standup
        nodes:
          - {id: nine, type: trigger, params: {on: cron, cron: '0 9 * * *', timeZone: Europe/Berlin}}
          - {id: post, type: action, params: {action: slack.post, channel: '#team', text: 'standup {{ .vars.scheduledAt }}'}}
        edges:
          - {id: e1, from: {node: nine}, to: {node: post}}
        """;
    clock.set(Instant.parse("2026-03-28T07:30:00Z")); // 08:30 in Berlin, winter time
    IntegrationAgent agent = agent(Workflows.fromYaml(doc));
    agent.workflowRuns().runNow();
    clock.set(Instant.parse("2026-03-28T08:00:30Z")); // 09:00:30 CET
    agent.workflowRuns().runNow();
    agent.workflowRuns().runNow();
    clock.set(Instant.parse("2026-03-29T06:59:00Z")); // 08:59 CEST: the clocks went forward overnight
    agent.workflowRuns().runNow();
    clock.set(Instant.parse("2026-03-29T07:00:10Z")); // 09:00:10 CEST
    agent.workflowRuns().runNow();

    assertThat(slack.calls).extracting(p -> p.path("text").asText())
        .containsExactly("standup 2026-03-28T08:00:00Z", "standup 2026-03-29T07:00:00Z");
    agent.close();
  }

  @Test
  void twoWorkflowsThatTriggerEachOtherThroughTheirToolsStopAtTheDepthLimit() {
    String bounce = """
        schemaVersion: 1
        id: ID
        nodes:
          - {id: changed, type: trigger, params: {on: event, event: item.updated, connection: FROM}}
          - id: copy
            type: action
            params: {action: updateFields, connection: TO, item: '{{ .vars.target }}', fields: {title: '{{ .item.title }}!'}}
        edges:
          - {id: e1, from: {node: changed}, to: {node: copy}}
        settings: {variables: {target: TARGET}}
        """;
    String a = github.add(WorkItem.builder().title("Ping").build());
    String b = jira.add(WorkItem.builder().title("Pong").build());
    IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("github", github)
        .connection("jira", jira).watch(Watch.of("github")).watch(Watch.of("jira"))
        .workflow(Workflows.fromYaml(bounce.replace("ID", "g2j").replace("FROM", "github").replace("TO", "jira")
            .replace("TARGET", b)))
        .workflow(Workflows.fromYaml(bounce.replace("ID", "j2g").replace("FROM", "jira").replace("TO", "github")
            .replace("TARGET", a))).build();
    agent.watchNow("github");
    agent.watchNow("jira");
    clock.advance(Duration.ofSeconds(1));
    github.edit(a, i -> i.toBuilder().title("Ping, edited").build());
    for (int round = 0; round < 20; round++) {
      agent.watchNow("github");
      agent.watchNow("jira");
      agent.workflowRuns().runNow();
      clock.advance(Duration.ofSeconds(1));
    }

    int runs = agent.workflowRuns().list(100).size();
    assertThat(runs).as("runs before the chain reached the limit: each run and each tool's echo is a link").isEqualTo(3);
    assertThat(store.events(0, 10_000)).filteredOn(e -> e.type().equals(EventTypes.WORKFLOW_STOPPED))
        .singleElement().satisfies(e -> assertThat(e.attributes().get("reason")).contains("maxChainDepth of 5"));
    agent.close();
  }

  @Test
  void aDryRunTracesEveryStepAndWritesNothing() {
    IntegrationAgent agent = agent(Workflows.fromYaml(TRIAGE));
    ChangeEvent labelled = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, clock.instant())
        .connection("github").item("7").snapshot(JsonNodeFactory.instance.objectNode().put("title", "Crash"))
        .changes(java.util.Map.of("labels", new dev.integrationagent.api.event.FieldChange(
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.arrayNode().add("bug")))).build();

    WorkflowRun trace = agent.workflowRuns().dryRun("triage", labelled);

    assertThat(trace.steps()).extracting(WorkflowRun.Step::key).containsExactly("create", "link", "notify");
    assertThat(trace.step("create").orElseThrow().input().path("fields").path("title").asText()).isEqualTo("Crash");
    assertThat(jira.items()).isEmpty();
    assertThat(slack.calls).isEmpty();
    assertThat(agent.workflowRuns().list(10)).isEmpty();
    agent.close();
  }

  @Test
  void unknownActionTypesAndConnectionsAreRefusedAtBuildByPath() {
    Workflow w = Workflows.fromYaml(TRIAGE.replace("action: slack.post", "action: teams.post")
        .replace("connection: jira", "connection: jiraa"));
    assertThatThrownBy(() -> IntegrationAgent.builder().clock(clock).stateStore(store).connection("github", github)
        .connection("jira", jira).workflow(w).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("workflows.triage $.nodes[3].params.action: unknown action type 'teams.post'")
        .hasMessageContaining("workflows.triage $.nodes[1].params.connection: no connection 'jiraa'");
    Workflow missing = Workflows.fromYaml(TRIAGE.replace("a: '{{ .event.itemId }}', ", ""));
    assertThatThrownBy(() -> agent(missing)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("workflows.triage $.nodes[2].params: a: required");
  }

  @Test
  void aWorkflowOverItsRateCapIsStoppedAndSaysWhy() {
    String capped = TWO_STEPS.replace("id: two-steps", "id: capped\nsettings: {maxRunsPerMinute: 2}")
        .replace("{on: manual}", "{on: host, event: billing.invoice-paid}");
    IntegrationAgent agent = agent(Workflows.fromYaml(capped));
    AtomicInteger n = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      agent.publish(ChangeEvent.builder("billing.invoice-paid", ChangeEvent.Origin.HOST, clock.instant())
          .item("INV-" + n.incrementAndGet()).build());
    }
    agent.workflowRuns().runNow();
    assertThat(agent.workflowRuns().list("capped", 10)).hasSize(2);
    assertThat(store.events(0, 1000)).filteredOn(e -> e.type().equals(EventTypes.WORKFLOW_STOPPED))
        .singleElement().satisfies(e -> assertThat(e.attributes().get("reason")).contains("maxRunsPerMinute"));
    agent.close();
  }
}
