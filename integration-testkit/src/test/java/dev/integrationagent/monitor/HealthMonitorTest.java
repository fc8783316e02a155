package dev.integrationagent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.http.ConnectionPressure;
import dev.integrationagent.http.HttpCallEvent;
import dev.integrationagent.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the health monitor judges a connection from its calls and pressure, and a plan from its passes. */
class HealthMonitorTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final Map<String, ConnectionPressure> pressure = new HashMap<>();
  private final HealthMonitor monitor = new HealthMonitor(HealthMonitor.Settings.defaults(), clock,
      id -> Optional.ofNullable(pressure.get(id)));
  private final ConnectorHealth up = ConnectorHealth.up(Duration.ofMillis(20));

  private void calls(String connection, int count, ErrorCategory category) {
    for (int i = 0; i < count; i++) {
      monitor.onCall(new HttpCallEvent(clock.instant(), connection, "GET", "/issues", category == null ? 200 : 503,
          Duration.ofMillis(5), 1, category, false));
    }
  }

  @Test
  void aConnectionIsDegradedWhenTooManyRecentCallsFailAndUpOnceTheyAreOutOfTheWindow() {
    calls("jira", 6, null);
    calls("jira", 4, ErrorCategory.TRANSIENT);
    ConnectionHealth failing = monitor.connection("jira", up);
    assertThat(failing.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(failing.errorRate()).isEqualTo(0.4);
    assertThat(failing.reason()).contains("4 of 10 calls in the last 5 min failed {TRANSIENT=4}");

    calls("github", 3, ErrorCategory.TRANSIENT);
    assertThat(monitor.connection("github", up).status()).as("too few calls to judge").isEqualTo(HealthStatus.UP);

    clock.advance(Duration.ofMinutes(6));
    assertThat(monitor.connection("jira", up).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void aRefusedCredentialIsDownUntilACallSucceeds() {
    calls("jira", 20, null);
    calls("jira", 1, ErrorCategory.AUTHENTICATION);
    assertThat(monitor.connection("jira", up).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(monitor.connection("jira", up).reason()).contains("refused the credential");

    calls("jira", 1, null);
    assertThat(monitor.connection("jira", up).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void anOpenCircuitIsDownAHalfOpenOneAndANearlySpentBudgetAreDegraded() {
    pressure.put("jira", new ConnectionPressure("OPEN", 100, 1000, null, 0, Duration.ZERO));
    assertThat(monitor.connection("jira", up).status()).isEqualTo(HealthStatus.DOWN);
    pressure.put("jira", new ConnectionPressure("HALF_OPEN", 100, 1000, null, 0, Duration.ZERO));
    assertThat(monitor.connection("jira", up).status()).isEqualTo(HealthStatus.DEGRADED);
    pressure.put("jira", new ConnectionPressure("CLOSED", 20, 1000, clock.instant().plusSeconds(60), 3,
        Duration.ofSeconds(2)));
    ConnectionHealth low = monitor.connection("jira", up);
    assertThat(low.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(low.rateHeadroom()).isEqualTo(0.02);
    assertThat(low.reason()).contains("20 of 1000 calls left");
    pressure.put("jira", new ConnectionPressure("CLOSED", 900, 1000, null, 0, Duration.ZERO));
    assertThat(monitor.connection("jira", up).status()).isEqualTo(HealthStatus.UP);
  }

  private ChangeEvent pass(String type, String run, Instant at) {
    return ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, at).plan("a-b").run(run).build();
  }

  private HealthMonitor.PlanFacts facts(List<ParkedItem> items) {
    return new HealthMonitor.PlanFacts("a-b", List.of("a", "b"), Duration.ofMinutes(5), null, items, 0, null);
  }

  @Test
  void aPlansLagIsTheTimeSinceItsLastCompletedPassBeganOrItsOldestWaitingItemFailed() {
    Instant t0 = clock.instant();
    monitor.onEvent(pass(EventTypes.PASS_STARTED, "r1", t0));
    monitor.onEvent(pass(EventTypes.PASS_FINISHED, "r1", t0.plusSeconds(10)));
    clock.advance(Duration.ofMinutes(2));
    PlanHealth fresh = monitor.plan(facts(List.of()), Map.of());
    assertThat(fresh.status()).isEqualTo(HealthStatus.UP);
    assertThat(fresh.lag()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fresh.lastSuccessAt()).isEqualTo(t0.plusSeconds(10));

    Instant t1 = clock.instant();
    monitor.onEvent(pass(EventTypes.PASS_STARTED, "r2", t1));
    monitor.onEvent(ChangeEvent.builder(EventTypes.ITEM_FAILED, ChangeEvent.Origin.AGENT, t1.plusSeconds(1))
        .plan("a-b").run("r2").connection("b").item("7").attribute("source", "a").build());
    monitor.onEvent(pass(EventTypes.PASS_FAILED, "r2", t1.plusSeconds(2)));
    clock.advance(Duration.ofMinutes(40));
    ParkedItem waiting = new ParkedItem("a-b", "a", "7", ErrorCategory.TRANSIENT, "503", 3, clock.instant(),
        clock.instant().plusSeconds(60));
    PlanHealth behind = monitor.plan(facts(List.of(waiting)), Map.of());
    assertThat(behind.lag()).as("from the pass in which the item first failed").isEqualTo(Duration.ofMinutes(40));
    assertThat(behind.waitingItems()).isEqualTo(1);
    assertThat(behind.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(behind.reason()).contains("1 items wait for their next attempt", "its lag of 40 min is over 30 min");
  }

  @Test
  void aPassThatLostItsConnectionDoesNotCountAsCompletedAndThreeFailuresInARowAreDown() {
    Instant t0 = clock.instant();
    monitor.onEvent(pass(EventTypes.PASS_STARTED, "r1", t0));
    monitor.onEvent(pass(EventTypes.PASS_FINISHED, "r1", t0));
    for (int i = 2; i <= 4; i++) {
      clock.advance(Duration.ofMinutes(5));
      monitor.onEvent(pass(EventTypes.PASS_STARTED, "r" + i, clock.instant()));
      monitor.onEvent(ChangeEvent.builder(EventTypes.CONNECTION_FAILED, ChangeEvent.Origin.AGENT, clock.instant())
          .plan("a-b").run("r" + i).connection("b").attribute("category", "TRANSIENT").build());
      monitor.onEvent(pass(EventTypes.PASS_FAILED, "r" + i, clock.instant()));
    }

    PlanHealth down = monitor.plan(facts(List.of()), Map.of());

    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.consecutiveFailedPasses()).isEqualTo(3);
    assertThat(down.lag()).as("nothing read since the first pass began").isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aNewMonitorReadsTheLastPassesBackFromTheStream() {
    StateStore store = StateStores.inMemory();
    store.appendEvents(List.of(pass(EventTypes.PASS_STARTED, "r1", clock.instant()),
        pass(EventTypes.PASS_FINISHED, "r1", clock.instant().plusSeconds(3))));
    clock.advance(Duration.ofMinutes(1));

    HealthMonitor restarted = new HealthMonitor(HealthMonitor.Settings.defaults(), clock, id -> Optional.empty());
    restarted.catchUp(store);

    PlanHealth health = restarted.plan(facts(List.of()), Map.of());
    assertThat(health.lastSuccessAt()).isEqualTo(Instant.parse("2026-01-05T10:00:03Z"));
    assertThat(health.lag()).isEqualTo(Duration.ofMinutes(1));
  }
}
