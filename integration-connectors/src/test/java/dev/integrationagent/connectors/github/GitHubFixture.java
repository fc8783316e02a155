package dev.integrationagent.connectors.github;

import dev.integrationagent.Auth;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake GitHub on a fake clock, and connections to it that wait by advancing the clock. */
final class GitHubFixture implements AutoCloseable {
  final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  final FakeGitHub github = FakeGitHub.start(clock);
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final Sleeper sleeper = d -> {
    waits.add(d);
    clock.advance(d);
  };

  ConnectorContext context() {
    return TestConnectorContext.of("github", clock);
  }

  GitHubConnector.Builder builder() {
    return GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
        .auth(Auth.bearer(github.token())).sleeper(sleeper);
  }

  GitHubSession session() {
    return (GitHubSession) builder().open(context());
  }

  Duration waited() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public void close() {
    github.close();
  }
}
