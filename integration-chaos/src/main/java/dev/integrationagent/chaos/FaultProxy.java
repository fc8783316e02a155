package dev.integrationagent.chaos;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.Nullable;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forwarding HTTP/1.1 proxy on 127.0.0.1 between the agent and one tool, injecting faults drawn
 * from a seeded {@link Random} per {@link FaultSettings}, and logging every request as an
 * {@link Exchange}. Written on plain sockets rather than MockWebServer so that every way an answer
 * can go wrong (reset, no answer after the write was applied, a body cut short under a full or
 * absent {@code Content-Length}) is exactly what reaches the agent.
 *
 * <p>After a write was applied upstream and before its answer goes back, the {@link WriteHook}
 * runs; when it says it killed the agent, the answer is not sent.
 */
final class FaultProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
  private static final int BODY_KEPT = 400;
  private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "keep-alive", "content-length",
      "transfer-encoding", "accept-encoding", "content-encoding", "proxy-connection", "te", "upgrade");

  /** Told that a write was forwarded and applied (or not) upstream, before the agent hears of it. */
  interface WriteHook {
    /** Returns true when it killed the agent, so the answer must not be sent. */
    boolean forwarded(String connection, String method, String path, int status);
  }

  private final String connection;
  private final String upstream;
  private final Random random;
  private final WriteHook hook;
  private final ServerSocket server;
  private final OkHttpClient client;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Exchange> exchanges = new ArrayList<>();
  private final Map<String, Integer> faultCounts = new TreeMap<>();
  private final AtomicLong seq = new AtomicLong();
  private volatile FaultSettings faults;
  private int stormLeft;
  private int requestsWithFaultsOn;
  private volatile boolean closed;

  FaultProxy(String connection, String upstream, long seed, FaultSettings faults, WriteHook hook) throws IOException {
    this.connection = connection;
    this.upstream = upstream.replaceAll("/$", "");
    this.random = new Random(seed);
    this.faults = faults;
    this.hook = hook;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    // no pooled upstream connections: a tool closing an idle keep-alive connection would otherwise
    // fail a forward, a fault nobody chose; and no retries, so each agent request is forwarded once
    this.client = new OkHttpClient.Builder().retryOnConnectionFailure(false).followRedirects(false)
        .connectionPool(new okhttp3.ConnectionPool(0, 1, TimeUnit.SECONDS))
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)).build();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy-" + connection);
      t.setDaemon(true);
      return t;
    });
    threads.execute(this::acceptLoop);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  void faults(FaultSettings settings) {
    this.faults = settings;
    synchronized (this) {
      stormLeft = 0;
    }
  }

  synchronized List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  synchronized long writes() {
    return exchanges.stream().filter(Exchange::isWrite).count();
  }

  synchronized int requestsWithFaultsOn() {
    return requestsWithFaultsOn;
  }

  synchronized Map<String, Integer> faultCounts() {
    return Map.copyOf(faultCounts);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          log.warn("proxy {} stopped accepting: {}", connection, e.toString());
        }
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(120_000);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!closed) {
        RawRequest request = RawRequest.read(in);
        if (request == null || !handle(request, socket, out)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the agent went away (killed) or sent something odd; either way this connection is done
    } finally {
      open.remove(socket);
    }
  }

  private enum Fault { NONE, SERVER_ERROR, RESET, DROP_ANSWER, RATE_LIMITED, TRUNCATE_LENGTH, TRUNCATE_CLOSE, LATENCY }

  private synchronized Fault decide() {
    FaultSettings f = faults;
    if (!f.equals(FaultSettings.NONE)) {
      requestsWithFaultsOn++;
    }
    if (stormLeft > 0) {
      stormLeft--;
      return Fault.RATE_LIMITED;
    }
    double r = random.nextDouble();
    double[] p = {f.serverError(), f.reset(), f.dropAnswer(), f.rateLimitStorm(), f.truncateWithLength(),
        f.truncateWithClose(), f.latency()};
    Fault[] kinds = {Fault.SERVER_ERROR, Fault.RESET, Fault.DROP_ANSWER, Fault.RATE_LIMITED, Fault.TRUNCATE_LENGTH,
        Fault.TRUNCATE_CLOSE, Fault.LATENCY};
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += p[i];
      if (r < sum) {
        if (kinds[i] == Fault.RATE_LIMITED) {
          stormLeft = Math.max(0, f.stormLength() - 1);
        }
        return kinds[i];
      }
    }
    return Fault.NONE;
  }

  private synchronized int draw(int bound) {
    return random.nextInt(Math.max(1, bound));
  }

  /** Serves one request; returns whether the connection stays open. */
  private boolean handle(RawRequest request, Socket socket, OutputStream out) throws IOException {
    long n = seq.incrementAndGet();
    long at = System.currentTimeMillis();
    boolean write = Exchange.isWrite(request.method(), request.target());
    String requestBody = write ? shorten(new String(request.body(), StandardCharsets.UTF_8)) : null;
    Fault fault = decide();
    switch (fault) {
      case SERVER_ERROR -> {
        boolean sent = respond(out, 503, "Service Unavailable", List.<String[]>of(new String[] {"Content-Type",
            "application/json"}), "{\"message\":\"chaos: service unavailable\"}".getBytes(StandardCharsets.UTF_8),
            request.wantsClose());
        record(n, at, request, "server-error", -1, sent, requestBody, null);
        return sent && !request.wantsClose();
      }
      case RESET -> {
        record(n, at, request, "reset", -1, false, requestBody, null);
        reset(socket);
        return false;
      }
      case RATE_LIMITED -> {
        boolean sent = respond(out, 429, "Too Many Requests", List.<String[]>of(new String[] {"Retry-After", "1"},
            new String[] {"Content-Type", "application/json"}),
            "{\"message\":\"chaos: rate limited\"}".getBytes(StandardCharsets.UTF_8), request.wantsClose());
        record(n, at, request, "rate-limited", -1, sent, requestBody, null);
        return sent && !request.wantsClose();
      }
      default -> {
        return forward(n, at, request, requestBody, fault, socket, out);
      }
    }
  }

  private boolean forward(long n, long at, RawRequest request, @Nullable String requestBody, Fault fault,
      Socket socket, OutputStream out) throws IOException {
    int status;
    String reason;
    List<String[]> headers = new ArrayList<>();
    byte[] body;
    try (Response response = client.newCall(upstreamRequest(request)).execute()) {
      status = response.code();
      reason = response.message().isEmpty() ? "Status" : response.message();
      body = rewrite(response.body().bytes());
      for (String name : response.headers().names()) {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          response.headers(name).forEach(value -> headers.add(new String[] {name, rewrite(value)}));
        }
      }
    } catch (IOException e) {
      record(n, at, request, "upstream-failed", -1, false, requestBody, e.toString());
      reset(socket);
      return false;
    }
    boolean write = Exchange.isWrite(request.method(), request.target());
    String responseBody = write ? new String(body, StandardCharsets.UTF_8) : null;
    if (write && hook.forwarded(connection, request.method(), request.target(), status)) {
      record(n, at, request, fault == Fault.NONE ? "killed-after-write" : name(fault) + "+killed-after-write",
          status, false, requestBody, responseBody);
      reset(socket);
      return false;
    }
    boolean hasBody = status >= 200 && status < 300 && body.length > 1;
    switch (fault) {
      case DROP_ANSWER -> {
        record(n, at, request, name(fault), status, false, requestBody, responseBody);
        reset(socket);
        return false;
      }
      case TRUNCATE_LENGTH, TRUNCATE_CLOSE -> {
        if (hasBody) {
          int cut = 1 + draw(body.length - 1);
          if (fault == Fault.TRUNCATE_LENGTH) {
            writeHead(out, status, reason, headers, "Content-Length: " + body.length);
          } else {
            writeHead(out, status, reason, headers, "Connection: close");
          }
          out.write(body, 0, cut);
          out.flush();
          record(n, at, request, name(fault), status, false, requestBody, responseBody);
          socket.close();
          return false;
        }
      }
      case LATENCY -> {
        try {
          Thread.sleep(faults.latencyMillis() / 2 + draw(faults.latencyMillis() / 2 + 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        boolean sent = respond(out, status, reason, headers, body, request.wantsClose());
        record(n, at, request, name(fault), status, sent, requestBody, responseBody);
        return sent && !request.wantsClose();
      }
      default -> { }
    }
    boolean sent = respond(out, status, reason, headers, body, request.wantsClose());
    record(n, at, request, "none", status, sent, requestBody, responseBody);
    return sent && !request.wantsClose();
  }

  private Request upstreamRequest(RawRequest request) {
    Request.Builder b = new Request.Builder().url(upstream + request.target());
    for (String[] h : request.headers()) {
      if (!HOP_BY_HOP.contains(h[0].toLowerCase(Locale.ROOT))) {
        b.addHeader(h[0], h[1]);
      }
    }
    String method = request.method();
    RequestBody body = null;
    if (request.body().length > 0 || Set.of("POST", "PUT", "PATCH").contains(method)) {
      String type = request.header("Content-Type");
      body = RequestBody.create(request.body(), type == null ? null : MediaType.parse(type));
    }
    return b.method(method, body).build();
  }

  /** Links and bodies name the tool's own address; the agent must keep talking to the proxy. */
  private byte[] rewrite(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String rewritten = rewrite(text);
    return rewritten.equals(text) ? body : rewritten.getBytes(StandardCharsets.UTF_8);
  }

  private String rewrite(String text) {
    URI u = URI.create(upstream);
    String mine = url();
    return text.replace("http://" + u.getHost() + ":" + u.getPort(), mine)
        .replace("http://localhost:" + u.getPort(), mine);
  }

  private static String name(Fault fault) {
    return fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private synchronized void record(long n, long at, RawRequest request, String fault, int status, boolean delivered,
      @Nullable String requestBody, @Nullable String responseBody) {
    exchanges.add(new Exchange(n, connection, at, request.method(), request.target(), fault, status, delivered,
        requestBody, responseBody));
    if (!fault.equals("none")) {
      for (String kind : fault.split("\\+")) {
        faultCounts.merge(kind, 1, Integer::sum);
      }
    }
  }

  private static boolean respond(OutputStream out, int status, String reason, List<String[]> headers, byte[] body,
      boolean close) {
    try {
      writeHead(out, status, reason, headers, "Content-Length: " + body.length + (close ? "\r\nConnection: close" : ""));
      out.write(body);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void writeHead(OutputStream out, int status, String reason, List<String[]> headers, String extra)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append(extra).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static @Nullable String shorten(String s) {
    return s.length() > BODY_KEPT ? s.substring(0, BODY_KEPT) + "…" : s;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.forEach(FaultProxy::reset);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
