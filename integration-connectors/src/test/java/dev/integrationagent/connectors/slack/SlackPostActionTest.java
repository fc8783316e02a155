package dev.integrationagent.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.workflow.ActionResult;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackPostActionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POST = "POST /api/chat.postMessage";
  private static final String HISTORY = "GET /api/conversations.history";

  private final SlackFixture fixture = new SlackFixture();
  private final String triage = fixture.slack.channel("#triage");
  private final SlackPostAction action = fixture.client().postAction();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private JsonNode params(String json) {
    try {
      return JSON.readTree(json.replace('\'', '"').replace("TRIAGE", triage));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void aFirstAttemptPostsWithTheStepsKeyAndNeverLooksUp() {
    TestActionContext ctx = TestActionContext.first("notify", fixture.clock);

    ActionResult result = action.execute(ctx, params("{'channel': 'TRIAGE', 'text': 'New bug: printer on fire'}"));

    JsonNode message = fixture.slack.messages(triage).get(0);
    assertThat(result.output().path("channel").asText()).isEqualTo(triage);
    assertThat(result.output().path("ts").asText()).isEqualTo(message.path("ts").asText());
    assertThat(result.output().path("found").asBoolean(true)).isFalse();
    assertThat(message.path("metadata").path("event_type").asText()).isEqualTo("integration_agent_step");
    JsonNode payload = message.path("metadata").path("event_payload");
    assertThat(payload.path("key").asText()).isEqualTo(ctx.idempotencyKey());
    assertThat(payload.path("workflow").asText()).isEqualTo("triage");
    assertThat(payload.path("execution").asText()).isEqualTo("run-7");
    assertThat(fixture.slack.requestCount(HISTORY)).isZero();
  }

  @Test
  void aRetryFindsTheMessageTheLostFirstAttemptPostedAndDoesNotPostTwice() {
    TestActionContext first = TestActionContext.first("notify", fixture.clock);
    JsonNode params = params("{'channel': 'TRIAGE', 'text': 'New bug'}");
    fixture.slack.loseNextResponses(POST, 1); // Slack posts, the answer never arrives

    IntegrationException lost = catchThrowableOfType(IntegrationException.class, () -> action.execute(first, params));
    assertThat(lost.category()).isEqualTo(ErrorCategory.TRANSIENT); // so the engine retries the step
    fixture.clock.advance(Duration.ofSeconds(30));
    ActionResult retried = action.execute(first.retry(), params);

    assertThat(fixture.slack.postCount()).isEqualTo(1);
    assertThat(retried.output().path("found").asBoolean()).isTrue();
    assertThat(retried.output().path("ts").asText()).isEqualTo(fixture.slack.messages(triage).get(0).path("ts").asText());
    assertThat(retried.output().path("channel").asText()).isEqualTo(triage);
  }

  @Test
  void aStepResumedAfterACrashLooksUpEvenOnItsFirstAttempt() {
    TestActionContext first = TestActionContext.first("notify", fixture.clock);
    JsonNode params = params("{'channel': 'TRIAGE', 'text': 'New bug'}");
    action.execute(first, params); // the process died before the engine recorded this outcome

    ActionResult resumed = action.execute(first.resumedAfterCrash(), params);

    assertThat(resumed.output().path("found").asBoolean()).isTrue();
    assertThat(fixture.slack.postCount()).isEqualTo(1);
  }

  @Test
  void aRetryPostsWhenTheFirstAttemptPostedNothing() {
    TestActionContext first = TestActionContext.first("notify", fixture.clock);
    JsonNode params = params("{'channel': 'TRIAGE', 'text': 'New bug'}");
    fixture.slack.failNextWith("internal_error");

    assertThatThrownBy(() -> action.execute(first, params)).isInstanceOf(IntegrationException.class);
    ActionResult retried = action.execute(first.retry(), params);

    assertThat(retried.output().path("found").asBoolean(true)).isFalse();
    assertThat(fixture.slack.postCount()).isEqualTo(1);
    assertThat(fixture.slack.requestCount(HISTORY)).isEqualTo(1);
  }

  @Test
  void anotherStepsMessageIsNotTakenForThisOne() {
    JsonNode params = params("{'channel': 'TRIAGE', 'text': 'New bug'}");
    action.execute(TestActionContext.first("notify", fixture.clock), params);

    ActionResult other = action.execute(TestActionContext.first("escalate", fixture.clock).retry(), params);

    assertThat(other.output().path("found").asBoolean(true)).isFalse();
    assertThat(fixture.slack.postCount()).isEqualTo(2);
  }

  @Test
  void aRetriedThreadReplyIsFoundInTheThread() {
    SlackMessage parent = fixture.client().postMessage(triage, "Incident", null, null, null, null);
    TestActionContext first = TestActionContext.first("reply", fixture.clock);
    JsonNode params = params("{'channel': 'TRIAGE', 'text': 'Fixed', 'threadTs': '" + parent.ts() + "'}");
    fixture.slack.loseNextResponses(POST, 1);

    assertThatThrownBy(() -> action.execute(first, params)).isInstanceOf(IntegrationException.class);
    ActionResult retried = action.execute(first.retry(), params);

    assertThat(retried.output().path("found").asBoolean()).isTrue();
    assertThat(fixture.slack.postCount()).isEqualTo(2); // the parent and one reply
    assertThat(fixture.slack.requestCount("GET /api/conversations.replies")).isEqualTo(1);
  }

  @Test
  void postsBlocksWithoutText() {
    ActionResult result = action.execute(TestActionContext.first("notify", fixture.clock),
        params("{'channel': 'TRIAGE', 'blocks': [{'type': 'divider'}]}"));

    assertThat(result.output().path("found").asBoolean(true)).isFalse();
    assertThat(fixture.slack.messages(triage).get(0).path("blocks").get(0).path("type").asText()).isEqualTo("divider");
  }

  @Test
  void validationNamesEachMissingOrInvalidParameter() {
    assertThat(action.type()).isEqualTo("slack.post");
    assertThat(action.validate(params("{'channel': 'TRIAGE', 'text': 'hi'}"))).isEmpty();
    assertThat(action.validate(params("{'channel': '{{ vars.channel }}', 'text': '{{ item.title }}'}"))).isEmpty();

    assertThat(action.validate(params("{}"))).containsExactly(
        "channel: missing; give the conversation id, e.g. C0123456789",
        "text: missing; give text or blocks");
    assertThat(action.validate(params("{'channel': '#triage', 'text': 'hi'}"))).singleElement()
        .asString().startsWith("channel: must be a conversation id").endsWith("but was '#triage'");
    assertThat(action.validate(params("{'channel': 'TRIAGE', 'text': 5}"))).containsExactly(
        "text: must be a string, but was number");
    assertThat(action.validate(params("{'channel': 'TRIAGE', 'blocks': {'type': 'divider'}}"))).containsExactly(
        "blocks: must be a JSON array of Block Kit blocks, but was object");
    assertThat(action.validate(params("{'channel': 'TRIAGE', 'text': 'hi', 'threadTs': 'yesterday'}"))).containsExactly(
        "threadTs: must be a message ts such as 1700000000.000100, but was 'yesterday'");
    assertThat(action.validate(params("{'channel': 'TRIAGE', 'text': 'hi', 'chanel': 'x'}"))).containsExactly(
        "chanel: not a parameter of slack.post (channel, text, blocks, threadTs)");
  }

  @Test
  void executeRefusesInvalidParametersWithoutCallingSlack() {
    IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> action.execute(TestActionContext.first("notify", fixture.clock), params("{'text': 'hi'}")));

    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
    assertThat(e.getMessage()).contains("slack.post", "'notify'", "channel: missing");
    assertThat(fixture.slack.requestCounts()).isEmpty();
  }
}
