package dev.integrationagent.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.auth.AuthRequest;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.http.HttpException;
import dev.integrationagent.testkit.FakeServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlackFixture fixture = new SlackFixture();
  private final String triage = fixture.slack.channel("#triage");

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static ObjectNode payload(String key) {
    return JSON.createObjectNode().put("key", key);
  }

  @Test
  void postsAMessageAsJsonWithItsMetadata() {
    fixture.slack.recordTraffic();
    SlackMessage posted = fixture.client().postMessage(triage, "Printer on fire", null, null, "deploy_done", payload("k1"));

    assertThat(posted.channel()).isEqualTo(triage);
    assertThat(posted.ts()).matches("\\d{10}\\.\\d{6}");
    assertThat(posted.message().path("text").asText()).isEqualTo("Printer on fire");
    JsonNode stored = fixture.slack.messages(triage).get(0);
    assertThat(stored.path("ts").asText()).isEqualTo(posted.ts());
    assertThat(stored.path("metadata").path("event_type").asText()).isEqualTo("deploy_done");
    assertThat(stored.path("metadata").path("event_payload").path("key").asText()).isEqualTo("k1");
    FakeServer.Request sent = fixture.slack.traffic().get(0).request();
    assertThat(sent.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + fixture.slack.token());
  }

  @Test
  void postsBlocksAndThreadRepliesAndTakesAPublicChannelsName() throws Exception {
    SlackClient client = fixture.client();
    SlackMessage parent = client.postMessage("#triage", "Incident", null, null, null, null);
    JsonNode blocks = JSON.readTree("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Fixed*\"}}]");
    fixture.clock.advance(Duration.ofSeconds(5));
    SlackMessage reply = client.postMessage(triage, null, blocks, parent.ts(), null, null);

    assertThat(parent.channel()).isEqualTo(triage);
    List<JsonNode> messages = fixture.slack.messages(triage);
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1).path("thread_ts").asText()).isEqualTo(parent.ts());
    assertThat(messages.get(1).path("blocks")).isEqualTo(blocks);
    assertThat(reply.ts()).isNotEqualTo(parent.ts());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "invalid_auth, AUTHENTICATION", "not_authed, AUTHENTICATION", "account_inactive, AUTHENTICATION",
      "token_revoked, AUTHENTICATION", "token_expired, AUTHENTICATION",
      "missing_scope, AUTHORIZATION", "not_allowed_token_type, AUTHORIZATION", "restricted_action, AUTHORIZATION",
      "channel_not_found, CONFIGURATION", "not_in_channel, CONFIGURATION", "is_archived, CONFIGURATION",
      "msg_too_long, VALIDATION", "no_text, VALIDATION", "invalid_blocks, VALIDATION",
      "invalid_arguments, VALIDATION", "too_many_attachments, VALIDATION",
      "internal_error, TRANSIENT", "fatal_error, TRANSIENT", "service_unavailable, TRANSIENT",
      "request_timeout, TRANSIENT", "team_added_to_org, PERMANENT", "something_slack_adds_later, PERMANENT"})
  void classifiesSlacksErrorCodeNamingMethodChannelAndCode(String code, ErrorCategory category) {
    fixture.slack.failNextWith(code);

    HttpException e = catchThrowableOfType(HttpException.class, () -> fixture.client().postMessage(triage, "hello", null, null, null, null));

    assertThat(e.category()).isEqualTo(category);
    assertThat(e.getMessage()).contains("chat.postMessage", triage, "'" + code + "'")
        .doesNotContain(fixture.slack.token());
    assertThat(e.vendorMessages()).startsWith(code);
    // a POST is not repeated by the pipeline, whatever the category: the step's retry decides
    assertThat(fixture.slack.requestCount("POST /api/chat.postMessage")).isEqualTo(1);
    assertThat(fixture.slack.postCount()).isZero();
  }

  @Test
  void aRefusalSaysWhatWasAttemptedAndWhatToDo() {
    fixture.slack.failNextWith("not_in_channel");

    assertThatThrownBy(() -> fixture.client().postMessage(triage, "hello", null, null, null, null))
        .hasMessageStartingWith("slack: chat.postMessage to channel '" + triage + "' failed: Slack answered error"
            + " 'not_in_channel' (CONFIGURATION). Check the channel id, and that the app is a member of the channel"
            + " (/invite @your-app).");
  }

  @Test
  void aMissingScopeNamesTheScopeSlackAskedFor() {
    fixture.slack.answerNext(200,
        "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"channels:history\",\"provided\":\"chat:write\"}");

    HttpException e = catchThrowableOfType(HttpException.class,
        () -> fixture.client().findMessage(triage, "k", fixture.clock.instant()));

    assertThat(e.category()).isEqualTo(ErrorCategory.AUTHORIZATION);
    assertThat(e.getMessage()).contains("conversations.history of channel '" + triage + "'",
        "'missing_scope'", "needed scope channels:history, provided chat:write");
  }

  @Test
  void aTransientRefusalOfAHistoryReadIsRetriedByThePipeline() {
    SlackClient client = fixture.client();
    client.postMessage(triage, "hello", null, null, "integration_agent_step", payload("k"));
    fixture.slack.failNextWith("internal_error");

    assertThat(client.findMessage(triage, "k", fixture.clock.instant().minusSeconds(60))).isPresent();
    assertThat(fixture.slack.requestCount("GET /api/conversations.history")).isEqualTo(2);
  }

  @Test
  void anOkFalseRatelimitedIsRetriedSinceSlackDidNotPost() {
    fixture.slack.failNextWith("ratelimited");

    fixture.client().postMessage(triage, "hello", null, null, null, null);

    assertThat(fixture.slack.postCount()).isEqualTo(1);
    assertThat(fixture.slack.requestCount("POST /api/chat.postMessage")).isEqualTo(2);
  }

  @Test
  void theFakeRefusesWhatSlackRefuses() throws Exception {
    SlackClient client = fixture.client();
    JsonNode untyped = JSON.readTree("[{\"text\":\"no type\"}]");
    String old = fixture.slack.channel("old-news");
    fixture.slack.archive(old);
    AuthStrategy none = new AuthStrategy() {
      @Override
      public void apply(AuthRequest request) {}

      @Override
      public String describe() {
        return "none";
      }
    };

    assertThat(codeOf(() -> fixture.builder().auth(none).build().postMessage(triage, "x", null, null, null, null)))
        .isEqualTo("not_authed");
    assertThat(codeOf(() -> fixture.builder().token("xoxb-not-this-one").build().postMessage(triage, "x", null, null, null, null)))
        .isEqualTo("invalid_auth");
    assertThat(codeOf(() -> client.postMessage("C0NOSUCHONE", "x", null, null, null, null))).isEqualTo("channel_not_found");
    assertThat(codeOf(() -> client.postMessage(old, "x", null, null, null, null))).isEqualTo("is_archived");
    assertThat(codeOf(() -> client.postMessage(triage, " ", null, null, null, null))).isEqualTo("no_text");
    assertThat(codeOf(() -> client.postMessage(triage, "x", untyped, null, null, null)))
        .isEqualTo("invalid_blocks");
    assertThat(codeOf(() -> client.postMessage(triage, "x".repeat(40_001), null, null, null, null))).isEqualTo("msg_too_long");
    assertThat(codeOf(() -> client.findMessage("#triage", "k", fixture.clock.instant()))).isEqualTo("channel_not_found");
    assertThat(fixture.slack.postCount()).isZero();
  }

  private static String codeOf(Runnable call) {
    HttpException e = catchThrowableOfType(HttpException.class, call::run);
    assertThat(e).as("the call should have been refused").isNotNull();
    return e.vendorMessages().get(0);
  }

  @Test
  void aPostAnswered429WaitsTheAnnouncedSecondsThenPostsOnce() {
    fixture.slack.rateLimitNext(30);

    SlackMessage posted = fixture.client().postMessage(triage, "hello", null, null, null, null);

    assertThat(fixture.waits).containsExactly(Duration.ofSeconds(30));
    assertThat(fixture.slack.postCount()).isEqualTo(1);
    assertThat(fixture.slack.messages(triage).get(0).path("ts").asText()).isEqualTo(posted.ts());
  }

  @Test
  void aWaitLongerThanMaxRetryAfterIsNotWaitedButReportedWithIt() {
    fixture.slack.rateLimitNext(120);

    HttpException e = catchThrowableOfType(HttpException.class, () -> fixture.client().postMessage(triage, "hello", null, null, null, null));

    assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.getMessage()).contains("chat.postMessage", triage);
    assertThat(fixture.waits).isEmpty();
    assertThat(fixture.slack.postCount()).isZero();
  }

  @Test
  void postsToOneChannelAreASecondApartWhileOtherChannelsGoAtOnce() {
    String random = fixture.slack.channel("#random");
    fixture.slack.limitPostsPerChannel(Duration.ofSeconds(1)); // the fake answers 429 to a closer post
    SlackClient client = fixture.client();
    Instant start = fixture.clock.instant();

    client.postMessage(triage, "1", null, null, null, null);
    client.postMessage(random, "2", null, null, null, null);
    assertThat(fixture.waits).isEmpty();

    client.postMessage(triage, "3", null, null, null, null);
    assertThat(fixture.waits).containsExactly(Duration.ofSeconds(1));

    fixture.clock.advance(Duration.ofMillis(400));
    client.postMessage(triage, "4", null, null, null, null);
    assertThat(fixture.waits).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(600));
    assertThat(fixture.clock.instant()).isEqualTo(start.plusSeconds(2));
    assertThat(fixture.slack.requestCount("POST /api/chat.postMessage")).isEqualTo(4); // none refused
  }

  @Test
  void findsAMessageByTheKeyInItsMetadataPagingThroughTheHistory() {
    SlackClient client = fixture.builder().pageSize(2).build();
    Instant start = fixture.clock.instant();
    for (int i = 1; i <= 5; i++) {
      client.postMessage(triage, "message " + i, null, null, "integration_agent_step", payload("key-" + i));
    }

    Optional<SlackMessage> oldest = client.findMessage(triage, "key-1", start);

    assertThat(oldest).map(m -> m.message().path("text").asText()).contains("message 1");
    assertThat(oldest.get().ts()).isEqualTo(fixture.slack.messages(triage).get(0).path("ts").asText());
    assertThat(fixture.slack.requestCount("GET /api/conversations.history")).isEqualTo(3); // 2 + 2 + 1, newest first
    assertThat(client.findMessage(triage, "key-6", start)).isEmpty();
  }

  @Test
  void findsNothingPostedBeforeTheWindow() {
    SlackClient client = fixture.client();
    client.postMessage(triage, "long ago", null, null, "integration_agent_step", payload("k"));
    fixture.clock.advance(Duration.ofHours(2));

    assertThat(client.findMessage(triage, "k", fixture.clock.instant().minus(Duration.ofHours(1)))).isEmpty();
    assertThat(client.findMessage(triage, "k", fixture.clock.instant().minus(Duration.ofHours(3)))).isPresent();
  }

  @Test
  void historyShowsMetadataOnlyWhenAskedForIt() throws Exception {
    fixture.client().postMessage(triage, "with metadata", null, null, "integration_agent_step", payload("k"));

    JsonNode plain = history("channel=" + triage);
    JsonNode asked = history("channel=" + triage + "&include_all_metadata=true");

    assertThat(plain.path("messages").get(0).has("metadata")).isFalse();
    assertThat(asked.path("messages").get(0).path("metadata").path("event_payload").path("key").asText()).isEqualTo("k");
  }

  /** What another app reading the channel sees. */
  private JsonNode history(String query) throws Exception {
    okhttp3.Request request = new okhttp3.Request.Builder()
        .url(fixture.slack.apiUrl() + "/conversations.history?" + query)
        .header("Authorization", "Bearer " + fixture.slack.token()).build();
    try (okhttp3.Response response = new okhttp3.OkHttpClient().newCall(request).execute()) {
      return JSON.readTree(response.body().string());
    }
  }

  @Test
  void buildListsEveryProblem() {
    assertThatThrownBy(() -> SlackClient.builder().postInterval(Duration.ofSeconds(-1)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth: missing")
        .hasMessageContaining("postInterval");
    assertThatThrownBy(() -> SlackClient.builder().token("").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth: token");
  }
}
