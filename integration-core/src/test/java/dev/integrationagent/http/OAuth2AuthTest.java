package dev.integrationagent.http;

import static dev.integrationagent.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.integrationagent.Auth;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class OAuth2AuthTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeClock clock = new FakeClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  /** A token endpoint issuing token-1, token-2, … and an API accepting only the newest token. */
  final class AuthServer extends Dispatcher {
    final AtomicInteger tokenRequests = new AtomicInteger();
    final List<String> tokenForms = new CopyOnWriteArrayList<>();
    volatile boolean rotateRefreshToken;
    volatile long expiresIn = 3600;
    volatile int tokenDelayMillis;

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      if (request.getUrl().encodedPath().equals("/oauth/token")) {
        if (tokenDelayMillis > 0) {
          Thread.sleep(tokenDelayMillis); // keep the fetch in flight so that concurrent callers pile up
        }
        int n = tokenRequests.incrementAndGet();
        tokenForms.add(request.getBody().utf8());
        String refresh = rotateRefreshToken ? ",\"refresh_token\":\"refresh-" + n + "\"" : "";
        return json(200, "{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":"
            + expiresIn + refresh + "}");
      }
      String newest = "Bearer token-" + tokenRequests.get();
      return newest.equals(request.getHeaders().get("Authorization"))
          ? json(200, "{\"ok\":true}")
          : json(401, "{\"message\":\"Bad credentials\"}");
    }
  }

  final AuthServer authServer = new AuthServer();

  private OAuth2Auth.Builder clientCredentials() {
    server.setDispatcher(authServer);
    return Auth.oauth2ClientCredentials(server.url("/oauth/token").toString(), "client-id", Fixtures.PLANTED_SECRET)
        .httpClient(Fixtures.SHARED).clock(clock);
  }

  private HttpPipeline pipeline(OAuth2Auth auth) {
    return Fixtures.pipeline(server, clock, sleeper).auth(auth).build();
  }

  @Test
  void concurrentCallersShareOneTokenRequest() throws Exception {
    authServer.tokenDelayMillis = 100;
    HttpPipeline pipeline = pipeline(clientCredentials().build());
    ExecutorService callers = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(callers.submit(() -> {
        start.await();
        return pipeline.get("/me", Map.of()).path("ok").asBoolean();
      }));
    }
    start.countDown();
    for (Future<Boolean> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isTrue();
    }
    callers.shutdown();

    assertThat(authServer.tokenRequests).hasValue(1);
  }

  @Test
  void concurrent401sWithTheSameStaleTokenCauseOneRefresh() throws Exception {
    OAuth2Auth auth = clientCredentials().build();
    auth.apply(new Recording()); // token-1 is cached
    // the API now only accepts token-2: every caller gets a 401 with token-1 first
    AtomicInteger apiAccepts = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().equals("/oauth/token")) {
          return authServer.dispatch(request);
        }
        boolean fresh = "Bearer token-2".equals(request.getHeaders().get("Authorization"));
        if (fresh) {
          apiAccepts.incrementAndGet();
        }
        return fresh ? json(200, "{}") : json(401, "{\"message\":\"Bad credentials\"}");
      }
    });
    HttpPipeline pipeline = pipeline(auth);
    ExecutorService callers = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(callers.submit(() -> {
        start.await();
        return pipeline.get("/me", Map.of());
      }));
    }
    start.countDown();
    for (Future<?> call : calls) {
      call.get(10, TimeUnit.SECONDS);
    }
    callers.shutdown();

    assertThat(authServer.tokenRequests).hasValue(2);
    assertThat(apiAccepts).hasValue(8);
  }

  @Test
  void tokenIsCachedUntilShortlyBeforeExpiry() {
    HttpPipeline pipeline = pipeline(clientCredentials().refreshMargin(Duration.ofSeconds(60)).build());

    pipeline.get("/me", Map.of());
    clock.advance(Duration.ofSeconds(3500));
    pipeline.get("/me", Map.of());
    assertThat(authServer.tokenRequests).hasValue(1);

    clock.advance(Duration.ofSeconds(45)); // 55 s before expiry: inside the margin
    pipeline.get("/me", Map.of());
    assertThat(authServer.tokenRequests).hasValue(2);
  }

  @Test
  void a401RefreshesOnceAndReplaysTheRequestOnce() throws Exception {
    HttpPipeline pipeline = pipeline(clientCredentials().build());
    pipeline.get("/me", Map.of());
    authServer.tokenRequests.incrementAndGet(); // the server revokes token-1 behind our back

    assertThat(pipeline.get("/me", Map.of()).path("ok").asBoolean()).isTrue();
    assertThat(authServer.tokenRequests).hasValue(3);
  }

  @Test
  void aSecond401Stands() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        return request.getUrl().encodedPath().equals("/oauth/token")
            ? authServer.dispatch(request) : json(401, "{\"message\":\"Bad credentials\"}");
      }
    });
    OAuth2Auth auth = Auth.oauth2ClientCredentials(server.url("/oauth/token").toString(), "client-id",
        Fixtures.PLANTED_SECRET).httpClient(Fixtures.SHARED).clock(clock).build();

    HttpException e = catchThrowableOfType(HttpException.class, () -> pipeline(auth).get("/me", Map.of()));

    assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
    assertThat(e.getMessage()).contains("Bad credentials").contains("credentials");
    assertThat(authServer.tokenRequests).hasValue(2);
  }

  @Test
  void rotatedRefreshTokenIsHandedToTheHostAndUsedNext() {
    authServer.rotateRefreshToken = true;
    server.setDispatcher(authServer);
    List<String> saved = new CopyOnWriteArrayList<>();
    OAuth2Auth auth = Auth.oauth2RefreshToken(server.url("/oauth/token").toString(), "client-id",
            Fixtures.PLANTED_SECRET, "refresh-0")
        .httpClient(Fixtures.SHARED).clock(clock).onRefreshTokenRotated(saved::add).build();
    HttpPipeline pipeline = pipeline(auth);

    pipeline.get("/me", Map.of());
    clock.advance(Duration.ofHours(2));
    pipeline.get("/me", Map.of());

    assertThat(saved).containsExactly("refresh-1", "refresh-2");
    assertThat(authServer.tokenForms.get(0)).contains("grant_type=refresh_token").contains("refresh_token=refresh-0");
    assertThat(authServer.tokenForms.get(1)).contains("refresh_token=refresh-1");
  }

  @Test
  void clientCredentialsAreSentAsBasicAuthAndScope() throws Exception {
    clientCredentials().scope("read:jira-work").build().apply(new Recording());

    RecordedRequest tokenRequest = server.takeRequest();
    assertThat(tokenRequest.getBody().utf8()).isEqualTo("grant_type=client_credentials&scope=read%3Ajira-work");
    assertThat(tokenRequest.getHeaders().get("Authorization")).startsWith("Basic ");
  }

  @Test
  void aRejectedClientSecretIsAnAuthenticationError() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}");
      }
    });
    OAuth2Auth auth = Auth.oauth2ClientCredentials(server.url("/oauth/token").toString(), "client-id",
        Fixtures.PLANTED_SECRET).httpClient(Fixtures.SHARED).clock(clock).build();

    IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> auth.apply(new Recording()));

    assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
    assertThat(e.getMessage()).contains("invalid_client").contains("/oauth/token");
  }

  /** An auth request that just records headers. */
  static final class Recording implements AuthRequest {
    final List<String> headers = new ArrayList<>();

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public URI url() {
      return URI.create("https://example.test/");
    }

    @Override
    public void header(String name, String value) {
      headers.add(name + ": " + value);
    }

    @Override
    public void queryParameter(String name, String value) {}
  }
}
