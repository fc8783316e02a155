package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentBuilderTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");

  private InMemoryConnector tracker(String name) {
    return InMemoryConnector.builder().name(name).clock(clock).build();
  }

  /** A connection of a tool type that ships no default mapping. */
  private static ConnectionDefinition withoutMapping() {
    return new ConnectionDefinition() {
      @Override
      public String type() {
        return "custom-tool";
      }

      @Override
      public List<String> problems() {
        return List.of("baseUrl: not an http(s) URL: 'ftp://tracker'");
      }

      @Override
      public Optional<Mapping> mapping() {
        return Optional.empty();
      }

      @Override
      public ConnectorSession open(ConnectorContext context) {
        throw new AssertionError("an invalid connection must never be opened");
      }
    };
  }

  @Test
  void everyProblemIsListedAtOnceWithWhereItIs() {
    IntegrationAgent.Builder builder = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", tracker("a"))
        .connection("a", tracker("a again"))
        .connection("custom", withoutMapping())
        .sync(SyncPlan.between("a", "jira"))
        .sync(SyncPlan.between("a", "custom").twoWay().conflicts(ConflictPolicy.sourceWins("github")));

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
          assertThat(e.problems()).containsExactlyInAnyOrder(
              "connections.a: defined more than once; each connection needs its own id",
              "connections.custom: baseUrl: not an http(s) URL: 'ftp://tracker'",
              "connections.custom: no mapping; the custom-tool connection has no default mapping,"
                  + " so give one with .mapping(...)",
              "plans.a-jira: unknown connection 'jira'; known connections: [a, custom]",
              "plans.a-custom: conflicts: sourceWins names 'github', which is not one of the plan's"
                  + " connections [a, custom]");
        })
        .hasMessageContaining("(5 problems)");
  }

  @Test
  void aPlanCannotSyncAConnectionWithItselfOrCreateInItsOneWaySource() {
    IntegrationAgent.Builder builder = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", tracker("a")).connection("b", tracker("b"))
        .sync(SyncPlan.between("a", "a"))
        .sync(SyncPlan.between("a", "b").createIn("a"));

    assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("with itself"))
            .anySatisfy(p -> assertThat(p).contains("createIn names 'a', the source of a one-way plan")));
  }

  @Test
  void duplicatePlanIdsAreRejected() {
    IntegrationAgent.Builder builder = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", tracker("a")).connection("b", tracker("b"))
        .sync(SyncPlan.between("a", "b"))
        .sync(SyncPlan.between("a", "b").twoWay());

    assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly("plans.a-b: defined more than once; give one of them another .id(...)"));
  }

  @Test
  void everyMisuseOfTheAgentAndPlanBuildersIsListedAtBuildNamingItsSetting() {
    String unsetVariable = System.getenv("INTEGRATION_AGENT_TEST_SURELY_UNSET");
    IntegrationAgent.Builder builder = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .agentId(" ")
        .leaseTtl(java.time.Duration.ofSeconds(-1))
        .clock(null)
        .audit(null)
        .connection("a", tracker("a")).connection("b", tracker("b"))
        .sync(SyncPlan.between("a", "b")
            .pageSize(0)
            .every(java.time.Duration.ZERO)
            .retries(0, java.time.Duration.ofMinutes(1))
            .reconcileEvery(java.time.Duration.ofHours(-1))
            .id(unsetVariable));

    assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(
            "agentId: blank",
            "leaseTtl: must be positive but was PT-1S",
            "clock: " + dev.integrationagent.http.SettingProblems.missing(),
            "audit: " + dev.integrationagent.http.SettingProblems.missing(),
            "plans.a-b.pageSize: must be between 1 and 1000 but was 0",
            "plans.a-b.every: must be positive but was PT0S",
            "plans.a-b.retries: maxAttempts must be between 1 and 100 but was 0",
            "plans.a-b.reconcileEvery: must not be negative but was PT-1H",
            "plans.a-b.id: " + dev.integrationagent.http.SettingProblems.missing()));
  }

  @Test
  void aPlanBuiltOnItsOwnReportsEveryMisuseAtBuild() {
    SyncPlan.Builder plan = SyncPlan.between(" ", "b").pageSize(5000).every(java.time.Duration.ofSeconds(-5));

    assertThatThrownBy(plan::build).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly("a: blank", "pageSize: must be between 1 and 1000 but was 5000",
            "every: must be positive but was PT-5S"));
  }

  @Test
  void aValidValueGivenLaterReplacesAMisuse() {
    try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", tracker("a")).connection("b", tracker("b"))
        .sync(SyncPlan.between("a", "b").pageSize(0).pageSize(50)).build()) {
      assertThat(agent.plans().get("a-b").pageSize()).isEqualTo(50);
    }
  }

  @Test
  void syncNowOfAnUnknownPlanNamesTheKnownOnes() {
    try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", tracker("a")).connection("b", tracker("b"))
        .sync(SyncPlan.between("a", "b").id("main")).build()) {
      assertThatThrownBy(() -> agent.syncNow("a-b"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[main]");
    }
  }

  @Test
  void healthReportsEachConnectionAndTheWorst() {
    InMemoryConnector b = tracker("b");
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", tracker("a")).connection("b", b)
        .sync(SyncPlan.between("a", "b")).build()) {
      assertThat(agent.health().status()).isEqualTo(HealthStatus.UP);

      b.failNext(1, ErrorCategory.AUTHENTICATION);
      var report = agent.health();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.connections().get("a").status()).isEqualTo(HealthStatus.UP);
      assertThat(report.connections().get("b").reason()).contains("AUTHENTICATION");
      assertThat(report.checkedAt()).isEqualTo(clock.instant());
    }
  }

  @Test
  void aClosedAgentRefusesWork() {
    IntegrationAgent agent = IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .connection("a", tracker("a")).connection("b", tracker("b"))
        .sync(SyncPlan.between("a", "b")).build();
    agent.close();
    agent.close();

    assertThatThrownBy(() -> agent.syncNow("a-b")).isInstanceOf(IllegalStateException.class);
  }
}
