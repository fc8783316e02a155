package dev.integrationagent.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Auth;
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.HttpSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the full HTTP pipeline (auth, static and adaptive rate limiting with ample budget,
 * bulkhead, circuit breaker, retry, classification, JSON parsing, events) over plain OkHttp for one
 * GET against a local MockWebServer. All variants send the same request, read the same body and
 * parse it with the same Jackson mapper, so the difference is the pipeline. {@code
 * plainOkHttpSameTimeouts} is plain OkHttp with the pipeline's timeouts (a call timeout has a
 * cost of its own in OkHttp); the {@code NoNetwork} pair (both with those timeouts)
 * answers from an interceptor, which leaves the pipeline's pure CPU cost.
 *
 * <pre>
 * java -jar integration-benchmarks/target/benchmarks.jar HttpPipeline -f 1 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpPipelineBenchmark {
  private static final String TOKEN = "ghp_benchmarkToken0123456789";
  private static final String BODY =
      "{\"id\":1,\"number\":1347,\"title\":\"Found a bug\",\"state\":\"open\",\"labels\":[{\"name\":\"bug\"}],"
          + "\"user\":{\"login\":\"octocat\",\"id\":1},\"body\":\"I'm having a problem with this.\","
          + "\"updated_at\":\"2026-03-02T10:00:00Z\"}";
  private static final Map<String, Object> PATH = Map.of("owner", "acme", "repo", "app", "number", 1347);

  private MockWebServer server;
  private OkHttpClient client;
  private HttpPipeline pipeline;
  private ObjectMapper json;
  private String plainUrl;
  private final LongAdder events = new LongAdder();
  private OkHttpClient timeoutClient;
  private OkHttpClient localClient;
  private HttpPipeline localPipeline;

  @Setup
  public void setUp() throws IOException {
    server = new MockWebServer();
    server.setServerSocketFactory(NoDelaySockets.server());
    MockResponse response = new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .addHeader("x-ratelimit-limit", "5000")
        .addHeader("x-ratelimit-remaining", "4999")
        .addHeader("x-ratelimit-reset", Long.toString(System.currentTimeMillis() / 1000 + 3600))
        .body(BODY)
        .build();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return response;
      }
    });
    server.start();
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.client()).build();
    json = new ObjectMapper();
    plainUrl = server.url("/repos/acme/app/issues/1347").toString();
    pipeline = HttpPipeline.builder(client)
        .connectionId("github")
        .baseUrl(server.url("/").toString())
        .auth(Auth.bearer(TOKEN))
        .settings(HttpSettings.custom()
            .rateLimit(1_000_000_000, Duration.ofSeconds(1))
            .maxConcurrentCalls(64)
            .build())
        .json(json)
        .listener(e -> events.increment())
        .build();

    // plain OkHttp with the timeouts the pipeline sets (HttpSettings defaults): a call timeout
    // costs OkHttp a watchdog registration per call, which is OkHttp's cost, not the pipeline's
    HttpSettings defaults = HttpSettings.ofDefaults();
    timeoutClient = client.newBuilder()
        .connectTimeout(defaults.connectTimeout())
        .readTimeout(defaults.readTimeout())
        .writeTimeout(defaults.readTimeout())
        .callTimeout(defaults.callTimeout())
        .build();

    // the same two clients answered by an interceptor instead of the network: what is left is
    // the CPU cost of the pipeline alone, free of socket and mock-server noise
    Interceptor local = new CannedResponse(BODY);
    // with the pipeline's timeouts: a call timeout makes OkHttp wake its watchdog thread per
    // call, a cost that would otherwise be charged to the pipeline
    localClient = timeoutClient.newBuilder().addInterceptor(local).build();
    localPipeline = HttpPipeline.builder(client)
        .connectionId("github-local")
        .baseUrl(server.url("/").toString())
        .auth(Auth.bearer(TOKEN))
        .settings(HttpSettings.custom()
            .rateLimit(1_000_000_000, Duration.ofSeconds(1))
            .maxConcurrentCalls(64)
            .build())
        .json(json)
        .listener(e -> events.increment())
        .interceptor(local)
        .build();
  }

  @TearDown
  public void tearDown() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Benchmark
  public JsonNode plainOkHttp() throws IOException {
    return plain(client);
  }

  @Benchmark
  public JsonNode plainOkHttpSameTimeouts() throws IOException {
    return plain(timeoutClient);
  }

  @Benchmark
  public JsonNode pipeline() {
    return pipeline.get("/repos/{owner}/{repo}/issues/{number}", PATH);
  }

  @Benchmark
  public JsonNode plainOkHttpNoNetwork() throws IOException {
    return plain(localClient);
  }

  @Benchmark
  public JsonNode pipelineNoNetwork() {
    return localPipeline.get("/repos/{owner}/{repo}/issues/{number}", PATH);
  }

  private JsonNode plain(OkHttpClient client) throws IOException {
    Request request = new Request.Builder()
        .url(plainUrl)
        .header("Accept", "application/json")
        .header("User-Agent", "integration-agent/0.1")
        .header("Authorization", "Bearer " + TOKEN)
        .build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      return json.readTree(response.body().bytes());
    }
  }

}
