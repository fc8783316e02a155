package dev.integrationagent.connectors.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Auth;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Jira on a fake clock, and sessions on it whose waits advance the clock instead of
 * sleeping (every wait is recorded in {@link #waits}).
 */
final class JiraFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  final FakeJira jira = FakeJira.start(clock);
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = d -> {
    waits.add(d);
    clock.advance(d);
  };

  JiraConnector.Builder builder() {
    return JiraConnector.builder()
        .baseUrl(jira.url())
        .project(jira.projectKey())
        .auth(Auth.basic(jira.email(), jira.apiToken()))
        .settings(HttpSettings.from(JiraConnector.Builder.defaultSettings())
            .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build());
  }

  ConnectorSession open() {
    return builder().open(context());
  }

  ConnectorSession openWithBadCredentials() {
    return builder().auth(Auth.basic(jira.email(), "not-the-token")).open(context());
  }

  ConnectorContext context() {
    return TestConnectorContext.builder().connectionId("jira").clock(clock).json(JSON).sleeper(sleeper).build();
  }

  @Override
  public void close() {
    jira.close();
  }
}
