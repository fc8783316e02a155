package dev.integrationagent.connectors.github;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.anyOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.headerContainsRegexp;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsSubstring;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.whitelist.rule.WhitelistRule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.Auth;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.connectors.conformance.OpenApiConformance;
import dev.integrationagent.testkit.FakeGitHub;
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
 * Every request the GitHub connector sends and every answer {@link FakeGitHub} gives, checked
 * against GitHub's own OpenAPI description of api.github.com (the trimmed copy in
 * {@code openapi/github}, see its README). GraphQL ({@code POST /graphql}) is outside that
 * description and is left out.
 */
class GitHubOpenApiConformanceTest {
  static final String SPEC = "openapi/github/api.github.com.trimmed.json";
  /**
   * Where GitHub's live API and its description disagree, the fake follows the API; each
   * exception is narrow and says why.
   */
  static final Map<String, WhitelistRule> DEVIATIONS = Map.of(
      "GitHub's REST docs recommend Accept: application/vnd.github+json on every call; the description lists"
          + " only application/json as the answer's type",
      allOf(messageHasKey("validation.request.accept.notAllowed"),
          headerContainsRegexp("Accept", "application/vnd.github\\+json")),
      "Any call can be refused with 401 Bad credentials; the description lists 401 only for a few operations",
      allOf(messageHasKey("validation.response.status.unknown"), responseStatusIs(401)),
      "A spent primary or a secondary rate limit refuses any call with 403 or 429 (GitHub's rate-limit docs);"
          + " the description lists 403 for some operations only",
      allOf(messageHasKey("validation.response.status.unknown"), anyOf(responseStatusIs(403), responseStatusIs(429))),
      "GitHub answers any conditional GET with 304 Not Modified; the description lists 304 for a few only",
      allOf(messageHasKey("validation.response.status.unknown"), responseStatusIs(304)),
      "GitHub's error bodies carry \"status\" (basic-error documents it); validation-error forbids extra keys",
      allOf(messageHasKey("validation.response.body.schema.additionalProperties"), responseStatusIs(422),
          messageContainsSubstring("[\"status\"]")));
  private static final OpenApiConformance GITHUB = OpenApiConformance.load(SPEC, DEVIATIONS);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "It's a Secret to Everybody";

  private final GitHubFixture f = new GitHubFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private List<FakeServer.Exchange> restTraffic() {
    return f.github.traffic().stream().filter(e -> !e.route().equals("POST /graphql")).toList();
  }

  @Test
  void aConnectorScenarioConformsInEveryRequestAndAnswer() {
    f.github.recordTraffic();
    f.github.addAssignable("monalisa");
    int milestone = f.github.createMilestone("v1.0");
    int byPerson = f.github.createIssue("Crash on start", "Steps: open the app");
    f.github.createPullRequest("Fix the crash");
    f.github.addComment(byPerson, "Seen on macOS too");
    GitHubSession session = f.session();

    assertThat(session.health().status().name()).isEqualTo("UP");
    ObjectNode fields = JSON.createObjectNode().put("title", "From Jira").put("body", "Some *text*");
    fields.putArray("labels").add("bug").add("p1");
    fields.putArray("assignees").add("octocat").add("monalisa");
    fields.put("milestone", milestone);
    ExternalItem created = session.create(fields, "ia:w:1");
    f.clock.advance(Duration.ofSeconds(5));
    session.update(created.id(), JSON.createObjectNode().put("title", "From Jira (edited)").put("body", "new"),
        created.version());
    session.transition(created.id(), "done");
    session.transition(created.id(), "open");
    ObjectNode closed = JSON.createObjectNode().put("title", "Born closed").put("state", "closed");
    session.create(closed, null);
    session.get(Integer.toString(byPerson));
    session.get("404");
    session.addComment(created.id(), "A **reply**");
    session.comments(created.id(), null);
    session.comments(Integer.toString(byPerson), f.clock.instant().minusSeconds(3600));
    session.fieldsChangedAt(created.id());
    session.findByMarker("ia:w:1");
    session.findByMarker("ia:w:nowhere"); // not among the recent issues: GitHub's search
    ChangePage page = session.changes(Cursor.START, 2);
    while (page.hasMore()) {
      page = session.changes(page.next(), 2);
    }
    f.github.editIssue(byPerson, "Crash on start (macOS)");
    WebhookHandler webhooks = f.builder().webhookSecret(SECRET).open(f.context()).webhooks().orElseThrow();
    FakeGitHub.Delivery edited = f.github.issuesDelivery(SECRET, "edited", byPerson);
    webhooks.handle(edited.headers(), edited.body());

    Set<String> routes = restTraffic().stream().map(FakeServer.Exchange::route).collect(Collectors.toSet());
    assertThat(routes).contains("GET /rate_limit", "GET /repos/{owner}/{repo}/issues",
        "POST /repos/{owner}/{repo}/issues", "GET /repos/{owner}/{repo}/issues/{number}",
        "PATCH /repos/{owner}/{repo}/issues/{number}", "GET /repos/{owner}/{repo}/issues/{number}/comments",
        "POST /repos/{owner}/{repo}/issues/{number}/comments", "GET /repos/{owner}/{repo}/issues/{number}/events",
        "GET /search/issues");
    assertThat(GITHUB.findings(restTraffic())).isEmpty();
  }

