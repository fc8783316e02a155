package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.api.ErrorCategory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class RetryTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  final Fixtures.Events events = new Fixtures.Events();

  private HttpPipeline.Builder pipeline(HttpSettings settings) {
    return Fixtures.pipeline(server, clock, sleeper).settings(settings).listener(events);
  }

  @Test
  void retriesTransientFailuresAndReportsEachAttempt() {
    server.enqueue(json(503, "{\"message\":\"Service Unavailable\"}"));
    server.enqueue(json(502, ""));
    server.enqueue(json(200, "{\"id\":1}"));

    HttpPipeline pipeline = pipeline(HttpSettings.ofDefaults()).build();

    assertThat(pipeline.get("/issues/{id}", Map.of("id", 1)).path("id").asInt()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(2);
    assertThat(events.events).extracting(HttpCallEvent::attempt).containsExactly(1, 2, 3);
    assertThat(events.events).extracting(HttpCallEvent::status).containsExactly(503, 502, 200);
    assertThat(events.events).extracting(HttpCallEvent::category)
        .containsExactly(ErrorCategory.TRANSIENT, ErrorCategory.TRANSIENT, null);
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCeilingWithACap() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(500, "{}"));
    }
    HttpSettings settings = HttpSettings.custom().maxAttempts(5)
        .baseDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(300)).build();
    HttpPipeline pipeline = pipeline(settings).random(Fixtures.fixedRandom(0.999)).build();

    catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));

    // ceilings 100, 200, 400→300 (cap), 800→300; the jitter draw 0.999 lands just under each
    assertThat(sleeper.waits).containsExactly(
        Duration.ofMillis(99), Duration.ofMillis(199), Duration.ofMillis(299), Duration.ofMillis(299));
  }

  @Test
  void jitterDrawsScaleTheWaitBetweenZeroAndTheCeiling() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), Fixtures.fixedRandom(0.0));
    Backoff high = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), Fixtures.fixedRandom(0.5));

    assertThat(backoff.delayMillis(3, null)).isZero();
    assertThat(high.delayMillis(1, null)).isEqualTo(100);
    assertThat(high.delayMillis(3, null)).isEqualTo(400);
    assertThat(high.ceilingMillis(40)).isEqualTo(10_000);
  }

  @Test
  void retryAfterSecondsWinsOverBackoff() {
    server.enqueue(Fixtures.jsonBuilder(429, "{\"message\":\"slow down\"}").addHeader("Retry-After", "7").build());
    server.enqueue(json(200, "{}"));

    pipeline(HttpSettings.ofDefaults()).build().get("/x", Map.of());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterHttpDateWinsOverBackoff() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(25).atOffset(ZoneOffset.UTC));
    server.enqueue(Fixtures.jsonBuilder(503, "{}").addHeader("Retry-After", date).build());
    server.enqueue(json(200, "{}"));

    pipeline(HttpSettings.ofDefaults()).build().get("/x", Map.of());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(25));
  }

  @Test
  void resetHeaderOfASpentGitHubLimitSetsTheWait() {
    long reset = clock.instant().plusSeconds(30).getEpochSecond();
    server.enqueue(Fixtures.jsonBuilder(403, "{\"message\":\"API rate limit exceeded\"}")
        .addHeader("x-ratelimit-remaining", "0").addHeader("x-ratelimit-reset", reset).build());
    server.enqueue(json(200, "{}"));

    pipeline(HttpSettings.custom().adaptiveRateLimit(false).build()).build().get("/x", Map.of());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void announcedWaitLongerThanTheMaximumFailsAtOnce() {
    server.enqueue(Fixtures.jsonBuilder(429, "{}").addHeader("Retry-After", "3600").build());

    HttpException e = catchThrowableOfType(HttpException.class, () ->
        pipeline(HttpSettings.custom().maxRetryAfter(Duration.ofMinutes(5)).build()).build().get("/x", Map.of()));

    assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    assertThat(e.getMessage()).contains("longer than maxRetryAfter");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aWaitBeyondTheCallTimeoutIsNotStarted() {
    server.enqueue(Fixtures.jsonBuilder(503, "{}").addHeader("Retry-After", "20").build());

    HttpException e = catchThrowableOfType(HttpException.class, () -> pipeline(HttpSettings.custom()
        .callTimeout(Duration.ofSeconds(10)).build()).build().get("/x", Map.of()));

    assertThat(e.getMessage()).contains("would pass the call timeout (10 s)");
    assertThat(sleeper.waits).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givesUpAfterMaxAttemptsAndSaysSo() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(500, "{}"));
    }

    HttpException e = catchThrowableOfType(HttpException.class, () ->
        pipeline(HttpSettings.custom().maxAttempts(3).build()).build().get("/x", Map.of()));

    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.getMessage()).contains("Gave up after 3 attempts");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void nonRetryableCategoriesAreNotRetried() {
    server.enqueue(json(404, "{\"message\":\"Not Found\"}"));

    HttpException e = catchThrowableOfType(HttpException.class, () ->
        pipeline(HttpSettings.ofDefaults()).build().get("/x", Map.of()));

    assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void postWithoutIdempotencyKeyIsNotRetried() {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(201, "{}"));

    HttpException e = catchThrowableOfType(HttpException.class, () -> pipeline(HttpSettings.ofDefaults()).build()
        .post("/issues", Map.of(), JsonNodeFactory.instance.objectNode().put("title", "t")));

    assertThat(e.getMessage()).contains("Not retried: POST is not idempotent");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void postRefusedByARateLimitIsRetriedSinceTheToolDidNotActOnIt() {
    server.enqueue(Fixtures.jsonBuilder(429, "{}").addHeader("Retry-After", "2").build());
    server.enqueue(json(201, "{\"id\":9}"));

    pipeline(HttpSettings.ofDefaults()).build()
        .post("/issues", Map.of(), JsonNodeFactory.instance.objectNode().put("title", "t"));

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void postWithIdempotencyKeyIsRetriedAndSendsTheKey() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(201, "{\"id\":9}"));
    HttpCall call = HttpCall.post("/issues", JsonNodeFactory.instance.objectNode().put("title", "t"))
        .idempotencyKey("sync-123").build();

    HttpResult result = pipeline(HttpSettings.ofDefaults()).build().execute(call);

    assertThat(result.status()).isEqualTo(201);
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("sync-123");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"title\":\"t\"}");
  }

  @Test
  void postMarkedSafeIsRetried() {
    server.enqueue(json(500, "{}"));
    server.enqueue(json(200, "{}"));
    HttpCall call = HttpCall.post("/search", JsonNodeFactory.instance.objectNode()).safeToRetry().build();

    pipeline(HttpSettings.ofDefaults()).build().execute(call);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void okHttpDoesNotSilentlyReplayAPostAfterAConnectionFailure() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(json(201, "{}"));
    HttpPipeline pipeline = pipeline(HttpSettings.ofDefaults()).build();

    HttpException e = catchThrowableOfType(HttpException.class,
        () -> pipeline.post("/issues", Map.of(), JsonNodeFactory.instance.objectNode()));

    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getWhoseBodyWasCutOffIsRetriedAndSucceeds() {
    server.enqueue(Fixtures.cutOffWithoutLength("{\"id\":1,\"ti"));
    server.enqueue(Fixtures.jsonBuilder(200, "{\"id\":1,\"title\":\"" + "x".repeat(4000) + "\"}")
        .onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "{\"id\":1,\"title\":\"whole\"}"));

    assertThat(pipeline(HttpSettings.ofDefaults()).build().get("/issues/{id}", Map.of("id", 1))
        .path("title").asText()).isEqualTo("whole");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(events.events).extracting(HttpCallEvent::category)
        .containsExactly(ErrorCategory.TRANSIENT, ErrorCategory.TRANSIENT, null);
  }

  @Test
  void postWhoseAnswerWasCutOffIsNotRepeated() {
    // the tool may have created the issue: repeating the POST could create it twice (the engine
    // finds it by its marker instead)
    server.enqueue(Fixtures.cutOffWithoutLength("{\"id\":9,\"ti"));
    server.enqueue(json(201, "{\"id\":10}"));

    HttpException e = catchThrowableOfType(HttpException.class, () -> pipeline(HttpSettings.ofDefaults()).build()
        .post("/issues", Map.of(), JsonNodeFactory.instance.objectNode().put("title", "t")));

    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.getMessage()).contains("body ended early").contains("may have acted on it")
        .contains("Not retried: POST is not idempotent");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryBudgetStopsARetryStorm() {
    for (int i = 0; i < 20; i++) {
      server.enqueue(json(503, "{}"));
    }
    HttpPipeline pipeline = pipeline(HttpSettings.custom().maxAttempts(3).retryBudget(0, 2)
        .circuitFailureThreshold(100).build()).build();

    HttpException first = catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));
    HttpException second = catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));

    assertThat(first.getMessage()).contains("Gave up after 3 attempts");
    assertThat(second.getMessage()).contains("retry budget is spent");
    assertThat(server.getRequestCount()).isEqualTo(3 + 1);
  }

  @Test
  void getIsRetriedAfterAConnectionReset() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, true, true)).build());
    server.enqueue(json(200, "{\"ok\":true}"));

    assertThat(pipeline(HttpSettings.ofDefaults()).build().get("/x", Map.of()).path("ok").asBoolean()).isTrue();
  }

  @Test
  void requestsCarryPathValuesEncodedAndAUserAgent() throws Exception {
    server.enqueue(json(200, "{}"));

    pipeline(HttpSettings.custom().userAgent("acme-sync/2").build()).build()
        .get("/issues/{id}.json", Map.of("id", "a b/c"), Map.of("include", "journals"));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/issues/a%20b%2Fc.json?include=journals");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("acme-sync/2");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + Fixtures.PLANTED_SECRET);
  }
}
