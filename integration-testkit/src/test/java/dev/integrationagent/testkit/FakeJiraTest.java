package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FakeJira rejects what Jira rejects, with Jira's status codes and bodies. */
class FakeJiraTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TYPE = MediaType.get("application/json");

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeJira jira = FakeJira.start(clock);
  private final OkHttpClient client = new OkHttpClient();

  @AfterEach
  void stop() {
    jira.close();
  }

  private record Answer(int status, JsonNode body, String text, okhttp3.Headers headers) {}

  private Answer call(String method, String path, String body, boolean authenticated) throws IOException {
    Request.Builder request = new Request.Builder().url(jira.url() + path)
        .method(method, body == null ? null : RequestBody.create(body, TYPE));
    if (authenticated) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((jira.email() + ":" + jira.apiToken()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    try (Response response = client.newCall(request.build()).execute()) {
      String text = response.body().string();
      JsonNode json = text.startsWith("{") ? JSON.readTree(text) : JSON.nullNode();
      return new Answer(response.code(), json, text, response.headers());
    }
  }

  @Test
  void requestsWithoutValidCredentialsAre401WithJirasPlainTextBody() throws IOException {
    Answer answer = call("GET", "/rest/api/3/myself", null, false);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.text()).isEqualTo("Client must be authenticated to access this resource.");
  }

  @Test
  void theRemovedSearchIsGone() throws IOException {
    assertThat(call("GET", "/rest/api/3/search?jql=project=PAY", null, true).status()).isEqualTo(410);
  }

  @Test
  void aCreateWithoutSummaryNamesTheFieldInJirasErrorShape() throws IOException {
    Answer answer = call("POST", "/rest/api/3/issue",
        "{\"fields\":{\"project\":{\"key\":\"PAY\"},\"issuetype\":{\"name\":\"Task\"}}}", true);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("errorMessages").isArray()).isTrue();
    assertThat(answer.body().path("errors").path("summary").asText()).isEqualTo("You must specify a summary of the issue.");
  }

  @Test
  void malformedJsonAndNonAdfDescriptionsAreRejected() throws IOException {
    assertThat(call("POST", "/rest/api/3/issue", "{\"fields\":", true).status()).isEqualTo(400);
    Answer text = call("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"PAY\"},"
        + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"s\",\"description\":\"plain\"}}", true);
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.body().path("errors").has("description")).isTrue();
  }

  @Test
  void anUnknownTransitionIsRejected() throws IOException {
    String id = jira.createIssue("flow");

    Answer answer = call("POST", "/rest/api/3/issue/" + id + "/transitions", "{\"transition\":{\"id\":\"99\"}}", true);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("errorMessages").get(0).asText()).isEqualTo("Transition id '99' is not valid for this issue.");
  }

  @Test
  void unboundedAndUnsupportedJqlIsRejected() throws IOException {
    assertThat(call("POST", "/rest/api/3/search/jql", "{\"jql\":\"ORDER BY updated\"}", true).status()).isEqualTo(400);
    assertThat(call("POST", "/rest/api/3/search/jql", "{\"jql\":\"assignee = currentUser()\"}", true).status())
        .isEqualTo(400);
  }

  @Test
  void thePropertyClauseIsAnsweredWithResultsA400OrAnEmpty200AsChosen() throws IOException {
    String id = jira.createIssue("marked");
    assertThat(call("PUT", "/rest/api/3/issue/" + id + "/properties/mark", "{\"marker\":\"m1\"}", true).status())
        .isLessThan(300);
    String search = "{\"jql\":\"project = PAY AND issue.property[mark].marker = \\\"m1\\\"\"}";

    assertThat(call("POST", "/rest/api/3/search/jql", search, true).body().path("issues")).hasSize(1);
    jira.propertyClause(FakeJira.PropertyClause.EMPTY);
    Answer empty = call("POST", "/rest/api/3/search/jql", search, true);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body().path("issues")).isEmpty();
    jira.propertyClause(FakeJira.PropertyClause.REFUSED);
    assertThat(call("POST", "/rest/api/3/search/jql", search, true).status()).isEqualTo(400);
  }

  @Test
  void aWallTimeRepeatedByAFallBackIsReadAsTheLaterInstant() throws IOException {
    jira.userTimeZone(java.time.ZoneId.of("Europe/Berlin"));
    clock.advance(Duration.between(clock.instant(), java.time.Instant.parse("2026-10-25T00:30:00Z"))); // 02:30 CEST
    String first = jira.createIssue("first 02:30");
    clock.advance(Duration.ofHours(1)); // 02:30 CET
    String second = jira.createIssue("second 02:30");
    Answer answer = call("POST", "/rest/api/3/search/jql",
        "{\"jql\":\"project = PAY AND updated >= \\\"2026/10/25 02:30\\\"\"}", true);

    assertThat(answer.body().path("issues")).extracting(i -> i.path("id").asText()).containsExactly(second)
        .doesNotContain(first);
  }

  @Test
  void searchPagesEndWithIsLastAndNoToken() throws IOException {
    for (int i = 0; i < 3; i++) {
      jira.createIssue("issue " + i);
    }
    Answer first = call("POST", "/rest/api/3/search/jql",
        "{\"jql\":\"project = PAY ORDER BY id ASC\",\"maxResults\":2,\"fields\":[\"summary\"]}", true);
    Answer second = call("POST", "/rest/api/3/search/jql", "{\"jql\":\"project = PAY ORDER BY id ASC\",\"maxResults\":2,"
        + "\"nextPageToken\":\"" + first.body().path("nextPageToken").asText() + "\"}", true);

    assertThat(first.body().path("isLast").asBoolean()).isFalse();
    assertThat(first.body().path("issues")).hasSize(2);
    assertThat(first.body().path("issues").get(0).path("fields").path("summary").asText()).isEqualTo("issue 0");
    assertThat(second.body().path("isLast").asBoolean()).isTrue();
    assertThat(second.body().has("nextPageToken")).isFalse();
    assertThat(second.body().path("issues").get(0).has("fields")).as("no fields asked, only ids").isFalse();
  }

  @Test
  void aSpentRateLimitAnswers429WithJirasHeaders() throws IOException {
    jira.rateLimit(1, Duration.ofSeconds(30));
    Answer ok = call("GET", "/rest/api/3/myself", null, true);
    Answer refused = call("GET", "/rest/api/3/myself", null, true);

    assertThat(ok.headers().get("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers().get("Retry-After")).isEqualTo("30");
    assertThat(refused.headers().get("RateLimit-Reason")).isEqualTo("jira-burst-based");
    assertThat(refused.headers().get("X-RateLimit-Reset")).isEqualTo("2026-01-05T10:00:30Z");

    clock.advance(Duration.ofSeconds(30));
    assertThat(call("GET", "/rest/api/3/myself", null, true).status()).isEqualTo(200);
  }
}
