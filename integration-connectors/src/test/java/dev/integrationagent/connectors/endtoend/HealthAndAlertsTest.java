package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.HealthReport;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.monitor.MetricNames;
import dev.integrationagent.monitor.MetricsSnapshot;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and alerts driven by the fake GitHub's faults through the real connector: a tool
 * that fails opens its circuit and is DOWN, its plan's items wait and its lag grows, an alert fires
 * once, and everything is UP and resolved once the tool is back.
 */
class HealthAndAlertsTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final StateStore store = StateStores.inMemory();
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store)
      .connection("tracker", tracker).connection("github", Fakes.github(github))
      .sync(SyncPlan.between("tracker", "github").retries(20, Duration.ofMillis(10)))
      .alerts(alerts::add).build();

  @AfterEach
  void close() {
    agent.close();
    github.close();
  }

  @Test
  void aFailingToolIsDownItsPlanLagsOneAlertFiresAndAllIsUpAndResolvedWhenItIsBack() {
    HealthReport first = agent.health();
    assertThat(first.status()).isEqualTo(HealthStatus.UP);
    assertThat(first.plans().get("tracker-github").lastSuccessAt()).as("no pass yet").isNull();
    assertThat(first.plans().get("tracker-github").lag()).isNull();

    tracker.add(WorkItem.builder().title("Login fails").build());
    agent.syncNow("tracker-github");
    HealthReport synced = agent.health();
    assertThat(synced.status()).isEqualTo(HealthStatus.UP);
    assertThat(synced.plans().get("tracker-github").lastSuccessAt()).isEqualTo(clock.instant());
    assertThat(synced.plans().get("tracker-github").lag()).isEqualTo(Duration.ZERO);
    assertThat(synced.connections().get("github").circuitState()).isEqualTo("CLOSED");

    tracker.add(WorkItem.builder().title("Export hangs").build());
    github.failNext(100_000, 503);
    HealthReport down = null;
    for (int pass = 0; pass < 20; pass++) {
      clock.advance(Duration.ofSeconds(2));
      agent.syncNow("tracker-github");
      down = agent.health();
      if ("OPEN".equals(down.connections().get("github").circuitState())) {
        break;
      }
    }
    assertThat(down.connections().get("github").status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.connections().get("github").reason()).contains("circuit breaker is open");
    assertThat(down.connections().get("github").errorRate()).isGreaterThan(0.5);
    assertThat(down.connections().get("tracker").status()).isEqualTo(HealthStatus.UP);
    assertThat(down.plans().get("tracker-github").status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.plans().get("tracker-github").consecutiveFailedPasses()).isPositive();
    assertThat(down.plans().get("tracker-github").reason()).contains("connection github is DOWN");
    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);

    clock.advance(Duration.ofMinutes(6));
    HealthReport later = agent.health();
    assertThat(later.plans().get("tracker-github").lag()).as("the waiting change's age")
        .isGreaterThan(Duration.ofMinutes(6));
    assertThat(opened("connection-down")).as("DOWN for 5 minutes: alerted once").hasSize(1);
    assertThat(opened("connection-down").get(0).message()).contains("connection github has been DOWN");
    agent.health();
    assertThat(opened("connection-down")).as("de-duplicated while open").hasSize(1);

    MetricsSnapshot metrics = agent.metrics().snapshot();
    assertThat(metrics.counter(MetricNames.HTTP_CALLS, "connection", "github", "status", "503")).isPositive();
    assertThat(metrics.counter(MetricNames.HTTP_ERRORS, "connection", "github", "category", "TRANSIENT")).isPositive();
    assertThat(metrics.counter(MetricNames.ITEMS_WRITTEN, "connection", "github")).isEqualTo(1);
    assertThat(metrics.gauge(MetricNames.HTTP_CIRCUIT_STATE, "connection", "github")).hasValue(2.0);
    assertThat(metrics.gauge(MetricNames.PLAN_LAG, "plan", "tracker-github").orElseThrow())
        .isGreaterThan(360.0);

    github.clearFaults();
    clock.advance(Duration.ofMinutes(10)); // the circuit lets a trial call through
    agent.syncNow("tracker-github");
    HealthReport back = agent.health();

    assertThat(back.status()).as(back.summary()).isEqualTo(HealthStatus.UP);
    assertThat(back.plans().get("tracker-github").lag()).isEqualTo(Duration.ZERO);
    assertThat(alerts).filteredOn(a -> "connection-down".equals(a.attributes().get("rule")))
        .extracting(a -> a.attributes().get("state")).containsExactly("open", "resolved");
    assertThat(healthEvents("github")).extracting(e -> e.attributes().get("status"))
        .as("each change of github's health is an event").containsExactly("UP", "DOWN", "UP");
    assertThat(github.issueCount()).isEqualTo(2);
  }

  @Test
  void aRefusedCredentialIsDownAtOnceAndTheAlertSaysWhatToDo() {
    tracker.add(WorkItem.builder().title("Login fails").build());
    github.failNext(3, 401);

    agent.syncNow("tracker-github");
    HealthReport report = agent.health();

    assertThat(report.connections().get("github").status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.connections().get("github").reason()).contains("401 (AUTHENTICATION)", "credentials");
    assertThat(opened("credentials-refused")).singleElement().satisfies(a -> assertThat(a.message())
        .contains("the credential of connection github was refused", "agent.retryParked(\"tracker-github\")"));
  }

  private List<Alert> opened(String rule) {
    return alerts.stream().filter(a -> rule.equals(a.attributes().get("rule")))
        .filter(a -> "open".equals(a.attributes().get("state"))).toList();
  }

  private List<ChangeEvent> healthEvents(String connection) {
    return store.events(0, 100_000).stream().filter(e -> e.type().equals(EventTypes.CONNECTION_HEALTH))
        .filter(e -> connection.equals(e.connectionId())).toList();
  }
}
