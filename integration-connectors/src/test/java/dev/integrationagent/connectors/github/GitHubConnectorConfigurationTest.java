package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.Auth;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubConnectorConfigurationTest {
  private final GitHubFixture f = new GitHubFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void everyProblemOfADefinitionIsListedAndOpeningFails() {
    GitHubConnector.Builder bad = GitHubConnector.builder().baseUrl("ftp://x").repository("just-a-name")
        .webhookSecret(" ");

    assertThat(bad.problems()).containsExactly("baseUrl: not an http(s) URL: 'ftp://x'",
        "repository: not owner/repo: 'just-a-name'", "auth: missing; GitHub needs a token, e.g. Auth.bearer(token)",
        "webhookSecret: blank");
    assertThatThrownBy(() -> bad.open(f.context())).isInstanceOfSatisfying(ConfigurationException.class,
        e -> assertThat(e.problems()).hasSize(4));
  }

  @Test
  void aValidDefinitionHasTheDefaultMappingAndNamesItsSecrets() {
    GitHubConnector.Builder ok = GitHubConnector.builder().repository("acme/app")
        .auth(Auth.bearer("ghp_secret123")).webhookSecret("hook-secret");

    assertThat(ok.problems()).isEmpty();
    assertThat(ok.type()).isEqualTo("github");
    assertThat(ok.mapping()).isPresent();
    assertThat(ok.secrets()).contains("ghp_secret123", "hook-secret");
  }

  @Test
  void requestsAskForTheVersionedGitHubMediaType() {
    f.session().get("1");

    assertThat(f.github.lastRequestHeader("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(f.github.lastRequestHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(f.github.lastRequestHeader("Authorization")).isEqualTo("Bearer " + f.github.token());
  }

  @Test
  void everyMisusedSetterIsListedWithTheRestNamingItsSettingAndNoSecret() {
    String unsetToken = System.getenv("GITHUB_TOKEN_SURELY_UNSET");
    GitHubConnector.Builder bad = GitHubConnector.builder().repository(unsetToken).auth(Auth.bearer(unsetToken))
        .listPageSize(101).markerScanLimit(0).minWriteInterval(java.time.Duration.ofSeconds(-1))
        .webhookSecret(" ");

    assertThat(bad.problems()).containsExactly(
        "auth: token: " + dev.integrationagent.http.SettingProblems.missing(),
        "webhookSecret: blank",
        "repository: " + dev.integrationagent.http.SettingProblems.missing(),
        "listPageSize: must be 1 to 100 but was 101",
        "markerScanLimit: must be at least 1 but was 0",
        "minWriteInterval: must not be negative but was PT-1S");
    assertThatThrownBy(() -> bad.open(f.context())).isInstanceOfSatisfying(ConfigurationException.class,
        e -> assertThat(e.problems()).hasSize(6));
  }

  @Test
  void theConnectorIsFoundThroughServiceLoaderAndOpensFromSettings() {
    Connector github = ServiceLoader.load(ConnectorProvider.class).stream()
        .flatMap(p -> p.get().connectors().stream())
        .filter(c -> c.type().equals("github")).findFirst().orElseThrow();
    f.github.createIssue("via settings", null);
    ConnectionSettings settings = ConnectionSettings.builder().put("baseUrl", f.github.url())
        .put("repository", f.github.repository()).secret("token", f.github.token()).build();

    assertThat(github.validate(settings)).isEmpty();
    assertThat(github.validate(ConnectionSettings.builder().build())).hasSize(2);
    try (ConnectorSession session = github.open(settings, f.context())) {
      assertThat(session.changes(Cursor.START, 10).items()).hasSize(1);
    }
    assertThat(github.capabilities()).isEqualTo(GitHubConnector.CAPABILITIES);
    assertThat(List.of(github.defaultMapping().fields())).isNotEmpty();
  }
}
