package dev.integrationagent.connectors.endtoend;

import dev.integrationagent.Auth;
import dev.integrationagent.connectors.github.GitHubConnector;
import dev.integrationagent.connectors.redmine.RedmineConnector;
import dev.integrationagent.connectors.linear.LinearConnector;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeLinear;
import dev.integrationagent.testkit.FakeRedmine;
import java.time.Duration;

/** The real connectors pointed at the test kit's fake servers, as the end-to-end tests use them. */
final class Fakes {
  private Fakes() {}

  /** GitHub at the fake, with no pause between writes (the tests run on a fake clock). */
  static GitHubConnector.Builder github(FakeGitHub github) {
    return GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
        .auth(Auth.bearer(github.token())).minWriteInterval(Duration.ZERO);
  }

  /** Linear at the fake, with its personal API key. */
  static LinearConnector.Builder linear(FakeLinear linear) {
    return LinearConnector.builder().baseUrl(linear.url()).team(linear.teamKey()).apiKey(linear.apiKey());
  }

  static RedmineConnector.Builder redmine(FakeRedmine redmine) {
    return RedmineConnector.builder().baseUrl(redmine.url()).project(FakeRedmine.PROJECT)
        .apiKey(redmine.apiKey()).markerFieldId(redmine.markerFieldId());
  }
}
