package dev.integrationagent.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.HealthReport;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped connectors, found through their META-INF/services entries and named by type. */
class DiscoverShippedConnectorsTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private IntegrationAgent agent;

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
    github.close();
  }

  @Test
  void aGitHubConnectionDefinedBySettingsTalksToGitHub() {
    agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .discoverConnectors()
        .connection("gh", "github", ConnectionSettings.builder()
            .put("baseUrl", github.url())
            .put("repository", github.repository())
            .secret("token", github.token())
            .build())
        .build();

    HealthReport health = agent.health();

    assertThat(health.connections().get("gh").status()).isEqualTo(HealthStatus.UP);
    assertThat(github.lastRequestHeader("Authorization")).isEqualTo("Bearer " + github.token());
  }

  @Test
  void everyShippedTypeIsKnownAndValidatesItsSettings() {
    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(StateStores.inMemory())
        .discoverConnectors()
        .connection("gh", "github", ConnectionSettings.builder().put("repository", "not a repo").build())
        .connection("jira", "jira", ConnectionSettings.builder().put("baseUrl", "https://acme.atlassian.net")
            .put("project", "app").build())
        .connection("redmine", "redmine", ConnectionSettings.builder().put("baseUrl", "https://redmine.example.com")
            .put("project", "app").secret("apiKey", "redmine-key-123").put("markerFieldId", "x").build())
        .connection("linear", "linear", ConnectionSettings.builder().build())
        .connection("youtrack", "youtrack", ConnectionSettings.builder().build())
        .connection("tickets", "jdbc-table", ConnectionSettings.builder().put("url", "postgres://db").build())
        .connection("unset", "github", ConnectionSettings.builder().put("repository", "acme/app")
            .secret("token", System.getenv("GITHUB_TOKEN_SURELY_UNSET")).build())
        .build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).contains(
            "connections.linear: team: missing; give the team key such as 'ENG' (the prefix of its issue identifiers)",
            "connections.linear: auth: missing; give apiKey(personalApiKey) or auth(Auth.bearer(oauthToken))",
            "connections.youtrack: unknown connector type 'youtrack'; known types: [github, jdbc-table, jira, linear,"
                + " redmine]",
            "connections.tickets: url: missing or not a JDBC URL; give e.g. jdbc:postgresql://db:5432/app",
            "connections.tickets: table: missing; give the table to sync, e.g. tickets",
            "connections.gh: repository: not owner/repo: 'not a repo'",
            "connections.jira: project: not a Jira project key (upper-case letters, digits, '_'): 'app'",
            "connections.redmine: markerFieldId: not a custom field id: 'x'",
            "connections.unset: token: " + dev.integrationagent.http.SettingProblems.missing())
            .noneMatch(p -> p.contains("redmine-key-123")));
  }
}
