package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeRedmine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's statuses are "Open" and "Closed", names Redmine's default workflow lacks: they are
 * written to Redmine by their category (New, Closed), and Redmine's own names flow back to
 * GitHub as open or closed, with no echo and nothing parked.
 */
class GitHubToRedmineStatusTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeRedmine redmine = FakeRedmine.start(clock);

  @AfterEach
  void stop() {
    github.close();
    redmine.close();
  }

  @Test
  void openAndClosedIssuesArriveByCategoryAndRedmineStatusesFlowBack() {
    int open = github.createIssue("Still open", "body");
    int closed = github.createIssue("Already done", "body");
    github.setState(closed, "closed");
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("github", Fakes.github(github))
        .connection("redmine", Fakes.redmine(redmine))
        .sync(SyncPlan.between("github", "redmine").twoWay()).build()) {
      SyncReport first = agent.syncNow("github-redmine");
      clock.advance(Duration.ofMinutes(1));
      SyncReport echo = agent.syncNow("github-redmine");

      assertThat(first.failures()).isEmpty();
      assertThat(agent.parked("github-redmine")).isEmpty();
      assertThat(redmine.issueIds()).hasSize(2);
      assertThat(redmine.issueIds()).extracting(id -> redmine.issue(id).path("status").path("name").asText())
          .containsExactlyInAnyOrder("New", "Closed");
      assertThat(echo.created() + echo.updated()).as(echo.summary()).isZero();

      int rm = redmine.issueIds().stream().filter(id -> redmine.issue(id).path("subject").asText().equals("Still open"))
          .findFirst().orElseThrow();
      redmine.editIssue(rm, i -> i.putObject("status").put("id", 5).put("name", "Closed").put("is_closed", true));
      clock.advance(Duration.ofMinutes(1));
      SyncReport back = agent.syncNow("github-redmine");

      assertThat(back.failures()).isEmpty();
      assertThat(github.issue(open).path("state").asText()).isEqualTo("closed");
    }
  }
}