  @Test
  void theFakesRefusalsConformToo() {
    f.github.recordTraffic();
    GitHubSession session = f.session();
    assertThatThrownBy(() -> session.create(JSON.createObjectNode().put("body", "no title"), null))
        .isInstanceOf(IntegrationException.class);
    assertThatThrownBy(() -> session.update("1", JSON.createObjectNode().put("title", "x"), null))
        .isInstanceOf(IntegrationException.class);
    assertThatThrownBy(() -> session.transition("77", "closed")).isInstanceOf(IntegrationException.class);
    ObjectNode bad = JSON.createObjectNode().put("title", "t");
    bad.putArray("assignees").add("nobody-here");
    assertThatThrownBy(() -> session.create(bad, null)).isInstanceOf(IntegrationException.class);
    GitHubSession stranger = (GitHubSession) f.builder().auth(Auth.bearer("ghp_wrong")).open(f.context());
    assertThatThrownBy(() -> stranger.get("1")).isInstanceOf(IntegrationException.class);

    f.github.rateLimit(5000, 0);
    f.github.rateLimitResetAt(f.clock.instant().plusSeconds(20));
    session.get("1"); // waits out the spent limit, then reads
    f.github.secondaryRateLimitNext(1, Duration.ofSeconds(5));
    session.get("1");

    assertThat(restTraffic()).extracting(e -> e.response().status()).contains(401, 403, 404, 422);
    assertThat(GITHUB.answerFindings(restTraffic())).isEmpty();
  }

  @Test
  void anAnswerThatBreaksTheDescriptionIsReported() throws IOException {
    f.github.recordTraffic();
    int number = f.github.createIssue("Crash", null);
    f.session().get(Integer.toString(number));
    FakeServer.Exchange real = f.github.traffic().get(0);
    ObjectNode issue = (ObjectNode) JSON.readTree(real.response().body());
    issue.put("number", "one");
    issue.remove("user");
    FakeServer.Exchange broken = new FakeServer.Exchange(real.route(), real.request(),
        FakeServer.Response.json(200, issue));

    assertThat(GITHUB.findings(real)).isEmpty();
    assertThat(GITHUB.findings(broken)).anySatisfy(m -> assertThat(m).contains("number"))
        .anySatisfy(m -> assertThat(m).contains("user"));
  }

  @Test
  void aRequestThatBreaksTheDescriptionIsReported() {
    f.github.recordTraffic();
    f.session().create(JSON.createObjectNode().put("title", "t"), null);
    FakeServer.Exchange real = f.github.traffic().get(0);
    FakeServer.Request r = real.request();
    FakeServer.Exchange broken = new FakeServer.Exchange(real.route(),
        new FakeServer.Request(r.method(), r.url(), r.headers(), "{\"title\": \"t\", \"labels\": \"bug\"}", r.params()),
        real.response());

    assertThat(GITHUB.findings(real)).isEmpty();
    assertThat(GITHUB.findings(broken)).anySatisfy(m -> assertThat(m).contains("validation.request.body"));
  }

  @Test
  void theFakesWebhookDeliveriesConform() {
    int number = f.github.createIssue("Hooked", "body");
    f.github.addComment(number, "a comment");
    List<String> findings = new java.util.ArrayList<>();
    FakeGitHub.Delivery opened = f.github.issuesDelivery(SECRET, "opened", number);
    findings.addAll(GITHUB.webhookFindings("issues-opened", opened.headers(), opened.body()));
    f.github.editIssue(number, "Hooked, renamed");
    FakeGitHub.Delivery edited = f.github.issuesDelivery(SECRET, "edited", number);
    findings.addAll(GITHUB.webhookFindings("issues-edited", edited.headers(), edited.body()));
    f.github.setState(number, "closed");
    FakeGitHub.Delivery closed = f.github.issuesDelivery(SECRET, "closed", number);
    findings.addAll(GITHUB.webhookFindings("issues-closed", closed.headers(), closed.body()));
    f.github.setState(number, "open");
    FakeGitHub.Delivery reopened = f.github.issuesDelivery(SECRET, "reopened", number);
    findings.addAll(GITHUB.webhookFindings("issues-reopened", reopened.headers(), reopened.body()));
    FakeGitHub.Delivery comment = f.github.commentDelivery(SECRET, number);
    findings.addAll(GITHUB.webhookFindings("issue-comment-created", comment.headers(), comment.body()));
    FakeGitHub.Delivery ping = f.github.pingDelivery(SECRET);
    findings.addAll(GITHUB.webhookFindings("ping", ping.headers(), ping.body()));

    assertThat(findings).isEmpty();
  }
}
