package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.Auth;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.HealthStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubRateLimitAndHealthTest {
  private final GitHubFixture f = new GitHubFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aSpentLimitAnswered403WaitsForTheAnnouncedResetAndGoesOn() {
    int number = f.github.createIssue("a", null);
    f.github.rateLimit(5000, 0);
    f.github.rateLimitResetAt(f.clock.instant().plusSeconds(20));
    GitHubSession session = f.session();

    assertThat(session.get(Integer.toString(number))).isPresent();
    assertThat(f.waited()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(21));
    assertThat(f.github.requestCount("GET /repos/{owner}/{repo}/issues/{number}")).isEqualTo(2);
  }

  @Test
  void aSpentLimitAnswered429IsWaitedOutLikeA403() {
    f.github.createIssue("a", null);
    f.github.exhaustedStatus(429);
    f.github.rateLimit(5000, 0);
    f.github.rateLimitResetAt(f.clock.instant().plusSeconds(10));

    assertThat(f.session().changes(Cursor.START, 10).items()).hasSize(1);
    assertThat(f.waited()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
  }

  @Test
  void aResetTooFarAwayFailsAsRateLimitedInsteadOfBlocking() {
    f.github.rateLimit(5000, 0);
    f.github.rateLimitResetAt(f.clock.instant().plus(Duration.ofMinutes(40)));

    assertThatThrownBy(() -> f.session().changes(Cursor.START, 10))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED));
    assertThat(f.waited()).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aSecondaryLimitOnACreateIsWaitedOutWithoutADuplicate() {
    f.github.secondaryRateLimitNext(1, Duration.ofSeconds(7));
    GitHubSession session = f.session();

    session.create(f.context().json().createObjectNode().put("title", "once"), null);

    assertThat(f.github.issueCount()).isEqualTo(1);
    assertThat(f.waits).contains(Duration.ofSeconds(7));
  }

  @Test
  void aSecondaryLimitOnAReadIsRetriedAfterRetryAfter() {
    f.github.createIssue("a", null);
    f.github.secondaryRateLimitNext(1, Duration.ofSeconds(4));

    assertThat(f.session().changes(Cursor.START, 10).items()).hasSize(1);
    assertThat(f.waits).contains(Duration.ofSeconds(4));
  }

  @Test
  void aLowRemainingBudgetSlowsCallsDownRatherThanFailing() {
    for (int i = 0; i < 3; i++) {
      f.github.createIssue("i" + i, null);
    }
    f.github.rateLimit(5000, 3);
    f.github.rateLimitResetAt(f.clock.instant().plusSeconds(30));
    GitHubSession session = f.session();

    for (int i = 1; i <= 3; i++) {
      assertThat(session.get(Integer.toString(i))).isPresent();
    }
    assertThat(session.get("1")).isPresent();
    assertThat(f.waited()).isPositive();
  }

  @Test
  void serverErrorsAreRetried() {
    f.github.createIssue("a", null);
    f.github.failNext(2, 502);

    assertThat(f.session().get("1")).isPresent();
  }

  @Test
  void healthIsUpWithTheBudgetInTheDetailsAndCostsNothing() {
    ConnectorHealth health = f.session().health();

    assertThat(health.status()).isEqualTo(HealthStatus.UP);
    assertThat(health.details()).containsEntry("rateLimit", "5000").containsEntry("rateRemaining", "5000");
    assertThat(f.github.rateLimitRemaining()).isEqualTo(5000);
  }

  @Test
  void healthIsDegradedBelowATenthOfTheLimit() {
    f.github.rateLimit(5000, 499);

    ConnectorHealth health = f.session().health();

    assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(health.reason()).contains("499 of 5000");
  }

  @Test
  void healthIsDownWithTheReasonOnBadCredentialsWithoutTheToken() {
    String token = "ghp_wrongwrongwrong1234";
    ConnectorHealth health = f.builder().auth(Auth.bearer(token)).open(f.context()).health();

    assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.reason()).contains("401", "Bad credentials").doesNotContain(token);
  }

  @Test
  void healthIsDownWhenGitHubKeepsFailing() {
    f.github.failNext(10, 503);

    ConnectorHealth health = f.session().health();

    assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.reason()).contains("503");
  }

  @Test
  void aForbiddenAnswerWithoutRateLimitSignsIsAuthorization() {
    f.github.failNext(1, 403);

    assertThatThrownBy(() -> f.session().get("1")).isInstanceOfSatisfying(IntegrationException.class,
        e -> assertThat(e.category()).isEqualTo(ErrorCategory.AUTHORIZATION));
  }
}
