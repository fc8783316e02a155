package dev.integrationagent.connectors.linear;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Auth;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeLinear;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Linear on a fake clock, and sessions on it whose waits advance the clock instead of
 * sleeping (every wait is recorded in {@link #waits}).
 */
final class LinearFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WEBHOOK_SECRET = "lin_wh_fixture-signing-secret";

  final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  final FakeLinear linear = FakeLinear.start(clock);
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = d -> {
    waits.add(d);
    clock.advance(d);
  };

  LinearConnector.Builder builder() {
    return LinearConnector.builder()
        .baseUrl(linear.url())
        .team(linear.teamKey())
        .apiKey(linear.apiKey())
        .webhookSecret(WEBHOOK_SECRET)
        .settings(HttpSettings.from(LinearConnector.Builder.defaultSettings())
            .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build());
  }

  ConnectorSession open() {
    return builder().open(context());
  }

  ConnectorSession openWithBadCredentials() {
    return builder().apiKey("lin_api_not-the-key").open(context());
  }

  ConnectorContext context() {
    return TestConnectorContext.builder().connectionId("linear").clock(clock).json(JSON).sleeper(sleeper).build();
  }

  @Override
  public void close() {
    linear.close();
  }
}
