package dev.integrationagent.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.Severity;
import dev.integrationagent.http.HttpException;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts in a Slack channel: one message per alert, its resolution in the alert's thread, text that cannot ping. */
class SlackAlertSinkTest {
  private final SlackFixture fixture = new SlackFixture();
  private final String oncall = fixture.slack.channel("#oncall");

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void anAgentsAlertIsPostedAndItsResolvedNoticeRepliesInItsThread() {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(fixture.clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(fixture.clock).build();
    IntegrationAgent agent = IntegrationAgent.builder().clock(fixture.clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b"))
        .alerts(new SlackAlertSink(fixture.client(), oncall)).build();
    a.add(WorkItem.builder().title("Login fails").build());
    b.failNext(1, ErrorCategory.AUTHENTICATION);

    agent.syncNow("a-b");
    agent.syncNow("a-b");

    List<JsonNode> messages = fixture.slack.messages(oncall);
    assertThat(messages).hasSize(2);
    JsonNode alert = messages.get(0);
    assertThat(alert.path("text").asText()).isEqualTo(":rotating_light: CRITICAL: the credential of connection b was refused");
    assertThat(alert.path("blocks").toString()).contains("renew it, then agent.retryParked")
        .contains("rule: `credentials-refused`");
    JsonNode resolved = messages.get(1);
    assertThat(resolved.path("thread_ts").asText()).as("in the alert's thread").isEqualTo(alert.path("ts").asText());
    assertThat(resolved.path("text").asText()).contains("resolved: the credential of connection b was refused");
    agent.close();
  }

  @Test
  void aToolsTextInAnAlertCannotMentionTheChannelOrForgeALink() {
    SlackAlertSink sink = new SlackAlertSink(fixture.client(), oncall);
    sink.send(new Alert(Instant.parse("2026-01-05T10:00:00Z"), Severity.WARNING, "plan:a-b",
        "<!channel> look", "see <https://evil.example|your bank>", Map.of("rule", "plan-failing")));

    String posted = fixture.slack.messages(oncall).get(0).toString();
    assertThat(posted).doesNotContain("<!channel>").doesNotContain("<https://evil.example");
  }

  @Test
  void aRefusedPostThrowsSoTheAgentLogsItAndGoesOnWithItsOtherSinks() {
    fixture.slack.failNextWith("channel_not_found");
    SlackAlertSink sink = new SlackAlertSink(fixture.client(), oncall);

    assertThatThrownBy(() -> sink.send(new Alert(Instant.parse("2026-01-05T10:00:00Z"), Severity.WARNING, "plan:a-b",
        "t", "m", Map.of()))).isInstanceOf(HttpException.class).hasMessageContaining("channel_not_found");
  }
}
