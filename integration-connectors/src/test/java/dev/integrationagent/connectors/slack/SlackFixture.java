package dev.integrationagent.connectors.slack;

import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeSlack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake Slack on a fake clock, and clients of it that wait by advancing the clock. */
final class SlackFixture implements AutoCloseable {
  final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  final FakeSlack slack = FakeSlack.start(clock);
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final Sleeper sleeper = d -> {
    waits.add(d);
    clock.advance(d);
  };

  SlackClient.Builder builder() {
    return SlackClient.builder().baseUrl(slack.apiUrl()).token(slack.token()).clock(clock).sleeper(sleeper);
  }

  SlackClient client() {
    return builder().build();
  }

  @Override
  public void close() {
    slack.close();
  }
}
