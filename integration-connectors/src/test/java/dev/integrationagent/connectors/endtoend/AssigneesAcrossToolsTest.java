package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A GitHub login means nothing to Jira, whose users are account ids: without a users table that
 * joins them, assignees are left out of a plan between the two (before, Jira refused every
 * assigned issue and each was parked). Between connections that name people alike, they sync.
 */
class AssigneesAcrossToolsTest {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);

  @AfterEach
  void close() {
    github.close();
    jira.close();
  }

  @Test
  void anAssignedGitHubIssueReachesJiraUnassignedWithNothingParkedAndNoEcho() {
    int number = github.createIssue("Assigned on GitHub", null);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Fakes.github(github).open(dev.integrationagent.testkit.TestConnectorContext.of("github", clock))
        .update("" + number, json.createObjectNode().set("assignees", json.createArrayNode().add("octocat")), null);
    clock.advance(Duration.ofSeconds(1));
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("github", Fakes.github(github))
        .connection("jira", PairSide.jira(jira))
        .sync(SyncPlan.between("github", "jira").twoWay()).build()) {

      SyncReport first = agent.syncNow("github-jira");

      assertThat(first.failures()).isEmpty();
      assertThat(first.created()).isEqualTo(1);
      assertThat(agent.parked("github-jira")).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      SyncReport second = agent.syncNow("github-jira");
      assertThat(second.failures()).isEmpty();
      assertThat(second.created() + second.updated()).as("no echo").isZero();
      assertThat(github.issue(number).path("assignees").get(0).path("login").asText()).isEqualTo("octocat");
    }
  }

  @Test
  void aUsersTableJoinsGitHubLoginsToCanonicalUsers() throws Exception {
    int number = github.createIssue("Assigned on GitHub", null);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Fakes.github(github).open(dev.integrationagent.testkit.TestConnectorContext.of("github", clock))
        .update("" + number, json.createObjectNode().set("assignees", json.createArrayNode().add("octocat")), null);
    String shipped = new String(getClass().getClassLoader().getResourceAsStream("dev/integrationagent/mappings/github.yaml")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    java.nio.file.Path withUsers = java.nio.file.Files.createTempFile("github-users", ".yaml");
    java.nio.file.Files.writeString(withUsers, shipped + "\nusers:\n  octocat: ada@example.com\n");
    InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("github", Fakes.github(github).mapping(dev.integrationagent.Mappings.fromYaml(withUsers)))
        .connection("tracker", tracker).sync(SyncPlan.between("github", "tracker").twoWay()).build()) {
      assertThat(agent.syncNow("github-tracker").failures()).isEmpty();
    } finally {
      java.nio.file.Files.deleteIfExists(withUsers);
    }

    assertThat(tracker.items().values()).singleElement()
        .satisfies(item -> assertThat(item.assignees()).containsExactly("ada@example.com"));
  }

  @Test
  void connectionsThatNameUsersAlikeSyncAssignees() {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    a.add(WorkItem.builder().title("Assigned").assignees(java.util.List.of("ada@example.com")).build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b").twoWay()).build()) {
      agent.syncNow("a-b");
    }

    assertThat(b.items().values()).singleElement()
        .satisfies(item -> assertThat(item.assignees()).containsExactly("ada@example.com"));
  }
}
