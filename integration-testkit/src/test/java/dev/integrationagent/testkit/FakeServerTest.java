package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeServerTest {
  /** A one-route fake with a token check. */
  static final class TinyFake extends FakeServer {
    TinyFake() {
      super(FakeClock.at("2026-01-05T10:00:00Z"));
      route("GET", "/items/{id}", (s, r) -> Response0.ok(r.param("id")));
      startServer();
    }

    @Override
    protected FakeServer.Response errorResponse(int status, String message) {
      return FakeServer.Response.json(status, Map.of("message", message));
    }

    @Override
    protected @Nullable FakeServer.Response authenticate(FakeServer.Request request, String route) {
      return "Bearer good".equals(request.header("Authorization")) ? null : errorResponse(401, "Bad credentials");
    }
  }

  /** Builds the fake's answers. */
  static final class Response0 {
    static FakeServer.Response ok(String id) {
      return FakeServer.Response.json(200, Map.of("id", id));
    }
  }

  private final TinyFake fake = new TinyFake();
  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void stop() {
    fake.close();
  }

  private Response get(String path, String auth) throws IOException {
    return client.newCall(new Request.Builder().url(fake.url() + path).header("Authorization", auth).build()).execute();
  }

  @Test
  void routesWithParametersAndCountsThem() throws IOException {
    try (Response r = get("/items/42", "Bearer good")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("{\"id\":\"42\"}");
    }
    try (Response r = get("/nowhere", "Bearer good")) {
      assertThat(r.code()).isEqualTo(404);
    }
    assertThat(fake.requestCount("GET /items/{id}")).isEqualTo(1);
  }

  @Test
  void refusesBadCredentialsWithTheVendorsError() throws IOException {
    try (Response r = get("/items/1", "Bearer bad")) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).contains("Bad credentials");
    }
  }

  @Test
  void injectedFaultsHitTheNextRequestsOnly() throws IOException {
    fake.failNext(1, 503);
    fake.dropNext(1);

    try (Response r = get("/items/1", "Bearer good")) {
      assertThat(r.code()).isEqualTo(503);
    }
    assertThatThrownBy(() -> get("/items/1", "Bearer good").close()).isInstanceOf(IOException.class);
    try (Response r = get("/items/1", "Bearer good")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }
}
