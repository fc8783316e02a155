package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Auth;
import dev.integrationagent.api.connector.ConnectorContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class RestConnectorSupportTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final Fixtures.Events events = new Fixtures.Events();
  final HttpClients agentHttp = HttpClients.wrap(Fixtures.SHARED);

  /** What a connector author writes: defaults, paths and JSON mapping, nothing about HTTP. */
  static final class RedmineSession extends RestConnectorSupport {
    static final HttpSettings DEFAULTS = HttpSettings.custom().maxConcurrentCalls(2).build();

    RedmineSession(ConnectorContext context, String baseUrl, String apiKey) {
      super(pipeline(context, baseUrl, Auth.apiKeyHeader("X-Redmine-API-Key", apiKey), DEFAULTS).build(),
          Pagination.offsetLimit("offset", "limit", 2, "issues"));
    }

    String subject(int id) {
      return get("/issues/{id}.json", Map.of("id", id)).path("issue").path("subject").asText();
    }

    List<String> subjects(int projectId) {
      return list(HttpCall.get("/issues.json").query("project_id", projectId).build())
          .map(issue -> issue.path("subject").asText())
          .collect(Collectors.toList());
    }
  }

  final ConnectorContext context = new ConnectorContext() {
    @Override
    public String connectionId() {
      return "redmine";
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public ObjectMapper json() {
      return new ObjectMapper();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
      if (type == HttpClients.class) {
        return Optional.of(type.cast(agentHttp));
      }
      if (type == HttpCallListener.class) {
        return Optional.of(type.cast(events));
      }
      return Optional.empty();
    }
  };

  @Test
  void aConnectorWritesOnlyPathsAndMapping() throws Exception {
    server.enqueue(json(200, "{\"issue\":{\"id\":7,\"subject\":\"Printer on fire\"}}"));
    server.enqueue(json(200, "{\"issues\":[{\"subject\":\"a\"},{\"subject\":\"b\"}],\"total_count\":3}"));
    server.enqueue(json(200, "{\"issues\":[{\"subject\":\"c\"}],\"total_count\":3}"));
    RedmineSession redmine = new RedmineSession(context, server.url("/").toString(), Fixtures.PLANTED_SECRET);

    assertThat(redmine.subject(7)).isEqualTo("Printer on fire");
    assertThat(redmine.subjects(3)).containsExactly("a", "b", "c");

    assertThat(server.takeRequest().getHeaders().get("X-Redmine-API-Key")).isEqualTo(Fixtures.PLANTED_SECRET);
    assertThat(events.events).extracting(HttpCallEvent::connectionId).containsOnly("redmine");
    assertThat(events.events).extracting(HttpCallEvent::pathTemplate)
        .containsExactly("/issues/{id}.json", "/issues.json", "/issues.json");
  }

  @Test
  void apiKeyInTheQueryIsSentButNeverPrinted() throws Exception {
    server.enqueue(json(404, "{\"errors\":[\"not found\"]}"));
    HttpPipeline pipeline = HttpPipeline.builder(agentHttp).connectionId("redmine")
        .baseUrl(server.url("/").toString()).auth(Auth.apiKeyQuery("key", Fixtures.PLANTED_SECRET))
        .clock(clock).build();

    HttpException e = org.assertj.core.api.Assertions.catchThrowableOfType(HttpException.class,
        () -> pipeline.get("/issues/{id}.json", Map.of("id", 1)));

    assertThat(server.takeRequest().getUrl().queryParameter("key")).isEqualTo(Fixtures.PLANTED_SECRET);
    assertThat(e.getMessage()).doesNotContain(Fixtures.PLANTED_SECRET);
  }

  @Test
  void basicAuthIsSentAsRfc7617() throws Exception {
    server.enqueue(json(200, "{}"));
    HttpPipeline pipeline = HttpPipeline.builder(agentHttp).connectionId("jira")
        .baseUrl(server.url("/").toString()).auth(Auth.basic("me@acme.test", "api-token")).build();

    JsonNode ignored = pipeline.get("/rest/api/3/myself", Map.of());

    assertThat(ignored.isObject()).isTrue();
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("me@acme.test:api-token".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)));
  }
}
