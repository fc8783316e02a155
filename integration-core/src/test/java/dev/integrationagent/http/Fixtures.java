package dev.integrationagent.http;

import dev.integrationagent.Auth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;

/** Shared pieces of the pipeline tests. Every test authenticates with the planted secret. */
final class Fixtures {
  /** Must appear in no log line, exception message or event of the whole test run. */
  static final String PLANTED_SECRET = "ghp_PLANTEDs3cr3tV4lue9876";

  static final OkHttpClient SHARED = new OkHttpClient();

  private Fixtures() {}

  /** A pipeline against the server with the planted bearer token, a fake clock and no sleeping. */
  static HttpPipeline.Builder pipeline(MockWebServer server, FakeClock clock, RecordingSleeper sleeper) {
    return HttpPipeline.builder(SHARED)
        .connectionId("github")
        .baseUrl(server.url("/").toString())
        .auth(Auth.bearer(PLANTED_SECRET))
        .clock(clock)
        .sleeper(sleeper)
        .random(fixedRandom(0.5));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse.Builder jsonBuilder(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body);
  }

  /**
   * A 200 whose body ends where the server closes the connection (HTTP/1.1 with no
   * Content-Length and no chunks): a body cut off there looks complete to HTTP.
   */
  static MockResponse cutOffWithoutLength(String body) {
    return jsonBuilder(200, body).removeHeader("Content-Length")
        .onResponseEnd(new SocketEffect.CloseSocket()).build();
  }

  /** A random source whose nextDouble is always {@code value}. */
  static RandomGenerator fixedRandom(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 42;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  /** A listener that keeps every event. */
  static final class Events implements HttpCallListener {
    final List<HttpCallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onCall(HttpCallEvent event) {
      events.add(event);
    }
  }
}
