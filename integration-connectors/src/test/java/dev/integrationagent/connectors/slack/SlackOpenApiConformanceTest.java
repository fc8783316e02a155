package dev.integrationagent.connectors.slack;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsRegexp;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.whitelist.rule.WhitelistRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.connectors.conformance.OpenApiConformance;
import dev.integrationagent.testkit.FakeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every request {@link SlackClient} sends and every answer {@code FakeSlack} gives for
 * {@code chat.postMessage} and {@code conversations.history}, checked against Slack's own Web API
 * description (the trimmed copy in {@code openapi/slack}, see its README).
 *
 * <p>That description is Swagger 2.0 and dates from 2020; where it and the live API differ, the
 * fake follows the API and the difference is handled here, each with its reason:
 * <ul>
 *   <li>It has no message metadata ({@code metadata} in a post's body, {@code include_all_metadata}
 *       of history, {@code metadata} on the messages listed) and no cursor paging of history
 *       ({@code response_metadata.next_cursor}), both documented by Slack since (docs.slack.dev,
 *       "Using message metadata", conversations.history). Those parts are taken out of the copy that
 *       is validated, and checked by the assertions of this test instead; the rest is validated.
 *   <li>It spells {@code blocks} as a form field holding a JSON string; a JSON body carries the array
 *       itself (Slack's chat.postMessage documentation), so the array is validated as its string.
 *   <li>It puts the error shape {@code {"ok": false, "error"}} under {@code default} while Slack
 *       sends it with HTTP 200: an ok:false answer is validated against the {@code default}
 *       response by giving the validator a non-200 status.
 * </ul>
 */
class SlackOpenApiConformanceTest {
  static final String SPEC = "openapi/slack/slack-web.trimmed.json";
  static final Map<String, WhitelistRule> DEVIATIONS = Map.of(
      "The description models the token as a required 'token' header; Slack reads a bot token from"
          + " 'Authorization: Bearer', as the client sends it (Slack's authentication docs)",
      allOf(messageHasKey("validation.request.parameter.header.missing")),
      "A 429's error code is 'ratelimited' (Slack's rate-limit docs); the 2020 enums spell it"
          + " 'rate_limited' for chat.postMessage and not at all for conversations.history",
      allOf(messageHasKey("validation.response.body.schema.enum"), responseStatusIs(429)),
      "The description writes 'bot_id' (a string or null) and 'channel_actions_ts' (null or a list)"
          + " as JSON Schema tuples (items: [...]) without a type, which the validator reads as objects;"
          + " Slack sends a string and null (its conversations.history and chat.postMessage examples)",
      allOf(messageHasKey("validation.response.body.schema.type"),
          messageContainsRegexp("\\[Path '/(message/|messages/\\d+/)bot_id'\\]|\\[Path '/channel_actions_ts'\\]")));
  private static final OpenApiConformance SLACK = OpenApiConformance.load(SPEC, DEVIATIONS);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlackFixture fixture = new SlackFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void postingAndFindingAgainConformInEveryRequestAndAnswer() throws IOException {
    String triage = fixture.slack.channel("#triage");
    fixture.slack.recordTraffic();
    SlackClient client = fixture.builder().pageSize(2).build();
    SlackPostAction action = client.postAction();
    for (int i = 1; i <= 3; i++) {
      action.execute(TestActionContext.first("step-" + i, fixture.clock),
          JSON.readTree("{\"channel\": \"" + triage + "\", \"text\": \"message " + i + "\"}"));
    }
    client.postMessage("#triage", "fallback", JSON.readTree("[{\"type\": \"divider\"}]"), null, null, null);
    fixture.slack.rateLimitNext(2);
    ActionResult found = action.execute(TestActionContext.first("step-1", fixture.clock).retry(),
        JSON.readTree("{\"channel\": \"" + triage + "\", \"text\": \"message 1\"}"));

    assertThat(found.output().path("found").asBoolean()).isTrue();
    List<FakeServer.Exchange> traffic = fixture.slack.traffic();
    assertThat(traffic).extracting(FakeServer.Exchange::route).contains(
        "POST /api/chat.postMessage", "GET /api/conversations.history");
    // what the 2020 description cannot check: metadata sent, asked for and listed; cursor paging
    assertThat(traffic.get(0).request().json().path("metadata").path("event_type").asText())
        .isEqualTo("integration_agent_step");
    List<FakeServer.Exchange> history = traffic.stream()
        .filter(e -> e.route().equals("GET /api/conversations.history") && e.response().status() == 200).toList();
    assertThat(history).hasSize(2); // newest first: the blocks message and message 3, then 2 and 1
    assertThat(history.get(0).request().query("include_all_metadata")).isEqualTo("true");
    assertThat(history.get(1).request().query("cursor"))
        .isEqualTo(json(history.get(0).response().body()).at("/response_metadata/next_cursor").asText());
    assertThat(json(history.get(1).response().body()).at("/messages/1/metadata/event_payload/key").asText())
        .isEqualTo("run-7:step-1");

    assertThat(SLACK.findings(validatable(traffic))).isEmpty();
  }

  @Test
  void refusalsConformToTheErrorShape() {
    String triage = fixture.slack.channel("#triage");
    String old = fixture.slack.channel("old");
    fixture.slack.archive(old);
    fixture.slack.recordTraffic();
    SlackClient client = fixture.client();

    assertThatThrownBy(() -> client.postMessage("C0NOSUCHONE", "x", null, null, null, null)).hasMessageContaining("channel_not_found");
    assertThatThrownBy(() -> client.postMessage(old, "x", null, null, null, null)).hasMessageContaining("is_archived");
    assertThatThrownBy(() -> client.postMessage(triage, "", null, null, null, null)).hasMessageContaining("no_text");
    assertThatThrownBy(() -> fixture.builder().token("xoxb-wrong").build().postMessage(triage, "x", null, null, null, null))
        .hasMessageContaining("invalid_auth");
    assertThatThrownBy(() -> client.findMessage("C0NOSUCHONE", "k", fixture.clock.instant()))
        .hasMessageContaining("channel_not_found");

    List<FakeServer.Exchange> traffic = fixture.slack.traffic();
    assertThat(traffic).hasSize(5).allSatisfy(e -> {
      assertThat(e.response().status()).isEqualTo(200);
      assertThat(json(e.response().body()).path("ok").asBoolean(true)).isFalse();
    });
    assertThat(SLACK.findings(validatable(traffic))).isEmpty();
  }

  @Test
  void theCheckHasTeeth() throws IOException {
    String triage = fixture.slack.channel("#triage");
    fixture.slack.recordTraffic();
    fixture.client().postMessage(triage, "hello", null, null, null, null);
    FakeServer.Exchange good = validatable(fixture.slack.traffic()).get(0);
    ObjectNode noChannel = (ObjectNode) json(good.request().body());
    noChannel.remove("channel");
    ObjectNode badTs = (ObjectNode) json(good.response().body());
    badTs.put("ts", "yesterday");
    FakeServer.Request r = good.request();

    List<String> findings = SLACK.findings(new FakeServer.Exchange(good.route(),
        new FakeServer.Request(r.method(), r.url(), r.headers(), noChannel.toString(), r.params()),
        new FakeServer.Response(200, good.response().headers(), badTs.toString())));

    assertThat(SLACK.findings(good)).isEmpty();
    assertThat(String.join("\n", findings)).contains("channel").contains("/ts");
  }

  /** The exchanges as the 2020 description can judge them; see the class comment for each change. */
  private static List<FakeServer.Exchange> validatable(List<FakeServer.Exchange> traffic) {
    List<FakeServer.Exchange> out = new ArrayList<>();
    for (FakeServer.Exchange e : traffic) {
      FakeServer.Request r = e.request();
      String body = r.body();
      if (!body.isEmpty()) {
        ObjectNode sent = (ObjectNode) json(body);
        sent.remove("metadata");
        if (sent.has("blocks")) {
          sent.put("blocks", sent.get("blocks").toString());
        }
        body = sent.toString();
      }
      HttpUrl url = r.url().newBuilder().removeAllQueryParameters("include_all_metadata").build();
      FakeServer.Request request = new FakeServer.Request(r.method(), url, r.headers(), body, r.params());
      FakeServer.Response a = e.response();
      ObjectNode answer = (ObjectNode) json(a.body());
      answer.remove("response_metadata");
      if (answer.get("message") instanceof ObjectNode m) {
        m.remove("metadata");
      }
      answer.path("messages").forEach(m -> ((ObjectNode) m).remove("metadata"));
      boolean refusal = !answer.path("ok").asBoolean(true);
      int status = refusal && a.status() == 200 ? 400 : a.status();
      out.add(new FakeServer.Exchange(e.route(), request, new FakeServer.Response(status, a.headers(), answer.toString())));
    }
    return out;
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
