package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A GraphQL connection ({@code graphQl()}): the errors' type classifies first, the status second. */
class GraphQlClassificationTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  private HttpException failureOf(MockResponse response, boolean graphQl) {
    server.enqueue(response);
    HttpPipeline.Builder builder = Fixtures.pipeline(server, clock, sleeper)
        .settings(HttpSettings.custom().maxAttempts(1).circuitFailureThreshold(100).build());
    if (graphQl) {
      builder.graphQl();
    }
    HttpPipeline pipeline = builder.build();
    return catchThrowableOfType(HttpException.class,
        () -> pipeline.post("/graphql", Map.of(), new ObjectMapper().createObjectNode().put("query", "{ viewer { id } }")));
  }

  private static String error(String type, String code, String message) {
    return "{\"errors\":[{\"message\":\"" + message + "\",\"extensions\":{\"type\":\"" + type + "\",\"code\":\"" + code
        + "\"}}],\"data\":null}";
  }

  @ParameterizedTest(name = "{1} under HTTP {0} is {3}")
  @CsvSource({
      "400, ratelimited, RATELIMITED, RATE_LIMITED",
      "200, ratelimited, RATELIMITED, RATE_LIMITED",
      "400, authentication error, AUTHENTICATION_ERROR, AUTHENTICATION",
      "200, forbidden, FORBIDDEN, AUTHORIZATION",
      "400, graphql error, GRAPHQL_VALIDATION_FAILED, VALIDATION",
      "500, internal error, INTERNAL_SERVER_ERROR, TRANSIENT",
      "400, , RATELIMITED, RATE_LIMITED",
      "400, unheard of, NOPE, VALIDATION"})
  void theErrorsTypeDecidesBeforeTheStatus(int status, String type, String code, ErrorCategory expected) {
    HttpException e = failureOf(json(status, error(type == null ? "" : type, code, "it failed")), true);

    assertThat(e.category()).isEqualTo(expected);
    assertThat(e.getMessage()).contains("it failed");
  }

  @Test
  void anUnknownIdIsNotFound() {
    HttpException e = failureOf(json(200, error("invalid input", "INPUT_ERROR", "Entity not found: Issue")), true);

    assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
  }

  @Test
  void aRateLimitWaitsForTheAnnouncedRequestsReset() {
    long reset = clock.instant().plusSeconds(30).toEpochMilli();
    HttpException e = failureOf(Fixtures.jsonBuilder(400, error("ratelimited", "RATELIMITED", "Rate limit exceeded"))
        .addHeader("X-RateLimit-Requests-Remaining", "0").addHeader("X-RateLimit-Requests-Reset", reset).build(), true);

    assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isBetween(29L, 30L));
  }

  @Test
  void aRestConnectionStillClassifiesByStatus() {
    HttpException e = failureOf(json(400, error("ratelimited", "RATELIMITED", "Rate limit exceeded")), false);

    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
  }
}
