package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.Auth;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.HealthStatus;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JiraConnectorTest {

  @Test
  void aBuilderWithoutSettingsListsEveryProblem() {
    assertThat(JiraConnector.builder().problems()).satisfiesExactly(
        p -> assertThat(p).startsWith("baseUrl: missing"),
        p -> assertThat(p).startsWith("project: missing"),
        p -> assertThat(p).startsWith("auth: missing"));
  }

  @Test
  void badValuesAreQuotedInTheProblems() {
    JiraConnector.Builder builder = JiraConnector.builder().baseUrl("ftp://acme").project("app-1")
        .auth(Auth.basic("a@b.c", "secret-token"));

    assertThat(builder.problems()).containsExactly(
        "baseUrl: not an http(s) URL: 'ftp://acme'",
        "project: not a Jira project key (upper-case letters, digits, '_'): 'app-1'");
    try (JiraFixture fixture = new JiraFixture()) {
      assertThatThrownBy(() -> builder.open(fixture.context())).isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void everyMisusedSetterIsListedWithTheRestNamingItsSettingAndNoSecret() {
    String unsetToken = System.getenv("JIRA_TOKEN_SURELY_UNSET");
    JiraConnector.Builder builder = JiraConnector.builder().baseUrl("https://acme.atlassian.net").project("APP")
        .auth(Auth.basic("bot@acme.com", unsetToken))
        .issueType(null)
        .webhookSecret("")
        .searchOverlap(java.time.Duration.ofHours(3))
        .markerLookback(java.time.Duration.ZERO);

    assertThat(builder.problems()).containsExactly(
        "auth: password: " + dev.integrationagent.http.SettingProblems.missing(),
        "issueType: " + dev.integrationagent.http.SettingProblems.missing(),
        "webhookSecret: empty; leave the call out to accept unsigned deliveries",
        "searchOverlap: must be between 0 and PT1H but was PT3H",
        "markerLookback: must be positive but was PT0S");
    assertThatThrownBy(() -> dev.integrationagent.IntegrationAgent.builder()
        .stateStore(dev.integrationagent.StateStores.inMemory()).connection("jira", builder).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(5));
  }

  @Test
  void secretsIncludeTheTokenAndTheWebhookSecret() {
    JiraConnector.Builder builder = JiraConnector.builder().auth(Auth.basic("a@b.c", "secret-token"))
        .webhookSecret("hook-secret");

    assertThat(builder.secrets()).contains("secret-token", "hook-secret");
    assertThat(builder.type()).isEqualTo("jira");
    assertThat(builder.mapping()).isPresent();
  }

  @Test
  void theServiceLoaderFindsTheJiraConnector() {
    assertThat(ServiceLoader.load(ConnectorProvider.class).stream()
        .flatMap(p -> p.get().connectors().stream())
        .map(Connector::type))
        .contains("jira");
  }

  @Test
  void theConnectorOpensASessionFromPlainSettings() {
    try (JiraFixture fixture = new JiraFixture()) {
      Connector connector = new JiraConnector();
      ConnectionSettings settings = ConnectionSettings.builder()
          .put("baseUrl", fixture.jira.url())
          .put("project", fixture.jira.projectKey())
          .put("email", fixture.jira.email())
          .secret("apiToken", fixture.jira.apiToken())
          .build();

      assertThat(connector.validate(settings)).isEmpty();
      try (ConnectorSession session = connector.open(settings, fixture.context())) {
        assertThat(session.health().status()).isEqualTo(HealthStatus.UP);
      }
    }
  }

  @Test
  void anOAuthBearerTokenAuthenticatesToo() {
    try (JiraFixture fixture = new JiraFixture()) {
      ConnectorSession session = fixture.builder().auth(Auth.bearer(fixture.jira.accessToken())).open(fixture.context());

      assertThat(session.health().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void anEmptyWebhookSecretSettingIsAProblemNotAnException() {
    ConnectionSettings settings = ConnectionSettings.builder()
        .put("baseUrl", "https://acme.atlassian.net").put("project", "APP").put("email", "a@b.c")
        .secret("apiToken", "t").secret("webhookSecret", "").build();

    assertThat(new JiraConnector().validate(settings)).singleElement().asString().startsWith("webhookSecret: empty");
  }

  @Test
  void settingsWithHalfOfBasicAuthenticationAreRejected() {
    ConnectionSettings settings = ConnectionSettings.builder()
        .put("baseUrl", "https://acme.atlassian.net").put("project", "APP").put("email", "a@b.c").build();

    assertThat(new JiraConnector().validate(settings)).containsExactly("email/apiToken: both are needed for basic authentication");
  }
}
