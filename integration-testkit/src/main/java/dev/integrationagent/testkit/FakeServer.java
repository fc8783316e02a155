package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.annotation.Nullable;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/**
 * The common part of the test kit's fake servers ({@code FakeGitHub}, {@code FakeJira},
 * {@code FakeRedmine}): a {@link MockWebServer} on loopback, a router from method and path
 * template to handler, request counts by route, and fault injection (fail the next calls with a
 * status, drop the connection, add latency). Each fake supplies its routes, its authentication
 * check and its vendor's error body. Handlers run one at a time, like a small real server.
 *
 * <pre>{@code
 * try (FakeGitHub github = FakeGitHub.start(clock)) {
 *   github.failNext(2, 502);
 *   ... the connector under test talks to github.url() ...
 *   assertThat(github.requestCount("GET /repos/{owner}/{repo}/issues")).isEqualTo(3);
 * }
 * }</pre>
 */
public abstract class FakeServer implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final Deque<MockResponse> faults = new ArrayDeque<>();
  protected final Clock clock;
  private Duration latency = Duration.ZERO;
  private int lostResponses;
  private final Map<String, Integer> lostByRoute = new LinkedHashMap<>();
  private @Nullable List<Exchange> traffic;

  protected FakeServer(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** A request as a handler sees it. */
  public record Request(String method, HttpUrl url, okhttp3.Headers headers, String body, Map<String, String> params) {
    /** A path parameter of the route ({@code {owner}}). */
    public String param(String name) {
      String value = params.get(name);
      if (value == null) {
        throw new IllegalArgumentException("route has no parameter " + name);
      }
      return value;
    }

    /** A query parameter, or null. */
    public @Nullable String query(String name) {
      return url.queryParameter(name);
    }

    public @Nullable String header(String name) {
      return headers.get(name);
    }

    /** The body as JSON; a malformed body is the handler's 400. */
    public JsonNode json() throws IOException {
      return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    }
  }

  /** A response: status, headers, body. */
  public record Response(int status, Map<String, String> headers, String body) {
    public static Response json(int status, Object body) {
      try {
        return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"),
            body instanceof String s ? s : JSON.writeValueAsString(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public static Response empty(int status) {
      return new Response(status, Map.of(), "");
    }

    public Response withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body);
    }
  }

  /**
   * One request the server answered and its answer, as {@link #recordTraffic()} keeps them: what
   * a client sent (method, URL, headers, body) and what the fake sent back. {@code route} is the
   * matched template ({@code "GET /repos/{owner}/{repo}/issues"}), or {@code "(unrouted)"}.
   */
  public record Exchange(String route, Request request, Response response) {}

  private record Route(String method, String template, String[] segments,
      BiFunction<FakeServer, Request, Response> handler) {}

  /** Declares a route; {@code {name}} segments are parameters. */
  protected final void route(String method, String template, BiFunction<FakeServer, Request, Response> handler) {
    routes.add(new Route(method, template, template.split("/"), handler));
  }

  /** Starts listening on a free loopback port. */
  protected final void startServer() {
    // Nagle off on accepted sockets: headers and body go out as separate writes, which would
    // otherwise wait for the client's delayed ACK (about 40 ms) on every response
    server.setServerSocketFactory(new javax.net.ServerSocketFactory() {
      @Override
      public java.net.ServerSocket createServerSocket() throws IOException {
        return new java.net.ServerSocket() {
          @Override
          public java.net.Socket accept() throws IOException {
            java.net.Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
          }
        };
      }

      @Override
      public java.net.ServerSocket createServerSocket(int port) {
        throw new UnsupportedOperationException("MockWebServer binds its own socket");
      }

      @Override
      public java.net.ServerSocket createServerSocket(int port, int backlog) {
        throw new UnsupportedOperationException("MockWebServer binds its own socket");
      }

      @Override
      public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address) {
        throw new UnsupportedOperationException("MockWebServer binds its own socket");
      }
    });
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest recorded) {
        return handle(recorded);
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's base URL, without a trailing slash. */
  public String url() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  /** The next {@code count} requests fail with {@code status} and the vendor's error body. */
  public synchronized void failNext(int count, int status) {
    for (int i = 0; i < count; i++) {
      faults.add(toMock(errorResponse(status, "injected failure")));
    }
  }

  /**
   * The next request, whatever it asks, gets this answer instead of the fake's own: for a tool
   * that answers something the connector must not trust (an object where it sends an array, an
   * issue with an unreadable field).
   */
  public synchronized void answerNext(int status, String jsonBody) {
    faults.add(toMock(new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"), jsonBody)));
  }

  /** Drops every fault still queued: the tool is healthy again. */
  public synchronized void clearFaults() {
    faults.clear();
  }

  /** The next {@code count} requests lose their connection before any response. */
  public synchronized void dropNext(int count) {
    for (int i = 0; i < count; i++) {
      faults.add(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
    }
  }

  /**
   * The next {@code count} requests are handled (a create does create) but their connection is
   * closed before the response: the client cannot tell whether the call took effect.
   */
  public synchronized void loseNextResponses(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    lostResponses += count;
  }

  /**
   * Like {@link #loseNextResponses(int)}, for the next {@code count} requests of one route
   * ({@code "POST /repos/{owner}/{repo}/issues"}) only.
   */
  public synchronized void loseNextResponses(String route, int count) {
    requireNonNull(route, "route");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    lostByRoute.merge(route, count, Integer::sum);
  }

  /**
   * From now on, keeps every routed or unrouted request and the fake's answer to it (injected
   * faults and lost responses are not answers and are not kept), so that a test can check the
   * traffic against the vendor's API description:
   *
   * <pre>{@code
   * github.recordTraffic();
   * ... the connector under test runs ...
   * for (FakeServer.Exchange e : github.traffic()) { validator.validate(e); }
   * }</pre>
   */
  public synchronized void recordTraffic() {
    if (traffic == null) {
      traffic = new ArrayList<>();
    }
  }

  /** The exchanges kept since {@link #recordTraffic()}, oldest first; empty when not recording. */
  public synchronized List<Exchange> traffic() {
    return traffic == null ? List.of() : List.copyOf(traffic);
  }

  /** Every response waits this long before its headers. */
  public synchronized void latency(Duration latency) {
    this.latency = requireNonNull(latency, "latency");
  }

  /** Requests served so far by route ({@code "GET /repos/{owner}/{repo}/issues"}). */
  public synchronized Map<String, Integer> requestCounts() {
    return Map.copyOf(counts);
  }

  public synchronized int requestCount(String route) {
    return counts.getOrDefault(route, 0);
  }

  /** The vendor's error response for a status, with a message. */
  protected abstract Response errorResponse(int status, String message);

  /**
   * Checks credentials; returns the vendor's 401 (or other refusal) or null to go on. Also the
   * place for rate limiting.
   */
  protected abstract @Nullable Response authenticate(Request request, String route);

  private synchronized MockResponse handle(RecordedRequest recorded) {
    MockResponse fault = faults.poll();
    if (fault != null) {
      return fault;
    }
    HttpUrl url = recorded.getUrl();
    String body = recorded.getBody() == null ? "" : recorded.getBody().string(StandardCharsets.UTF_8);
    String[] segments = url.encodedPath().split("/");
    for (Route route : routes) {
      if (!route.method.equals(recorded.getMethod())) {
        continue;
      }
      Map<String, String> params = match(route.segments, segments);
      if (params == null) {
        continue;
      }
      String name = route.method + " " + route.template;
      counts.merge(name, 1, Integer::sum);
      Request request = new Request(recorded.getMethod(), url, recorded.getHeaders(), body, params);
      Response refused = authenticate(request, name);
      if (refused != null) {
        keep(name, request, refused);
        return toMock(refused);
      }
      Response answer;
      try {
        answer = route.handler.apply(this, request);
      } catch (RuntimeException e) {
        answer = errorResponse(500, "fake server error: " + e);
      }
      MockResponse response = toMock(answer);
      int lostHere = lostByRoute.getOrDefault(name, 0);
      if (lostHere > 0) {
        lostByRoute.put(name, lostHere - 1);
      }
      if (lostHere > 0 || lostResponses > 0) {
        if (lostHere == 0) {
          lostResponses--;
        }
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build();
      }
      keep(name, request, answer);
      return response;
    }
    counts.merge(recorded.getMethod() + " (unrouted)", 1, Integer::sum);
    Response notFound = errorResponse(404, "Not Found");
    keep(recorded.getMethod() + " (unrouted)",
        new Request(recorded.getMethod(), url, recorded.getHeaders(), body, Map.of()), notFound);
    return toMock(notFound);
  }

  private void keep(String route, Request request, Response response) {
    if (traffic != null) {
      traffic.add(new Exchange(route, request, response));
    }
  }

  private static @Nullable Map<String, String> match(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), HttpUrl.parse("http://x/" + path[i]).pathSegments().get(0));
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private MockResponse toMock(Response response) {
    MockResponse.Builder builder = new MockResponse.Builder().code(response.status());
    response.headers().forEach(builder::setHeader);
    builder.body(response.body());
    if (!latency.isZero()) {
      builder.headersDelay(latency.toMillis(), TimeUnit.MILLISECONDS);
    }
    return builder.build();
  }

  @Override
  public void close() {
    server.close();
  }
}
