package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import javax.annotation.Nullable;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake refuses what GitHub refuses, with GitHub's statuses, bodies and headers. */
class FakeGitHubFidelityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GitHubFixture f = new GitHubFixture();
  private final OkHttpClient client = new OkHttpClient();

  @AfterEach
  void close() {
    f.close();
  }

  private record Answer(int status, JsonNode body, okhttp3.Headers headers) {}

  private Answer call(String method, String path, @Nullable String body, @Nullable String token) throws IOException {
    Request.Builder request = new Request.Builder().url(f.github.url() + path)
        .method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      String text = response.body().string();
      return new Answer(response.code(), text.isEmpty() ? JSON.nullNode() : JSON.readTree(text), response.headers());
    }
  }

  private Answer call(String method, String path, @Nullable String body) throws IOException {
    return call(method, path, body, f.github.token());
  }

  @Test
  void credentialsAreRequiredAndChecked() throws IOException {
    assertThat(call("GET", "/repos/acme/app/issues", null, null).body().path("message").asText())
        .isEqualTo("Requires authentication");
    Answer bad = call("GET", "/repos/acme/app/issues", null, "ghp_wrong");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.body().path("message").asText()).isEqualTo("Bad credentials");
    assertThat(bad.body().path("documentation_url").asText()).startsWith("https://docs.github.com");
  }

  @Test
  void malformedOrIncompleteIssuesAreRefusedLikeGitHubDoes() throws IOException {
    Answer notJson = call("POST", "/repos/acme/app/issues", "{title:");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("message").asText()).isEqualTo("Problems parsing JSON");

    Answer noTitle = call("POST", "/repos/acme/app/issues", "{\"body\":\"x\"}");
    assertThat(noTitle.status()).isEqualTo(422);
    assertThat(noTitle.body().path("message").asText()).isEqualTo("Validation Failed");
    assertThat(noTitle.body().path("errors").get(0).path("field").asText()).isEqualTo("title");
    assertThat(noTitle.body().path("errors").get(0).path("code").asText()).isEqualTo("missing_field");

    int number = f.github.createIssue("t", null);
    assertThat(call("PATCH", "/repos/acme/app/issues/" + number, "{\"state\":\"done\"}").status()).isEqualTo(422);
    assertThat(call("PATCH", "/repos/acme/app/issues/" + number, "{\"milestone\":7}").status()).isEqualTo(422);
    assertThat(call("PATCH", "/repos/acme/app/issues/" + number, "{\"title\":5}").body().path("message").asText())
        .contains("is not a string");
    assertThat(call("POST", "/repos/acme/app/issues/" + number + "/comments", "{}").status()).isEqualTo(422);
    assertThat(call("GET", "/repos/acme/other/issues/" + number, null).status()).isEqualTo(404);
    assertThat(call("GET", "/repos/acme/app/issues?state=sideways", null).status()).isEqualTo(422);
  }

  @Test
  void listingsArePagedWithLinkHeadersAndCarryRateLimitHeaders() throws IOException {
    for (int i = 0; i < 5; i++) {
      f.github.createIssue("i" + i, null);
    }

    Answer first = call("GET", "/repos/acme/app/issues?per_page=2&state=all", null);

    assertThat(first.body()).hasSize(2);
    assertThat(first.headers().get("Link")).contains("page=2>; rel=\"next\"", "page=3>; rel=\"last\"");
    assertThat(first.headers().get("x-ratelimit-limit")).isEqualTo("5000");
    assertThat(first.headers().get("x-ratelimit-remaining")).isEqualTo("4999");
    assertThat(first.headers().get("ETag")).startsWith("W/\"");
    Answer last = call("GET", "/repos/acme/app/issues?per_page=2&state=all&page=3", null);
    assertThat(last.body()).hasSize(1);
    assertThat(last.headers().get("Link")).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
  }

  @Test
  void aSpentLimitIsA403WithResetUntilTheWindowRollsOver() throws IOException {
    f.github.rateLimit(60, 0);
    f.github.rateLimitResetAt(f.clock.instant().plusSeconds(30));

    Answer spent = call("GET", "/repos/acme/app/issues", null);
    assertThat(spent.status()).isEqualTo(403);
    assertThat(spent.headers().get("x-ratelimit-remaining")).isEqualTo("0");
    assertThat(spent.headers().get("x-ratelimit-reset"))
        .isEqualTo(Long.toString(f.clock.instant().plusSeconds(30).getEpochSecond()));
    assertThat(spent.body().path("message").asText()).startsWith("API rate limit exceeded");

    f.clock.advance(Duration.ofSeconds(30));
    assertThat(call("GET", "/repos/acme/app/issues", null).status()).isEqualTo(200);
  }

  @Test
  void stateReasonIsIgnoredUnlessTheStateChanges() throws IOException {
    int number = f.github.createIssue("t", null);
    call("PATCH", "/repos/acme/app/issues/" + number, "{\"state\":\"closed\",\"state_reason\":\"not_planned\"}");

    call("PATCH", "/repos/acme/app/issues/" + number, "{\"state\":\"closed\",\"state_reason\":\"completed\"}");

    assertThat(f.github.issue(number).path("state_reason").asText()).isEqualTo("not_planned");
  }

  private static final java.util.List<String> SIMPLE_USER = java.util.List.of("login", "id", "node_id", "avatar_url",
      "gravatar_id", "url", "html_url", "followers_url", "following_url", "gists_url", "starred_url",
      "subscriptions_url", "organizations_url", "repos_url", "events_url", "received_events_url", "type",
      "site_admin");

  @Test
  void everyUserCarriesAllFieldsOfGitHubsSimpleUser() throws IOException {
    int number = f.github.createIssue("t", null);
    call("PATCH", "/repos/acme/app/issues/" + number, "{\"assignees\":[\"octocat\"]}");
    f.github.addComment(number, "hi");

    JsonNode issue = call("GET", "/repos/acme/app/issues/" + number, null).body();
    JsonNode comment = call("GET", "/repos/acme/app/issues/" + number + "/comments", null).body().get(0);

    for (JsonNode user : java.util.List.of(issue.path("user"), issue.path("assignee"), issue.path("assignees").get(0),
        comment.path("user"))) {
      assertThat(user.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrderElementsOf(SIMPLE_USER);
      String login = user.path("login").asText();
      assertThat(user.path("url").asText()).isEqualTo(f.github.url() + "/users/" + login);
      assertThat(user.path("html_url").asText()).isEqualTo("https://github.com/" + login);
      assertThat(user.path("following_url").asText()).endsWith("/users/" + login + "/following{/other_user}");
      assertThat(user.path("site_admin").isBoolean()).isTrue();
    }
  }

  @Test
  void issuesCarryTheirResourceUrls() throws IOException {
    int number = f.github.createIssue("t", null);

    JsonNode issue = call("GET", "/repos/acme/app/issues/" + number, null).body();

    String api = f.github.url() + "/repos/acme/app";
    assertThat(issue.path("comments_url").asText()).isEqualTo(api + "/issues/" + number + "/comments");
    assertThat(issue.path("events_url").asText()).isEqualTo(api + "/issues/" + number + "/events");
    assertThat(issue.path("labels_url").asText()).isEqualTo(api + "/issues/" + number + "/labels{/name}");
    assertThat(issue.path("timeline_url").asText()).isEqualTo(api + "/issues/" + number + "/timeline");
    assertThat(issue.has("active_lock_reason")).isTrue();
    assertThat(issue.path("reactions").path("total_count").asInt(-1)).isZero();
  }

  @Test
  void milestonesAndPullRequestsAreComplete() throws IOException {
    int milestone = f.github.createMilestone("v1.0");
    int number = f.github.createIssue("t", null);
    call("PATCH", "/repos/acme/app/issues/" + number, "{\"milestone\":" + milestone + "}");
    int pr = f.github.createPullRequest("Fix");

    JsonNode m = call("GET", "/repos/acme/app/issues/" + number, null).body().path("milestone");
    JsonNode p = call("GET", "/repos/acme/app/issues/" + pr, null).body().path("pull_request");

    assertThat(m.properties()).extracting(java.util.Map.Entry::getKey).contains("url", "html_url", "labels_url", "id",
        "node_id", "number", "title", "description", "creator", "open_issues", "closed_issues", "state", "created_at",
        "updated_at", "closed_at", "due_on");
    assertThat(m.path("open_issues").asInt()).isEqualTo(1);
    assertThat(m.path("creator").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrderElementsOf(SIMPLE_USER);
    assertThat(m.path("url").asText()).isEqualTo(f.github.url() + "/repos/acme/app/milestones/" + milestone);
    assertThat(p.path("url").asText()).isEqualTo(f.github.url() + "/repos/acme/app/pulls/" + pr);
    assertThat(p.path("html_url").asText()).isEqualTo("https://github.com/acme/app/pull/" + pr);
    assertThat(p.path("diff_url").asText()).isEqualTo("https://github.com/acme/app/pull/" + pr + ".diff");
    assertThat(p.path("patch_url").asText()).isEqualTo("https://github.com/acme/app/pull/" + pr + ".patch");
    assertThat(p.has("merged_at")).isTrue();
  }
}
