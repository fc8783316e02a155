package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FakeSlack answers as Slack's Web API does, spoken to over plain HTTP. */
class FakeSlackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeSlack slack = FakeSlack.start(clock);
  private final OkHttpClient http = new OkHttpClient();
  private final String triage = slack.channel("#triage");

  @AfterEach
  void stop() {
    slack.close();
  }

  private JsonNode post(String body, String token) throws IOException {
    Request.Builder b = new Request.Builder().url(slack.apiUrl() + "/chat.postMessage")
        .post(RequestBody.create(body.replace('\'', '"'), JSON_TYPE));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return call(b.build(), 200);
  }

  private JsonNode post(String body) throws IOException {
    return post(body, slack.token());
  }

  private JsonNode get(String methodAndQuery) throws IOException {
    return call(new Request.Builder().url(slack.apiUrl() + "/" + methodAndQuery)
        .header("Authorization", "Bearer " + slack.token()).build(), 200);
  }

  private static JsonNode call(Request request, int expectedStatus) throws IOException {
    try (Response response = new OkHttpClient().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(expectedStatus);
      return JSON.readTree(response.body().string());
    }
  }

  @Test
  void channelsHaveSlackShapedIdsAndNames() {
    assertThat(triage).matches("C[A-Z0-9]{8,}");
    assertThat(slack.channel("random")).isNotEqualTo(triage);
    assertThatThrownBy(() -> slack.channel("#Triage Room")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> slack.channel("triage")).hasMessageContaining("exists already");
  }

  @Test
  void refusesLikeSlackWithHttp200AndAnErrorCode() throws IOException {
    assertThat(post("{'channel': '" + triage + "', 'text': 'x'}", null).path("error").asText()).isEqualTo("not_authed");
    assertThat(post("{'channel': '" + triage + "', 'text': 'x'}", "xoxb-other").path("error").asText()).isEqualTo("invalid_auth");
    assertThat(post("{'text': 'x'}").path("error").asText()).isEqualTo("channel_not_found");
    assertThat(post("{'channel': 'C0NOSUCHONE', 'text': 'x'}").path("error").asText()).isEqualTo("channel_not_found");
    assertThat(post("{'channel': '" + triage + "'}").path("error").asText()).isEqualTo("no_text");
    assertThat(post("{'channel': '" + triage + "', 'blocks': []}").path("error").asText()).isEqualTo("invalid_blocks");
    assertThat(post("{'channel': '" + triage + "', 'text': 'x', 'metadata': {'event_type': 'e'}}").path("error").asText())
        .isEqualTo("invalid_metadata_format");
    assertThat(post("[1]").path("error").asText()).isEqualTo("json_not_object");
    assertThat(get("conversations.history?channel=%23triage").path("error").asText()).isEqualTo("channel_not_found");
    assertThat(get("conversations.history?channel=" + triage + "&cursor=bm9wZQ%3D%3D").path("error").asText())
        .isEqualTo("invalid_cursor");
    assertThat(get("conversations.replies?channel=" + triage + "&ts=1700000000.000100").path("error").asText())
        .isEqualTo("thread_not_found");
    assertThat(slack.postCount()).isZero();
  }

  @Test
  void tsRisesPerChannelEvenWhenTheClockStandsStill() throws IOException {
    String first = post("{'channel': '" + triage + "', 'text': 'one'}").path("ts").asText();
    String second = post("{'channel': '#triage', 'text': 'two'}").path("ts").asText();

    assertThat(first).isEqualTo(clock.instant().getEpochSecond() + ".000000");
    assertThat(second).isEqualTo(clock.instant().getEpochSecond() + ".000001");
  }

  @Test
  void historyIsNewestFirstInCursorPagesWithoutThreadReplies() throws IOException {
    List<String> ts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ts.add(post("{'channel': '" + triage + "', 'text': 'm" + i + "'}").path("ts").asText());
    }
    post("{'channel': '" + triage + "', 'text': 'reply', 'thread_ts': '" + ts.get(0) + "'}");

    JsonNode page1 = get("conversations.history?channel=" + triage + "&limit=2");
    assertThat(page1.path("messages").findValuesAsText("text")).containsExactly("m3", "m2");
    assertThat(page1.path("has_more").asBoolean()).isTrue();
    String cursor = page1.at("/response_metadata/next_cursor").asText();
    JsonNode page2 = get("conversations.history?channel=" + triage + "&limit=2&cursor=" + cursor);
    assertThat(page2.path("messages").findValuesAsText("text")).containsExactly("m1");
    assertThat(page2.path("has_more").asBoolean(true)).isFalse();
    assertThat(page2.has("response_metadata")).isFalse();

    JsonNode newer = get("conversations.history?channel=" + triage + "&oldest=" + ts.get(1));
    assertThat(newer.path("messages").findValuesAsText("text")).containsExactly("m3");
    JsonNode inclusive = get("conversations.history?channel=" + triage + "&oldest=" + ts.get(1) + "&inclusive=true");
    assertThat(inclusive.path("messages").findValuesAsText("text")).containsExactly("m3", "m2");

    JsonNode thread = get("conversations.replies?channel=" + triage + "&ts=" + ts.get(0));
    assertThat(thread.path("messages").findValuesAsText("text")).containsExactly("m1", "reply");
    assertThat(slack.messages(triage)).hasSize(4);
  }

  @Test
  void injectedFaultsAnswerTheNextCallOnly() throws IOException {
    slack.rateLimitNext(7);
    try (Response limited = http.newCall(new Request.Builder().url(slack.apiUrl() + "/conversations.history?channel=" + triage)
        .header("Authorization", "Bearer " + slack.token()).build()).execute()) {
      assertThat(limited.code()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isEqualTo("7");
      assertThat(JSON.readTree(limited.body().string()).path("error").asText()).isEqualTo("ratelimited");
    }
    slack.failNextWith("missing_scope");
    assertThat(get("conversations.history?channel=" + triage).path("error").asText()).isEqualTo("missing_scope");
    assertThat(get("conversations.history?channel=" + triage).path("ok").asBoolean()).isTrue();
  }
}
