package dev.integrationagent.connectors.jira;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusTypeIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.whitelist.StatusType;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.connectors.conformance.OpenApiConformance;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.FakeServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the Jira connector sends and every answer {@link FakeJira} gives, checked
 * against Atlassian's OpenAPI description of the Jira Cloud platform REST API v3 (the trimmed
 * copy in {@code openapi/jira}, see its README).
 */
class JiraOpenApiConformanceTest {
  static final String SPEC = "openapi/jira/jira-platform.v3.trimmed.json";
  /** Where Jira's live API and its description disagree, the fake follows the API; each exception says why. */
  static final Map<String, WhitelistRule> DEVIATIONS = Map.of(
      "A 204 has no body (RFC 9110); the description gives some 204 answers an empty JSON schema",
      allOf(messageHasKey("validation.response.body.missing"), responseStatusIs(204)),
      "Jira's rate limiting answers any call with 429 and Retry-After (Atlassian's rate-limiting docs);"
          + " the description lists 429 for a few operations only",
      allOf(messageHasKey("validation.response.status.unknown"), responseStatusIs(429)),
      "The description documents error statuses without a body; Jira sends its ErrorCollection"
          + " (checked by errorAnswersAreJirasErrorCollection) or, for 401, a text line",
      allOf(messageHasKey("validation.response.body.unexpected"), responseStatusTypeIs(StatusType.CLIENT_ERROR)));
  private static final OpenApiConformance JIRA = OpenApiConformance.load(SPEC, DEVIATIONS);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JiraFixture fixture = new JiraFixture();
  private final FakeJira jira = fixture.jira;
  private final Mapping mapping = new JiraConnector().defaultMapping();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aConnectorScenarioConformsInEveryRequestAndAnswer() {
    jira.recordTraffic();
    String byPerson = jira.createIssue("Login fails");
    jira.addComment(byPerson, "Seen on Safari too");
    ConnectorSession session = fixture.open();

    assertThat(session.health().status().name()).isEqualTo("UP");
    WorkItem item = WorkItem.builder().title("From GitHub").description("It **crashes**")
        .labels(List.of("bug", "p1")).status(Status.of("In Progress", StatusCategory.IN_PROGRESS)).build();
    ExternalItem created = session.create(mapping.fromCanonical(item, mapping.writableFields()), "ia:w:1");
    fixture.clock.advance(Duration.ofSeconds(5));
    WorkItem edited = item.toBuilder().title("From GitHub (edited)").labels(List.of("bug"))
        .status(Status.of("Done", StatusCategory.DONE)).build();
    session.update(created.id(), mapping.fromCanonical(edited, mapping.writableFields()), created.version());
    session.transition(created.id(), "To Do");
    session.get(byPerson);
    session.get("99999");
    session.addComment(created.id(), "A **reply**");
    session.comments(created.id(), null);
    session.comments(byPerson, fixture.clock.instant().minusSeconds(3600));
    session.findByMarker("ia:w:1");
    session.findByMarker("ia:w:nowhere");
    ChangePage page = session.changes(Cursor.START, 1);
    while (page.hasMore()) {
      page = session.changes(page.next(), 1);
    }
    session.delete(byPerson);

    Set<String> routes = jira.traffic().stream().map(FakeServer.Exchange::route).collect(Collectors.toSet());
    assertThat(routes).contains("GET /rest/api/3/myself", "POST /rest/api/3/search/jql", "POST /rest/api/3/issue",
        "GET /rest/api/3/issue/{issueIdOrKey}", "PUT /rest/api/3/issue/{issueIdOrKey}",
        "POST /rest/api/3/issue/{issueIdOrKey}/transitions", "GET /rest/api/3/issue/{issueIdOrKey}/comment",
        "POST /rest/api/3/issue/{issueIdOrKey}/comment", "DELETE /rest/api/3/issue/{issueIdOrKey}");
    assertThat(JIRA.findings(jira.traffic())).isEmpty();
    errorAnswersAreJirasErrorCollection(jira.traffic());
  }

