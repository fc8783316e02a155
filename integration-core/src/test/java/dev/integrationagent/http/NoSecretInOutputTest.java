package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.PLANTED_SECRET;
import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.Auth;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.auth.AuthStrategy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Safety property 5: the planted secret, used as every kind of credential and echoed back by the
 * server in error bodies, appears in no exception, event, audit entry or log line. The log file
 * is the whole test run's (surefire points slf4j-simple at it), so every other test class that
 * ran before this one in the JVM is covered too.
 */
@Order(Integer.MAX_VALUE) // last, so that the log it reads holds every other test's output
class NoSecretInOutputTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  final Fixtures.Events events = new Fixtures.Events();
  final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  final List<String> failures = new ArrayList<>();

  private HttpPipeline pipeline(AuthStrategy auth) {
    return Fixtures.pipeline(server, clock, sleeper)
        .connectionId("secret-check")
        .auth(auth)
        .listener(events)
        .listener(HttpCallAudit.allTo(audit::add))
        .settings(HttpSettings.custom().maxAttempts(2).circuitFailureThreshold(2).build())
        .build();
  }

  private void attempt(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      failures.add(e.toString() + "\n" + trace);
    }
  }

  private void runEveryFailureKind(HttpPipeline pipeline) {
    String echo = "{\"message\":\"Bad credentials: token " + PLANTED_SECRET + " is revoked\"}";
    server.enqueue(json(401, echo));
    attempt(() -> pipeline.get("/user", Map.of()));
    server.enqueue(json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"field\":\"title\",\"message\":\"key="
        + PLANTED_SECRET + "\"}]}"));
    attempt(() -> pipeline.execute(HttpCall.post("/issues", JsonNodeFactory.instance.objectNode().put("t", 1)).build()));
    server.enqueue(json(400, "{\"errorMessages\":[\"bad\"],\"errors\":{\"auth\":\"" + PLANTED_SECRET + "\"}}"));
    attempt(() -> pipeline.get("/rest/api/3/issue/{key}", Map.of("key", "APP-1")));
    server.enqueue(new MockResponse.Builder().code(200).body("<html>token=" + PLANTED_SECRET + "</html>").build());
    attempt(() -> pipeline.get("/html", Map.of()));
    server.enqueue(Fixtures.jsonBuilder(200, "[]").addHeader("Link",
        "<https://elsewhere.example/x?key=" + PLANTED_SECRET + ">; rel=\"next\"").build());
    attempt(() -> pipeline.items(HttpCall.get("/list").build(), Pagination.linkHeader("")).toList());
    server.enqueue(json(500, "{\"access_token\":\"" + PLANTED_SECRET + "\"}"));
    server.enqueue(json(503, "Authorization: Bearer " + PLANTED_SECRET));
    attempt(() -> pipeline.get("/flaky", Map.of()));
    server.enqueue(json(502, "{\"error\":\"bad gateway\",\"error_description\":\"" + PLANTED_SECRET + "\"}"));
    server.enqueue(json(504, ""));
    attempt(() -> pipeline.get("/flaky", Map.of()));
    attempt(() -> pipeline.get("/open", Map.of())); // the circuit is open by now
  }

  private void runNetworkFailure(AuthStrategy auth) {
    HttpPipeline unreachable = HttpPipeline.builder(Fixtures.SHARED).connectionId("secret-check")
        .baseUrl("http://127.0.0.1:1/api").auth(auth).clock(clock).sleeper(sleeper)
        .listener(events).listener(HttpCallAudit.allTo(audit::add)).build();
    attempt(() -> unreachable.get("/issues", Map.of(), Map.of("q", "x")));
  }

  @Test
  void plantedSecretAppearsInNoExceptionEventAuditEntryOrLogLine() throws Exception {
    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertThat(logFile).as("surefire points slf4j-simple at a file; run this through Maven").isNotNull();

    runEveryFailureKind(pipeline(Auth.bearer(PLANTED_SECRET)));
    runEveryFailureKind(pipeline(Auth.apiKeyQuery("key", PLANTED_SECRET)));
    runEveryFailureKind(pipeline(Auth.apiKeyHeader("X-Redmine-API-Key", PLANTED_SECRET)));
    runEveryFailureKind(pipeline(Auth.basic("me@acme.test", PLANTED_SECRET)));
    runNetworkFailure(Auth.apiKeyQuery("key", PLANTED_SECRET));
    runNetworkFailure(Auth.bearer(PLANTED_SECRET));
    LoggerFactory.getLogger(NoSecretInOutputTest.class).info("secret-check scenario finished");

    // the scenario really sent the secret and really produced output
    assertThat(server.takeRequest().getHeaders().get("Authorization")).contains(PLANTED_SECRET);
    assertThat(failures).hasSize(4 * 8 + 2);
    assertThat(events.events).isNotEmpty();
    assertThat(audit).isNotEmpty();
    String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
    assertThat(log).contains("secret-check: GET /flaky").contains("secret-check scenario finished");

    assertThat(failures).allSatisfy(f -> assertThat(f).doesNotContain(PLANTED_SECRET));
    assertThat(events.events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(PLANTED_SECRET));
    assertThat(audit).allSatisfy(a -> assertThat(a.toString()).doesNotContain(PLANTED_SECRET));
    assertThat(log).doesNotContain(PLANTED_SECRET);
  }

  @Test
  void strategiesNeverPrintTheirCredentials() {
    List<AuthStrategy> strategies = List.of(Auth.bearer(PLANTED_SECRET), Auth.basic("u", PLANTED_SECRET),
        Auth.apiKeyHeader("X-Api-Key", PLANTED_SECRET), Auth.apiKeyQuery("key", PLANTED_SECRET),
        Auth.oauth2ClientCredentials("https://auth.example/token", "id", PLANTED_SECRET).build());

    assertThat(strategies).allSatisfy(s -> {
      assertThat(s.toString()).doesNotContain(PLANTED_SECRET);
      assertThat(s.describe()).doesNotContain(PLANTED_SECRET);
      assertThat(s.secrets()).contains(PLANTED_SECRET);
    });
  }

  @Test
  void redactorMasksSecretsInUrlsHeadersAndText() {
    Redactor redactor = Redactor.of(Auth.apiKeyQuery("apiKey", PLANTED_SECRET), java.util.Set.of("hook-secret-1"));

    assertThat(redactor.url(okhttp3.HttpUrl.get("https://x.test/a?apiKey=" + PLANTED_SECRET + "&access_token=zz&q=1")))
        .isEqualTo("https://x.test/a?apiKey=%5BREDACTED%5D&access_token=%5BREDACTED%5D&q=1");
    assertThat(redactor.headers(okhttp3.Headers.of("Authorization", "Bearer abc", "Cookie", "s=1", "Accept", "json")))
        .containsEntry("Authorization", Redactor.MASK).containsEntry("Cookie", Redactor.MASK)
        .containsEntry("Accept", "json");
    assertThat(redactor.text("sig hook-secret-1 and Bearer eyJhbGciOi.xyz and {\"password\":\"p4ss\"}"))
        .isEqualTo("sig [REDACTED] and Bearer [REDACTED] and {\"password\":\"[REDACTED]\"}");
  }
}
