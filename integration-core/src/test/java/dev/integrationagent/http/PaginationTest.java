package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class PaginationTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  private HttpPipeline pipeline() {
    return Fixtures.pipeline(server, clock, sleeper).build();
  }

  private List<Integer> ids(java.util.stream.Stream<JsonNode> items) {
    return items.map(i -> i.path("id").asInt()).collect(Collectors.toList());
  }

  private List<String> targets(int n) throws InterruptedException {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordedRequest r = server.takeRequest();
      out.add(r.getTarget());
    }
    return out;
  }

  @Test
  void followsLinkHeadersAcrossPages() throws Exception {
    String base = server.url("/").toString();
    server.enqueue(Fixtures.jsonBuilder(200, "[{\"id\":1},{\"id\":2}]")
        .addHeader("Link", "<" + base + "repositories/9/issues?page=2>; rel=\"next\", <" + base
            + "repositories/9/issues?page=3>; rel=\"last\"").build());
    server.enqueue(Fixtures.jsonBuilder(200, "[{\"id\":3},{\"id\":4}]")
        .addHeader("Link", "<" + base + "repositories/9/issues?page=1>; rel=\"prev\", <" + base
            + "repositories/9/issues?page=3>; rel=\"next\"").build());
    server.enqueue(Fixtures.jsonBuilder(200, "[{\"id\":5}]")
        .addHeader("Link", "<" + base + "repositories/9/issues?page=2>; rel=\"prev\"").build());

    List<Integer> ids = ids(pipeline().items(
        HttpCall.get("/repos/{owner}/{repo}/issues").pathParam("owner", "acme").pathParam("repo", "app").build(),
        Pagination.linkHeader("")));

    assertThat(ids).containsExactly(1, 2, 3, 4, 5);
    assertThat(targets(3)).containsExactly(
        "/repos/acme/app/issues", "/repositories/9/issues?page=2", "/repositories/9/issues?page=3");
  }

  @Test
  void pagesAreFetchedOnlyWhenNeeded() {
    String base = server.url("/").toString();
    server.enqueue(Fixtures.jsonBuilder(200, "[{\"id\":1}]").addHeader("Link", "<" + base + "x?page=2>; rel=\"next\"").build());
    server.enqueue(Fixtures.jsonBuilder(200, "[{\"id\":2}]").addHeader("Link", "<" + base + "x?page=3>; rel=\"next\"").build());

    List<Page> first = pipeline().pages(HttpCall.get("/x").build(), Pagination.linkHeader("")).limit(1).toList();

    assertThat(first).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refusesToFollowALinkToAnotherOrigin() {
    server.enqueue(Fixtures.jsonBuilder(200, "[{\"id\":1}]")
        .addHeader("Link", "<https://evil.example/steal?page=2>; rel=\"next\"").build());

    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> pipeline().items(HttpCall.get("/x").build(), Pagination.linkHeader("")).toList());

    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
    assertThat(e.getMessage()).contains("another origin");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRedirectToAnotherOriginIsNotFollowed() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(302)
          .addHeader("Location", elsewhere.url("/steal").toString()).build());
      HttpPipeline pipeline = Fixtures.pipeline(server, clock, sleeper)
          .auth(dev.integrationagent.Auth.apiKeyHeader("X-Redmine-API-Key", Fixtures.PLANTED_SECRET)).build();

      IntegrationException e = catchThrowableOfType(IntegrationException.class,
          () -> pipeline.get("/issues.json", java.util.Map.of()));

      assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
      assertThat(e.getMessage()).contains("redirected to another origin");
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void aRedirectWithinTheOriginIsFollowed() {
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(301)
        .addHeader("Location", server.url("/repositories/9").toString()).build());
    server.enqueue(json(200, "{\"id\":9}"));

    assertThat(pipeline().get("/repos/acme/app", java.util.Map.of()).path("id").asInt()).isEqualTo(9);
  }

  @Test
  void offsetAndLimitUntilTotalCount() throws Exception {
    server.enqueue(json(200, "{\"issues\":[{\"id\":1},{\"id\":2}],\"total_count\":5,\"offset\":0,\"limit\":2}"));
    server.enqueue(json(200, "{\"issues\":[{\"id\":3},{\"id\":4}],\"total_count\":5,\"offset\":2,\"limit\":2}"));
    server.enqueue(json(200, "{\"issues\":[{\"id\":5}],\"total_count\":5,\"offset\":4,\"limit\":2}"));

    List<Integer> ids = ids(pipeline().items(HttpCall.get("/issues.json").query("project_id", 3).build(),
        Pagination.offsetLimit("offset", "limit", 2, "issues")));

    assertThat(ids).containsExactly(1, 2, 3, 4, 5);
    assertThat(targets(3)).containsExactly(
        "/issues.json?project_id=3&offset=0&limit=2",
        "/issues.json?project_id=3&offset=2&limit=2",
        "/issues.json?project_id=3&offset=4&limit=2");
  }

  @Test
  void offsetEndsWhenTotalIsReachedExactly() {
    server.enqueue(json(200, "{\"issues\":[{\"id\":1},{\"id\":2}],\"total_count\":4}"));
    server.enqueue(json(200, "{\"issues\":[{\"id\":3},{\"id\":4}],\"total_count\":4}"));

    assertThat(ids(pipeline().items(HttpCall.get("/issues.json").build(),
        Pagination.offsetLimit("offset", "limit", 2, "issues")))).containsExactly(1, 2, 3, 4);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void pageNumbersUntilAShortPage() throws Exception {
    server.enqueue(json(200, "[{\"id\":1},{\"id\":2}]"));
    server.enqueue(json(200, "[{\"id\":3},{\"id\":4}]"));
    server.enqueue(json(200, "[{\"id\":5}]"));

    List<Integer> ids = ids(pipeline().items(HttpCall.get("/projects/7/issues").build(),
        Pagination.pageNumber("page", "per_page", 2, "")));

    assertThat(ids).containsExactly(1, 2, 3, 4, 5);
    assertThat(targets(3)).containsExactly("/projects/7/issues?page=1&per_page=2",
        "/projects/7/issues?page=2&per_page=2", "/projects/7/issues?page=3&per_page=2");
  }

  @Test
  void cursorTokensFromTheBody() throws Exception {
    server.enqueue(json(200, "{\"issues\":[{\"id\":1},{\"id\":2}],\"nextPageToken\":\"CAEaAggD\"}"));
    server.enqueue(json(200, "{\"issues\":[{\"id\":3}],\"nextPageToken\":\"CAEaAggG\"}"));
    server.enqueue(json(200, "{\"issues\":[{\"id\":4}],\"isLast\":true}"));

    List<Integer> ids = ids(pipeline().items(
        HttpCall.get("/rest/api/3/search/jql").query("jql", "project = APP").build(),
        Pagination.cursor("nextPageToken", "nextPageToken", "issues")));

    assertThat(ids).containsExactly(1, 2, 3, 4);
    assertThat(targets(3)).containsExactly(
        "/rest/api/3/search/jql?jql=project%20%3D%20APP",
        "/rest/api/3/search/jql?jql=project%20%3D%20APP&nextPageToken=CAEaAggD",
        "/rest/api/3/search/jql?jql=project%20%3D%20APP&nextPageToken=CAEaAggG");
  }

  @Test
  void startAtAndMaxResultsUntilTotal() throws Exception {
    server.enqueue(json(200, "{\"startAt\":0,\"maxResults\":2,\"total\":5,\"values\":[{\"id\":1},{\"id\":2}]}"));
    server.enqueue(json(200, "{\"startAt\":2,\"maxResults\":2,\"total\":5,\"values\":[{\"id\":3},{\"id\":4}]}"));
    server.enqueue(json(200, "{\"startAt\":4,\"maxResults\":2,\"total\":5,\"values\":[{\"id\":5}]}"));

    List<Integer> ids = ids(pipeline().items(HttpCall.get("/rest/api/3/project/search").build(),
        Pagination.startAt(2, "values")));

    assertThat(ids).containsExactly(1, 2, 3, 4, 5);
    assertThat(targets(3)).containsExactly("/rest/api/3/project/search?startAt=0&maxResults=2",
        "/rest/api/3/project/search?startAt=2&maxResults=2", "/rest/api/3/project/search?startAt=4&maxResults=2");
  }

  @Test
  void startAtStopsAtIsLast() {
    server.enqueue(json(200, "{\"startAt\":0,\"maxResults\":2,\"isLast\":false,\"values\":[{\"id\":1},{\"id\":2}]}"));
    server.enqueue(json(200, "{\"startAt\":2,\"maxResults\":2,\"isLast\":false,\"values\":[{\"id\":3},{\"id\":4}]}"));
    server.enqueue(json(200, "{\"startAt\":4,\"maxResults\":2,\"isLast\":true,\"values\":[{\"id\":5},{\"id\":6}]}"));

    assertThat(ids(pipeline().items(HttpCall.get("/rest/api/3/project/search").build(),
        Pagination.startAt(2, "values")))).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void linkHeaderParsingFindsNextAmongSeveralRelations() {
    assertThat(LinkHeaders.next("<https://a/x?page=1>; rel=\"prev first\", <https://a/x?page=3>; rel=\"next\""))
        .isEqualTo("https://a/x?page=3");
    assertThat(LinkHeaders.next("<https://a/x?page=1>; rel=\"prev\"")).isNull();
  }
}
