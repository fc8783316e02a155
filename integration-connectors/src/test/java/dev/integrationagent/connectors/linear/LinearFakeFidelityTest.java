package dev.integrationagent.connectors.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeLinear;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FakeLinear refuses what Linear refuses and pages and filters as Linear documents. */
class LinearFakeFidelityTest {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final FakeLinear linear = FakeLinear.start(clock);
  private final OkHttpClient client = new OkHttpClient();

  @AfterEach
  void stop() {
    linear.close();
  }

  @Test
  void aFieldTheSchemaLacksIsAValidationErrorWithStatus400() throws IOException {
    Answer answer = post(linear.apiKey(), "{\"query\":\"query { viewer { id nickname } }\"}");

    assertThat(answer.status).isEqualTo(400);
    assertThat(answer.body.path("errors").path(0).path("extensions").path("code").asText())
        .isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(answer.body.path("errors").path(0).path("message").asText()).contains("nickname");
  }

  @Test
  void aVariableOfTheWrongTypeIsRefusedWith400() throws IOException {
    Answer answer = post(linear.apiKey(), "{\"query\":\"query Q($id: String!) { issue(id: $id) { id } }\","
        + "\"variables\":{\"id\":{\"not\":\"a string\"}}}");

    assertThat(answer.status).isEqualTo(400);
  }

  @Test
  void aRequestWithoutCredentialsIsRefusedWith401AndAnAuthenticationError() throws IOException {
    Answer answer = post(null, "{\"query\":\"query { viewer { id } }\"}");

    assertThat(answer.status).isEqualTo(401);
    assertThat(answer.body.path("errors").path(0).path("extensions").path("code").asText())
        .isEqualTo("AUTHENTICATION_ERROR");
  }

  @Test
  void everyAnswerAnnouncesBothBudgets() throws IOException {
    Answer answer = post("Bearer " + linear.accessToken(), "{\"query\":\"query { viewer { id } }\"}");

    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.headers).contains("x-ratelimit-requests-remaining", "x-ratelimit-requests-reset",
        "x-ratelimit-complexity-remaining", "x-complexity");
  }

  @Test
  void issuesOrderedByUpdatedAtComeLatestFirstFilteredAndPaged() throws IOException {
    String old = linear.createIssue("old");
    clock.advance(Duration.ofMinutes(1));
    String middle = linear.createIssue("middle");
    clock.advance(Duration.ofMinutes(1));
    String recent = linear.createIssue("recent");
    clock.advance(Duration.ofMinutes(1));
    linear.editTitle(old, "old, edited");
    String query = "{\"query\":\"query P($after: String) { issues(first: 2, after: $after, orderBy: updatedAt, "
        + "filter: { updatedAt: { gte: \\\"2026-03-02T09:16:00.000Z\\\" } }) { nodes { id } pageInfo { hasNextPage endCursor } } }\","
        + "\"variables\":{\"after\":%s}}";

    JsonNode first = post(linear.apiKey(), query.formatted("null")).body.path("data").path("issues");
    JsonNode second = post(linear.apiKey(), query.formatted('"' + first.path("pageInfo").path("endCursor").asText()
        + '"')).body.path("data").path("issues");

    assertThat(first.path("nodes").findValuesAsText("id")).containsExactly(old, recent);
    assertThat(first.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
    assertThat(second.path("nodes").findValuesAsText("id")).containsExactly(middle);
    assertThat(second.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
  }

  private record Answer(int status, JsonNode body, List<String> headers) {}

  private Answer post(@Nullable String authorization, String json) throws IOException {
    Request.Builder request = new Request.Builder().url(linear.url() + "/graphql")
        .post(RequestBody.create(json, MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      return new Answer(response.code(), LinearFixture.JSON.readTree(response.body().string()),
          response.headers().names().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList());
    }
  }
}
