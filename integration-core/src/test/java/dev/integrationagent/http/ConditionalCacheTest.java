package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class ConditionalCacheTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  final Fixtures.Events events = new Fixtures.Events();

  private HttpPipeline pipeline() {
    return Fixtures.pipeline(server, clock, sleeper).listener(events).build();
  }

  @Test
  void notModifiedReturnsTheCachedBodyAsACacheHit() throws Exception {
    server.enqueue(Fixtures.jsonBuilder(200, "{\"title\":\"Crash on start\"}").addHeader("ETag", "W/\"abc\"").build());
    server.enqueue(new MockResponse.Builder().code(304).addHeader("ETag", "W/\"abc\"").build());
    HttpPipeline pipeline = pipeline();
    HttpCall call = HttpCall.get("/repos/{owner}/{repo}/issues/{n}")
        .pathParams(Map.of("owner", "acme", "repo", "app", "n", 1)).build();

    HttpResult first = pipeline.execute(call);
    HttpResult second = pipeline.execute(call);

    assertThat(first.cacheHit()).isFalse();
    assertThat(second.cacheHit()).isTrue();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body().path("title").asText()).isEqualTo("Crash on start");
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("W/\"abc\"");
    assertThat(events.events).extracting(HttpCallEvent::cacheHit).containsExactly(false, true);
    assertThat(events.events).extracting(HttpCallEvent::status).containsExactly(200, 304);
  }

  @Test
  void notModifiedKeepsTheStoredHeadersSuchAsTheNextPageLink() {
    server.enqueue(Fixtures.jsonBuilder(200, "[]").addHeader("ETag", "W/\"p1\"")
        .addHeader("Link", "<" + server.url("/items?page=2") + ">; rel=\"next\"").addHeader("X-Seen", "old").build());
    server.enqueue(new MockResponse.Builder().code(304).addHeader("ETag", "W/\"p1\"").addHeader("X-Seen", "new").build());
    HttpPipeline pipeline = pipeline();
    HttpCall call = HttpCall.get("/items").build();

    pipeline.execute(call);
    HttpResult revalidated = pipeline.execute(call);

    assertThat(revalidated.cacheHit()).isTrue();
    assertThat(revalidated.header("Link")).hasValueSatisfying(link -> assertThat(link).contains("page=2"));
    assertThat(revalidated.header("X-Seen")).contains("new");
  }

  @Test
  void lastModifiedIsRevalidatedWithIfModifiedSince() throws Exception {
    String lastModified = "Mon, 02 Mar 2026 09:00:00 GMT";
    server.enqueue(Fixtures.jsonBuilder(200, "[1,2]").addHeader("Last-Modified", lastModified).build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    HttpPipeline pipeline = pipeline();

    pipeline.get("/issues", Map.of());
    assertThat(pipeline.get("/issues", Map.of())).hasSize(2);

    server.takeRequest();
    RecordedRequest revalidation = server.takeRequest();
    assertThat(revalidation.getHeaders().get("If-Modified-Since")).isEqualTo(lastModified);
    assertThat(revalidation.getHeaders().get("If-None-Match")).isNull();
  }

  @Test
  void aChangedResourceReplacesTheCachedOne() {
    server.enqueue(Fixtures.jsonBuilder(200, "{\"v\":1}").addHeader("ETag", "\"1\"").build());
    server.enqueue(Fixtures.jsonBuilder(200, "{\"v\":2}").addHeader("ETag", "\"2\"").build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    HttpPipeline pipeline = pipeline();

    pipeline.get("/item", Map.of());
    assertThat(pipeline.get("/item", Map.of()).path("v").asInt()).isEqualTo(2);
    assertThat(pipeline.get("/item", Map.of()).path("v").asInt()).isEqualTo(2);
  }

  @Test
  void aBodyCutOffInTransitIsNotCachedSoItsRetryIsNotAnsweredWithItAgain() throws Exception {
    // HTTP/1.1 without a length: the body ends where the connection closes, mid-JSON here
    server.enqueue(Fixtures.jsonBuilder(200, "{\"title\":\"Crash on st").removeHeader("Content-Length")
        .addHeader("ETag", "W/\"abc\"").onResponseEnd(new mockwebserver3.SocketEffect.CloseSocket()).build());
    server.enqueue(Fixtures.jsonBuilder(200, "{\"title\":\"Crash on start\"}").addHeader("ETag", "W/\"abc\"").build());
    server.enqueue(new MockResponse.Builder().code(304).addHeader("ETag", "W/\"abc\"").build());
    HttpPipeline pipeline = pipeline();

    assertThat(pipeline.get("/item", Map.of()).path("title").asText()).isEqualTo("Crash on start");
    HttpResult revalidated = pipeline.execute(HttpCall.get("/item").build());

    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).as("the cut-off answer was not kept").isNull();
    assertThat(revalidated.cacheHit()).isTrue();
    assertThat(revalidated.body().path("title").asText()).isEqualTo("Crash on start");
  }

  @Test
  void responsesWithoutValidatorsAreNotRevalidated() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    HttpPipeline pipeline = pipeline();

    pipeline.get("/item", Map.of());
    pipeline.get("/item", Map.of());

    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
  }
}
