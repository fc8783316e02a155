package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.testkit.FakeJira.PropertyClause;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A marker set on an issue is found however the site answers the {@code issue.property} clause. */
class JiraMarkersTest {
  private final JiraFixture fixture = new JiraFixture();
  private final ConnectorSession session = fixture.open();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static JsonNode fields(String summary) {
    return JiraFixture.JSON.createObjectNode().set("fields", JiraFixture.JSON.createObjectNode().put("summary", summary));
  }

  @ParameterizedTest
  @EnumSource(PropertyClause.class)
  void aMarkedIssueIsFoundWhateverThePropertyClauseAnswers(PropertyClause answer) {
    fixture.jira.propertyClause(answer);
    fixture.jira.createIssue("unmarked");
    ExternalItem marked = session.create(fields("marked"), "ia:p:1");
    fixture.clock.advance(Duration.ofMinutes(1));
    fixture.jira.createIssue("unmarked too");

    assertThat(session.findByMarker("ia:p:1")).map(ExternalItem::id).contains(marked.id());
    assertThat(session.findByMarker("ia:p:2")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(PropertyClause.class)
  void aCreateWhoseAnswerWasLostIsFoundWhateverThePropertyClauseAnswers(PropertyClause answer) {
    fixture.jira.propertyClause(answer);
    fixture.jira.loseNextResponses("POST /rest/api/3/issue", 1);

    assertThatThrownBy(() -> session.create(fields("Exactly once"), "ia:plan-1:42"))
        .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT));
    fixture.clock.advance(Duration.ofMinutes(5));

    ExternalItem found = session.findByMarker("ia:plan-1:42").orElseThrow();
    assertThat(found.data().path("fields").path("summary").asText()).isEqualTo("Exactly once");
  }

  @Test
  void anEmptyAnswerThatAScanContradictsStopsThePropertyQueries() {
    fixture.jira.propertyClause(PropertyClause.EMPTY);
    session.create(fields("marked"), "ia:p:1");
    session.create(fields("marked too"), "ia:p:2");
    int before = fixture.jira.requestCount("POST /rest/api/3/search/jql");

    assertThat(session.findByMarker("ia:p:1")).isPresent();
    assertThat(session.findByMarker("ia:p:2")).isPresent();
    assertThat(fixture.jira.requestCount("POST /rest/api/3/search/jql") - before)
        .as("an empty property query, a scan, then scans only").isEqualTo(3);
  }

  @Test
  void onceThePropertyQueryHasFoundAMarkerItsEmptyAnswersAreTrusted() {
    session.create(fields("marked"), "ia:p:1");
    assertThat(session.findByMarker("ia:p:1")).isPresent();
    int before = fixture.jira.requestCount("POST /rest/api/3/search/jql");

    assertThat(session.findByMarker("ia:p:2")).isEmpty();
    assertThat(fixture.jira.requestCount("POST /rest/api/3/search/jql") - before).as("no scan").isEqualTo(1);
  }
}
