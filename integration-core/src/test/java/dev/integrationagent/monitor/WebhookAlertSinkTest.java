package dev.integrationagent.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
  private final Alert alert = new Alert(clock.instant(), Severity.CRITICAL, "connection:jira",
      "the credential of connection jira was refused", "renew it, then agent.retryParked(\"github-jira\")",
      Map.of("rule", "credentials-refused"));

  @Test
  void anAlertArrivesAsJsonSignedOverItsTimestampAndBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    WebhookAlertSink sink = new WebhookAlertSink(server.url("/hooks/alerts?key=xyz").toString(), "hook-secret",
        new OkHttpClient(), clock);

    sink.send(alert);

    RecordedRequest request = server.takeRequest();
    String body = request.getBody().utf8();
    String timestamp = request.getHeaders().get("X-Alert-Timestamp");
    assertThat(timestamp).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(request.getHeaders().get("X-Alert-Signature")).isEqualTo("sha256="
        + new WebhookAlertSink("http://x", "hook-secret", new OkHttpClient(), clock).sign(timestamp + "." + body));
    assertThat(request.getHeaders().get("X-Alert-Signature")).as("another secret signs otherwise")
        .isNotEqualTo("sha256=" + new WebhookAlertSink("http://x", "other", new OkHttpClient(), clock)
            .sign(timestamp + "." + body));
    assertThat(new ObjectMapper().readTree(body).path("title").asText()).isEqualTo(alert.title());
    assertThat(sink.toString()).doesNotContain("hook-secret").doesNotContain("xyz");
  }

  @Test
  void aRefusingReceiverIsAFailureThatNamesTheHostOnly() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    WebhookAlertSink sink = new WebhookAlertSink(server.url("/hooks/alerts?key=xyz").toString(), "hook-secret",
        new OkHttpClient(), clock);
    assertThatThrownBy(() -> sink.send(alert)).hasMessageContaining("answered 500").hasMessageNotContaining("xyz");
  }
}
