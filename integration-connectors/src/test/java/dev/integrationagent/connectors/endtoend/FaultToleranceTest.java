package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.Auth;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub into Jira through the real connectors and fake servers while Jira answers 500s, drops
 * connections, allows 12 calls a minute and is slow, and one GitHub issue cannot be mapped: the
 * passes complete, the bad item is parked with its reason, every other issue arrives once, and
 * the calls are paced to the announced budget rather than run into 429s.
 */
class FaultToleranceTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final java.util.concurrent.atomic.AtomicLong sleptMillis = new java.util.concurrent.atomic.AtomicLong();
  private final Sleeper sleeper = d -> {
    sleptMillis.addAndGet(d.toMillis());
    clock.advance(d);
  };
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);

  @AfterEach
  void stop() {
    github.close();
    jira.close();
  }

  @Test
  void faultsDelayButNeitherLoseNorDuplicate() {
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      titles.add("Issue " + i);
      github.createIssue("Issue " + i, "Body of issue " + i);
    }
    github.createIssue(" ", "A title of blanks cannot become a work item");
    try (IntegrationAgent agent = agent(SyncPlan.between("github", "jira").pageSize(10)
        .retries(10, Duration.ofSeconds(30)))) {
      jira.failNext(3, 500);
      jira.dropNext(2);
      jira.rateLimit(12, Duration.ofMinutes(1));
      jira.latency(Duration.ofMillis(5));

      List<SyncReport> reports = new ArrayList<>();
      for (int pass = 0; pass < 30 && jiraSummaries().size() < titles.size(); pass++) {
        reports.add(agent.syncNow("github-jira"));
        clock.advance(Duration.ofMinutes(2));
      }
      reports.add(agent.syncNow("github-jira"));

      assertThat(jiraSummaries()).as("every issue once").containsExactlyInAnyOrderElementsOf(titles);
      List<ParkedItem> parked = agent.parked("github-jira");
      assertThat(parked).singleElement().satisfies(p -> {
        assertThat(p.isParked()).isTrue();
        assertThat(p.category()).isEqualTo(ErrorCategory.VALIDATION);
        assertThat(p.message()).contains("title");
      });
      assertThat(reports.get(reports.size() - 1).created()).isZero();
      assertThat(jira.rateLimitedCount()).as("the limiter spread the writes over Jira's announced budget")
          .isZero();
      assertThat(Duration.ofMillis(sleptMillis.get())).as("waits for budget and backoff, on the fake clock")
          .isGreaterThan(Duration.ofMinutes(1));
    }
  }

  @Test
  void aStormOf429sOnBothSidesDelaysButNeitherLosesNorDuplicates() {
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      titles.add("Issue " + i);
      github.createIssue("Issue " + i, "Body of issue " + i);
    }
    try (IntegrationAgent agent = agent(SyncPlan.between("github", "jira").pageSize(5)
        .retries(20, Duration.ofSeconds(10)))) {
      github.secondaryRateLimitNext(6, Duration.ofSeconds(30)); // 403 + Retry-After, GitHub's secondary limit
      jira.failNext(40, 429);                                     // 429 + Retry-After: 1, 40 in a row

      for (int pass = 0; pass < 40 && jiraSummaries().size() < titles.size(); pass++) {
        agent.syncNow("github-jira");
        clock.advance(Duration.ofMinutes(1));
      }
      SyncReport last = agent.syncNow("github-jira");

      assertThat(jiraSummaries()).as("every issue once").containsExactlyInAnyOrderElementsOf(titles);
      assertThat(agent.parked("github-jira")).as("rate limits are waited out, never parked").isEmpty();
      assertThat(last.created()).isZero();
      assertThat(jira.issueCount()).isEqualTo(titles.size());
      assertThat(Duration.ofMillis(sleptMillis.get())).as("Retry-After honoured, on the fake clock")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }
  }

  /** GitHub into Jira through the real connectors and the fakes, on the fake clock and sleeper. */
  private IntegrationAgent agent(SyncPlan.Builder plan) {
    return IntegrationAgent.builder().clock(clock).sleeper(sleeper).stateStore(StateStores.inMemory())
        .connection("github", Fakes.github(github))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken())))
        .sync(plan)
        .build();
  }

  private List<String> jiraSummaries() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= jira.issueCount() + 5; i++) {
      Optional<com.fasterxml.jackson.databind.JsonNode> issue = jira.issueJson(jira.projectKey() + "-" + i);
      issue.ifPresent(json -> out.add(json.at("/fields/summary").asText()));
    }
    return out;
  }
}
