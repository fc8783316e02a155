package dev.integrationagent.connectors.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.HealthStatus;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinearConnectorConfigurationTest {
  private final LinearFixture fixture = new LinearFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void theServiceLoaderFindsTheLinearConnector() {
    assertThat(ServiceLoader.load(ConnectorProvider.class).stream()
        .flatMap(p -> p.get().connectors().stream()).map(Connector::type)).contains("linear");
  }

  @Test
  void missingSettingsAreListedBySetting() {
    assertThat(LinearConnector.builder().problems()).satisfiesExactlyInAnyOrder(
        p -> assertThat(p).startsWith("team: missing"),
        p -> assertThat(p).startsWith("auth: missing"));
    assertThat(LinearConnector.builder().team("not a key").apiKey("k").baseUrl("ftp://x").problems())
        .anySatisfy(p -> assertThat(p).startsWith("team: not a Linear team key"))
        .anySatisfy(p -> assertThat(p).startsWith("baseUrl: not an http(s) URL"));
  }

  @Test
  void plainSettingsOpenAWorkingSessionAndTheKeyStaysSecret() {
    ConnectionSettings settings = ConnectionSettings.builder().put("baseUrl", fixture.linear.url())
        .put("team", fixture.linear.teamKey()).secret("apiKey", fixture.linear.apiKey()).build();
    LinearConnector connector = new LinearConnector();

    assertThat(connector.validate(settings)).isEmpty();
    try (ConnectorSession session = connector.open(settings, fixture.context())) {
      assertThat(session.health().status()).isEqualTo(HealthStatus.UP);
    }
    assertThat(settings.toString()).doesNotContain(fixture.linear.apiKey());
    assertThat(LinearConnector.builder().apiKey(fixture.linear.apiKey()).secrets()).contains(fixture.linear.apiKey());
  }

  @Test
  void withoutAWebhookSecretTheSessionOffersNoWebhookHandler() {
    ConnectorSession session = LinearConnector.builder().baseUrl(fixture.linear.url()).team(fixture.linear.teamKey())
        .apiKey(fixture.linear.apiKey()).open(fixture.context());

    assertThat(session.webhooks()).isEmpty();
  }
}
