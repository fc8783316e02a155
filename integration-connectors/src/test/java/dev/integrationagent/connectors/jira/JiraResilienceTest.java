package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.http.HttpException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraResilienceTest {
  private final JiraFixture fixture = new JiraFixture();
  private final ConnectorSession session = fixture.open();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static JsonNode json(String text) {
    try {
      return JiraFixture.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertCategory(Runnable call, ErrorCategory category) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class,
        e -> assertThat(e.category()).as(e.getMessage()).isEqualTo(category));
  }

  @Test
  void a429WaitsForItsRetryAfterAndThenSucceeds() {
    String id = fixture.jira.createIssue("throttled");
    fixture.jira.rateLimit(1, Duration.ofSeconds(20));
    session.get(id);

    assertThat(session.get(id)).isPresent();

    assertThat(fixture.waits).isNotEmpty();
    assertThat(fixture.waits.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofSeconds(19));
    assertThat(fixture.jira.requestCount("GET /rest/api/3/issue/{issueIdOrKey}")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aLowAnnouncedBudgetIsSpreadOverTheWindowInsteadOfRunningInto429s() {
    String id = fixture.jira.createIssue("budget");
    fixture.jira.rateLimit(10, Duration.ofSeconds(30));

    for (int i = 0; i < 25; i++) {
      assertThat(session.get(id)).isPresent();
    }

    assertThat(fixture.waits).isNotEmpty();
    assertThat(fixture.jira.rateLimitedCount()).isLessThanOrEqualTo(2);
  }

  @Test
  void aRetryAfterLongerThanTheLimitFailsAsRateLimitedWithoutWaiting() {
    String id = fixture.jira.createIssue("throttled");
    fixture.jira.rateLimit(0, Duration.ofMinutes(10));

    assertCategory(() -> session.get(id), ErrorCategory.RATE_LIMITED);
    assertThat(fixture.waits.stream().reduce(Duration.ZERO, Duration::plus)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void a503WithRetryAfterIsRetried() {
    String id = fixture.jira.createIssue("flaky");
    fixture.jira.failNext(2, 503);

    assertThat(session.get(id)).isPresent();
    assertThat(fixture.waits).hasSize(2).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(1)));
  }

  @Test
  void theSearchIsRetriedAfterADroppedConnectionBecauseItOnlyReads() {
    fixture.jira.createIssue("one");
    session.health();
    session.changes(Cursor.START, 10);
    fixture.jira.dropNext(1);

    assertThat(session.changes(Cursor.START, 10).items()).hasSize(1);
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundByItsMarkerAndNotRepeated() {
    fixture.jira.loseNextResponses(1);
    JsonNode fields = json("{\"fields\":{\"summary\":\"Exactly once\"}}");

    assertThatThrownBy(() -> session.create(fields, "ia:plan-1:42"))
        .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT));

    assertThat(fixture.jira.issueCount()).as("the POST was not replayed").isEqualTo(1);
    ExternalItem found = session.findByMarker("ia:plan-1:42").orElseThrow();
    assertThat(found.data().path("fields").path("summary").asText()).isEqualTo("Exactly once");
    assertThat(session.findByMarker("ia:plan-1:43")).isEmpty();
    assertThat(session.get(found.id()).orElseThrow().data().path("properties").path("integration-agent-marker")
        .path("marker").asText()).as("the marker travels with the item").isEqualTo("ia:plan-1:42");
  }

  @Test
  void markersAreFoundByScanningRecentIssuesWhenThePropertyIsNotSearchable() {
    fixture.jira.unindexedProperties();
    fixture.jira.createIssue("unmarked");
    ExternalItem marked = session.create(json("{\"fields\":{\"summary\":\"marked\"}}"), "ia:p:\"quoted\"");
    fixture.jira.createIssue("unmarked too");

    assertThat(session.findByMarker("ia:p:\"quoted\"")).map(ExternalItem::id).contains(marked.id());
    assertThat(session.findByMarker("ia:p:other")).isEmpty();
    assertThat(fixture.jira.requestCount("POST /rest/api/3/search/jql")).as("one rejected JQL, then scans").isEqualTo(3);
  }

  @Test
  void errorBodiesBecomeCategoriesWithJirasMessages() {
    assertThatThrownBy(() -> session.create(json("{\"fields\":{\"description\":\"no summary\"}}"), null))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.vendorMessages()).contains("summary: You must specify a summary of the issue.");
        });
    assertCategory(() -> session.create(json("{\"fields\":{\"summary\":\"x\",\"labels\":[\"two words\"]}}"), null),
        ErrorCategory.VALIDATION);
    assertCategory(() -> session.create(json("{\"fields\":{\"summary\":\"x\",\"issuetype\":{\"name\":\"Saga\"}}}"), null),
        ErrorCategory.VALIDATION);
    assertCategory(() -> session.update("424242", json("{\"fields\":{\"summary\":\"x\"}}"), null), ErrorCategory.NOT_FOUND);
    assertCategory(() -> session.comments("424242", null), ErrorCategory.NOT_FOUND);
    fixture.jira.failNext(1, 403);
    assertCategory(() -> session.get("1"), ErrorCategory.AUTHORIZATION);
    assertCategory(() -> fixture.openWithBadCredentials().get("1"), ErrorCategory.AUTHENTICATION);
  }

  @Test
  void badCredentialsNeverAppearInTheError() {
    assertThatThrownBy(() -> fixture.openWithBadCredentials().changes(Cursor.START, 5))
        .satisfies(e -> assertThat(e.toString()).doesNotContain("not-the-token"));
  }

  @Test
  void healthIsUpWithPlentyOfBudget() {
    ConnectorHealth health = session.health();

    assertThat(health.status()).isEqualTo(HealthStatus.UP);
    assertThat(health.details()).containsKey("rateLimitRemaining");
  }

  @Test
  void healthIsDegradedWhenTheRateLimitIsNearlySpent() {
    fixture.jira.rateLimit(20, Duration.ofMinutes(1));
    for (int i = 0; i < 18; i++) {
      session.get("1");
    }

    ConnectorHealth health = session.health();

    assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(health.reason()).contains("rate limit").contains("of 20");
  }

  @Test
  void healthIsDegradedWhileJiraRefusesWithA429() {
    fixture.jira.rateLimit(0, Duration.ofMinutes(10));

    assertThat(session.health().status()).isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void healthIsDownWithBadCredentialsOrAFailingSite() {
    ConnectorHealth bad = fixture.openWithBadCredentials().health();
    assertThat(bad.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(bad.reason()).contains("credentials");

    fixture.jira.failNext(10, 500);
    ConnectorHealth failing = session.health();
    assertThat(failing.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(failing.reason()).isNotBlank();
  }
}
