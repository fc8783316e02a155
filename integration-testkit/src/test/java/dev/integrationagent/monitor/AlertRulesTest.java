package dev.integrationagent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.Severity;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alerts fire: once when a condition starts, a resolved notice when it clears, not again within
 * the cool-down, each saying what to do.
 */
class AlertRulesTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final List<Alert> sent = new ArrayList<>();

  private IntegrationAgent agent() {
    return IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory()).connection("a", a)
        .connection("b", b).sync(SyncPlan.between("a", "b")).alerts(sent::add).build();
  }

  @Test
  void aRestartedAgentDoesNotPageAgainForAnOpenAlertAndStillSaysWhenItClears() {
    dev.integrationagent.api.store.StateStore store = StateStores.inMemory();
    java.util.function.Supplier<IntegrationAgent> agentOnStore = () -> IntegrationAgent.builder().clock(clock)
        .stateStore(store).connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b"))
        .alerts(sent::add).build();
    IntegrationAgent first = agentOnStore.get();
    a.add(WorkItem.builder().title("Login fails").build());
    b.failNext(1, ErrorCategory.AUTHENTICATION);
    first.syncNow("a-b");
    assertThat(sent).singleElement().satisfies(alert -> assertThat(alert.attributes())
        .containsEntry("rule", "credentials-refused"));
    first.close();

    IntegrationAgent second = agentOnStore.get();
    b.failNext(1, ErrorCategory.AUTHENTICATION);
    second.syncNow("a-b");
    assertThat(sent).as("the restarted agent knows it told already").hasSize(1);

    second.syncNow("a-b");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).attributes()).containsEntry("state", "resolved").containsEntry("rule", "credentials-refused");
    assertThat(store.events(0, 10_000)).extracting(ChangeEvent::type)
        .containsSubsequence(EventTypes.ALERT_RAISED, EventTypes.ALERT_RESOLVED);
    second.close();
  }

  @Test
  void aRefusedCredentialPagesOnceSaysWhatToDoAndIsResolvedByAGoodPass() {
    IntegrationAgent agent = agent();
    a.add(WorkItem.builder().title("Login fails").build());
    b.failNext(2, ErrorCategory.AUTHENTICATION);
    agent.syncNow("a-b");
    agent.syncNow("a-b");

    assertThat(sent).as("two refusals, one page").singleElement().satisfies(alert -> {
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.source()).isEqualTo("connection:b");
      assertThat(alert.message()).contains("renew it, then agent.retryParked(\"a-b\")");
      assertThat(alert.attributes()).containsEntry("state", "open").containsEntry("rule", "credentials-refused");
    });

    agent.syncNow("a-b");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).title()).isEqualTo("resolved: the credential of connection b was refused");
    assertThat(sent.get(1).attributes()).containsEntry("state", "resolved");

    b.failNext(1, ErrorCategory.AUTHENTICATION);
    a.add(WorkItem.builder().title("Another").build());
    agent.syncNow("a-b");
    assertThat(sent).as("back within the cool-down: not paged again").hasSize(2);
    agent.close();
  }

  @Test
  void aConnectionDownLongEnoughIsRaisedAndResolvedWhenUp() {
    AlertRules rules = new AlertRules(List.of(sent::add), AlertRules.Settings.defaults(), clock,
        org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    rules.onEvent(health("b", "DOWN"));
    clock.advance(Duration.ofMinutes(4));
    rules.tick();
    assertThat(sent).as("not yet five minutes").isEmpty();
    clock.advance(Duration.ofMinutes(1));
    rules.tick();
    rules.tick();
    assertThat(sent).singleElement().satisfies(alert -> {
      assertThat(alert.title()).isEqualTo("connection b is down");
      assertThat(alert.message()).contains("DOWN since 2026-01-05T10:00:00Z (503)");
    });
    rules.onEvent(health("b", "UP"));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).severity()).isEqualTo(Severity.INFO);
    assertThat(rules.open()).isEmpty();

    rules.onEvent(health("b", "DOWN"));
    clock.advance(Duration.ofMinutes(5));
    rules.tick();
    assertThat(sent).as("down again within the cool-down: not sent").hasSize(2);
    assertThat(rules.open()).as("and not listed as sent").isEmpty();
  }

  private static ConnectionHealth calls(String id, double errorRate, int recent, java.time.Instant at) {
    return new ConnectionHealth(errorRate > 0.25 ? dev.integrationagent.api.connector.HealthStatus.DEGRADED
        : dev.integrationagent.api.connector.HealthStatus.UP, List.of(), dev.integrationagent.api.connector
        .ConnectorHealth.up(Duration.ZERO), "CLOSED", -1, errorRate, recent, at);
  }

  private static PlanHealth plan(Duration lag, @javax.annotation.Nullable java.time.Instant lastSuccess,
      java.time.Instant at) {
    return new PlanHealth("a-b", dev.integrationagent.api.connector.HealthStatus.UP, List.of(), lastSuccess,
        lastSuccess, 0, lag, Duration.ofMinutes(5), null, 0, 0, 0, null, at);
  }

  @Test
  void theHealthRulesFireOnceWhileTheyHoldResolveAndCoolDown() {
    AlertRules rules = new AlertRules(List.of(sent::add), AlertRules.Settings.defaults(), clock,
        org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    java.time.Instant good = clock.instant();

    rules.onHealth(java.util.Map.of("b", calls("b", 0.8, 20, clock.instant())), java.util.Map.of());
    rules.onHealth(java.util.Map.of("b", calls("b", 0.9, 30, clock.instant())), java.util.Map.of());
    assertThat(sent).singleElement().satisfies(alert -> {
      assertThat(alert.attributes()).containsEntry("rule", "error-rate").containsEntry("state", "open");
      assertThat(alert.message()).contains("80% of the last 20 calls to b failed");
    });
    rules.onHealth(java.util.Map.of("b", calls("b", 0.1, 30, clock.instant())), java.util.Map.of());
    assertThat(sent.get(1).attributes()).containsEntry("rule", "error-rate").containsEntry("state", "resolved");
    rules.onHealth(java.util.Map.of("b", calls("b", 0.9, 30, clock.instant())), java.util.Map.of());
    assertThat(sent).as("failing again within the cool-down: not sent").hasSize(2);

    sent.clear();
    clock.advance(Duration.ofMinutes(14));
    rules.onHealth(java.util.Map.of(), java.util.Map.of("a-b", plan(Duration.ofMinutes(14), good, clock.instant())));
    assertThat(sent).as("14 min without a good pass is under three 5-minute intervals").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    rules.onHealth(java.util.Map.of(), java.util.Map.of("a-b", plan(Duration.ofMinutes(16), good, clock.instant())));
    assertThat(sent).singleElement().satisfies(alert -> {
      assertThat(alert.attributes()).containsEntry("rule", "plan-stalled");
      assertThat(alert.message()).contains("no pass without failures for 3 of its intervals");
    });
    clock.advance(Duration.ofMinutes(50));
    rules.onHealth(java.util.Map.of(), java.util.Map.of("a-b", plan(Duration.ofMinutes(66), good, clock.instant())));
    assertThat(sent).extracting(a -> a.attributes().get("rule")).containsExactly("plan-stalled", "plan-lagging");
    assertThat(sent.get(1).message()).contains("changes may have waited 66 min to be synced by plan a-b");

    rules.onHealth(java.util.Map.of(), java.util.Map.of("a-b", plan(Duration.ZERO, clock.instant(), clock.instant())));
    assertThat(sent).extracting(a -> a.attributes().get("state")).containsExactly("open", "open", "resolved",
        "resolved");
  }

  @Test
  void parkedItemsAndFailingWorkflowsAndPlansCrossTheirThresholds() {
    AlertRules rules = new AlertRules(List.of(sent::add), new AlertRules.Settings(Duration.ofMinutes(5), 3, 2, 2,
        Duration.ofMinutes(10), 0.5, Duration.ofHours(1), 3), clock, org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    rules.onEvent(event(EventTypes.ITEM_PARKED).item("1").build());
    assertThat(sent).isEmpty();
    rules.onEvent(event(EventTypes.ITEM_PARKED).item("2").build());
    assertThat(sent).singleElement().satisfies(alert -> assertThat(alert.message())
        .contains("agent.parked(\"a-b\")").contains("agent.retryParked(\"a-b\")"));
    rules.onEvent(event(EventTypes.ITEM_UNPARKED).item("2").build());
    assertThat(sent).hasSize(2);

    for (int i = 0; i < 2; i++) {
      rules.onEvent(ChangeEvent.builder(EventTypes.WORKFLOW_FAILED, ChangeEvent.Origin.AGENT, clock.instant())
          .attribute("workflow", "triage").attribute("step", "notify").attribute("reason", "channel_not_found").build());
    }
    assertThat(sent.get(2).title()).isEqualTo("workflow triage keeps failing");
    for (int i = 0; i < 3; i++) {
      rules.onEvent(event(EventTypes.PASS_FAILED).attribute("reason", "b: 500").build());
    }
    assertThat(sent.get(3).title()).isEqualTo("plan a-b keeps failing");
    assertThat(rules.open()).containsOnlyKeys("workflow-failing:triage", "plan-failing:a-b");
  }

  private ChangeEvent.Builder event(String type) {
    return ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, clock.instant()).plan("a-b").connection("a");
  }

  private ChangeEvent health(String connection, String status) {
    return ChangeEvent.builder(EventTypes.CONNECTION_HEALTH, ChangeEvent.Origin.AGENT, clock.instant())
        .connection(connection).attribute("status", status).attribute("previous", "UP").attribute("reason", "503")
        .build();
  }
}
