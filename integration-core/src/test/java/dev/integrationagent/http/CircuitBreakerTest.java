package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.integrationagent.api.ErrorCategory;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  HttpPipeline pipeline;

  @BeforeEach
  void buildPipeline() {
    pipeline = Fixtures.pipeline(server, clock, sleeper)
        .settings(HttpSettings.custom().maxAttempts(1).circuitFailureThreshold(3)
            .circuitOpenDuration(Duration.ofSeconds(30)).circuitHalfOpenCalls(1).build())
        .build();
  }

  private void failThreeTimes() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(503, "{}"));
      catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));
    }
  }

  @Test
  void aRunOfTransientFailuresOpensTheCircuitAndCallsFailFast() {
    failThreeTimes();

    HttpException e = catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));

    assertThat(pipeline.circuitState()).isEqualTo("OPEN");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.getMessage())
        .contains("github: GET /x not attempted: the circuit is open")
        .contains("until " + clock.instant().plusSeconds(30));
  }

  @Test
  void afterTheOpenDurationATrialCallClosesTheCircuit() {
    failThreeTimes();
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(json(200, "{\"ok\":true}"));

    assertThat(pipeline.get("/x", Map.of()).path("ok").asBoolean()).isTrue();
    assertThat(pipeline.circuitState()).isEqualTo("CLOSED");
  }

  @Test
  void aFailedTrialCallOpensTheCircuitAgain() {
    failThreeTimes();
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(json(502, "{}"));

    catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));
    assertThat(pipeline.circuitState()).isEqualTo("OPEN");
    HttpException e = catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));

    assertThat(e.getMessage()).contains("circuit is open").contains("until " + clock.instant().plusSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void stillOpenBeforeTheOpenDurationHasPassed() {
    failThreeTimes();
    clock.advance(Duration.ofSeconds(29));

    catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));

    assertThat(pipeline.circuitState()).isEqualTo("OPEN");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void nonTransientFailuresDoNotOpenTheCircuit() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(404, "{\"message\":\"Not Found\"}"));
      catchThrowableOfType(HttpException.class, () -> pipeline.get("/x", Map.of()));
    }

    assertThat(pipeline.circuitState()).isEqualTo("CLOSED");
  }

  @Test
  void aSuccessInBetweenBreaksTheRun() {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(503, "{}"));
    server.enqueue(json(200, "{}"));
    server.enqueue(json(503, "{}"));
    for (int i = 0; i < 4; i++) {
      try {
        pipeline.get("/x", Map.of());
      } catch (HttpException expected) {
        // the run of failures is what matters here
      }
    }

    assertThat(pipeline.circuitState()).isEqualTo("CLOSED");
  }
}