  @Test
  void theFakesRefusalsConformToo() {
    jira.recordTraffic();
    ConnectorSession session = fixture.open();
    String id = jira.createIssue("Strict");
    ObjectNode badPriority = JSON.createObjectNode();
    badPriority.putObject("fields").putObject("priority").put("name", "Urgentest");
    assertThatThrownBy(() -> session.update(id, badPriority, null)).isInstanceOf(IntegrationException.class);
    assertThatThrownBy(() -> session.update("99999", badPriority, null))
        .isInstanceOf(IntegrationException.class);
    assertThatThrownBy(() -> session.transition(id, "Nowhere")).isInstanceOf(IntegrationException.class);
    assertThatThrownBy(() -> fixture.openWithBadCredentials().get(id)).isInstanceOf(IntegrationException.class);

    jira.rateLimit(1, Duration.ofSeconds(10));
    session.get(id);
    session.get(id); // refused with 429 once, then read after Retry-After

    assertThat(jira.traffic()).extracting(e -> e.response().status()).contains(400, 401, 404, 429);
    assertThat(JIRA.answerFindings(jira.traffic())).isEmpty();
    errorAnswersAreJirasErrorCollection(jira.traffic());
  }

  /**
   * The description's {@code ErrorCollection}: {@code errorMessages} (strings) and {@code errors}
   * (field to message), nothing else; 401 is Jira's text line.
   */
  private static void errorAnswersAreJirasErrorCollection(List<FakeServer.Exchange> traffic) {
    for (FakeServer.Exchange e : traffic) {
      if (e.response().status() < 400) {
        continue;
      }
      if (e.response().status() == 401) {
        assertThat(e.response().headers().get("Content-Type")).startsWith("text/plain");
        continue;
      }
      JsonNode body;
      try {
        body = JSON.readTree(e.response().body());
      } catch (IOException malformed) {
        throw new AssertionError(e.route() + " answered " + e.response().status() + " without JSON", malformed);
      }
      assertThat(body.properties()).as(e.route()).extracting(Map.Entry::getKey)
          .containsExactlyInAnyOrder("errorMessages", "errors");
      assertThat(body.path("errorMessages")).as(e.route()).allSatisfy(m -> assertThat(m.isTextual()).isTrue());
      assertThat(body.path("errors").isObject()).as(e.route()).isTrue();
      body.path("errors").forEach(m -> assertThat(m.isTextual()).as(e.route()).isTrue());
    }
  }

  @Test
  void anAnswerThatBreaksTheDescriptionIsReported() throws IOException {
    jira.recordTraffic();
    String id = jira.createIssue("Talk");
    jira.addComment(id, "hello");
    fixture.open().comments(id, null);
    FakeServer.Exchange real = jira.traffic().stream()
        .filter(e -> e.route().equals("GET /rest/api/3/issue/{issueIdOrKey}/comment")).findFirst().orElseThrow();
    ObjectNode page = (ObjectNode) JSON.readTree(real.response().body());
    page.put("total", "one");
    FakeServer.Exchange broken = new FakeServer.Exchange(real.route(), real.request(), FakeServer.Response.json(200, page));

    assertThat(JIRA.findings(real)).isEmpty();
    assertThat(JIRA.findings(broken)).anySatisfy(m -> assertThat(m).contains("total"));
  }

  @Test
  void aRequestThatBreaksTheDescriptionIsReported() {
    jira.recordTraffic();
    String id = jira.createIssue("Ops");
    fixture.open().transition(id, "Done");
    FakeServer.Exchange real = jira.traffic().stream()
        .filter(e -> e.route().equals("POST /rest/api/3/issue/{issueIdOrKey}/transitions")).findFirst().orElseThrow();
    FakeServer.Request r = real.request();
    FakeServer.Exchange broken = new FakeServer.Exchange(real.route(), new FakeServer.Request(r.method(), r.url(),
        r.headers(), "{\"transition\": {\"id\": \"31\"}, \"update\": {\"labels\": [{\"frobnicate\": \"x\"}]}}",
        r.params()), real.response());

    assertThat(JIRA.findings(real)).isEmpty();
    assertThat(JIRA.findings(broken)).anySatisfy(m -> assertThat(m).contains("validation.request.body"));
  }
}
