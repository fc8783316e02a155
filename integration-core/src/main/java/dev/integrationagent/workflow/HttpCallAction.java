package dev.integrationagent.workflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.http.HttpException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.CookieJar;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in workflow action {@code http.call}: calls an HTTP endpoint and hands its answer to
 * the next steps. Only hosts on the allow-list are called, and none of them at an address inside
 * private networks (loopback, RFC 1918, link-local with the cloud metadata address, unique-local,
 * carrier-grade NAT, multicast, unspecified, and the IPv6 forms carrying those) unless that is
 * allowed too. Both are checked for the URL, for what its name resolves to, and for every
 * redirect hop, which the action follows itself (at most {@link Builder#maxRedirects(int)}; never
 * from https to http).
 *
 * <pre>{@code
 * HttpCallAction http = HttpCallAction.builder()
 *     .allowHost("hooks.example.com")
 *     .allowHost("*.api.example.com")
 *     .allowPrivateHost("deploy.internal")      // on the list, and may resolve into private networks
 *     .build();
 * }</pre>
 *
 * <p>A step's parameters: {@code method} (GET, POST, PUT, PATCH or DELETE; GET when left out),
 * {@code url} (required), {@code headers} (names to string values), {@code body} (an object or
 * array sent as {@code application/json}, or a string sent as {@code text/plain}, unless a
 * {@code Content-Type} header says otherwise) and {@code timeoutSeconds} (1 to 120, for the whole
 * call with its redirects). Every request carries {@code Idempotency-Key} with the step's
 * {@link ActionContext#idempotencyKey()}, the same for each retry.
 *
 * <p>The output is {@code {"status": 201, "headers": {"content-type": …, "location": …, "etag":
 * …}, "body": …, "truncated": false}}: the body parsed when the answer is JSON, its text
 * otherwise, cut at {@link Builder#maxResponseBytes(int)} (then {@code truncated} is true and the
 * body is the text read). A non-2xx answer throws an {@link HttpException} classified as
 * connector calls are (5xx TRANSIENT, 429 RATE_LIMITED with the announced wait, 401
 * AUTHENTICATION, 404 NOT_FOUND, …). Messages and logs name the method, host and status, never
 * the path, query or a header value.
 */
public final class HttpCallAction implements ActionHandler {
  /** The action's name in workflow documents. */
  public static final String TYPE = "http.call";

  static final String PRIVATE_ADVICE = "Calls into private networks are refused unless allowed:"
      + " HttpCallAction.builder().allowPrivateHost(host) for one host, or allowPrivateNetworks() for all allowed hosts.";

  private static final Logger log = LoggerFactory.getLogger(HttpCallAction.class);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final List<HostPattern> allowed;
  private final List<HostPattern> privateHosts;
  private final boolean privateNetworks;
  private final int maxResponseBytes;
  private final int maxRedirects;
  private final Duration defaultTimeout;
  private final OkHttpClient client;

  private HttpCallAction(Builder b) {
    this.allowed = List.copyOf(b.allowed);
    this.privateHosts = List.copyOf(b.privateHosts);
    this.privateNetworks = b.privateNetworks;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxRedirects = b.maxRedirects;
    this.defaultTimeout = b.defaultTimeout;
    // redirects are followed here, hop by hop; the host's cookies, authenticators and proxies
    // stay out of calls that a workflow document decides
    OkHttpClient base = b.client != null ? b.client : SharedClient.INSTANCE;
    // the engine owns retries (with the same Idempotency-Key); OkHttp's own would repeat a write unseen
    this.client = base.newBuilder()
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .proxy(Proxy.NO_PROXY)
        .cookieJar(CookieJar.NO_COOKIES)
        .authenticator(Authenticator.NONE)
        .dns(new GuardedDns(b.dns, this::privateAllowed))
        .addNetworkInterceptor(this::refuseNonPublicRoute)
        .callTimeout(Duration.ZERO)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .build();
  }

  /** A builder with no host allowed yet: add each host the agent's workflows may call. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Every problem with the step's parameters, each naming the parameter. A string holding a
   * {@code {{ … }}} placeholder is checked once rendered, when the step runs.
   */
  @Override
  public List<String> validate(JsonNode params) {
    requireNonNull(params, "params");
    HttpCallParams.Reading reading = HttpCallParams.read(params, false);
    List<String> problems = new ArrayList<>(reading.problems());
    if (reading.params() != null) {
      String refusal = refusal(reading.params().url());
      if (refusal != null) {
        problems.add("url: " + refusal);
      }
    }
    return List.copyOf(problems);
  }

  @Override
  public ActionResult execute(ActionContext context, JsonNode params) {
    requireNonNull(context, "context");
    requireNonNull(params, "params");
    // a step id is the document's; keep it to one line in messages and logs
    String step = TYPE + " step '" + context.stepId().replaceAll("\\p{Cntrl}", "?") + "'";
    HttpCallParams.Reading reading = HttpCallParams.read(params, true);
    HttpCallParams call = reading.params();
    if (call == null) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION,
          step + " has bad parameters: " + String.join("; ", reading.problems()));
    }
    Duration timeout = call.timeout() == null ? defaultTimeout : call.timeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    Request request = HttpCallRequests.first(call, context.idempotencyKey());
    for (int redirects = 0; ; redirects++) {
      String refusal = refusal(request.url());
      if (refusal != null) {
        throw new IntegrationException(ErrorCategory.CONFIGURATION, step + ": " + request.method() + " "
            + HttpCallAnswers.where(request.url()) + (redirects > 0 ? " (redirect " + redirects + ")" : "")
            + " was refused before connecting: " + refusal);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new HttpException(ErrorCategory.TRANSIENT, null, step + ": " + request.method() + " "
            + HttpCallAnswers.where(request.url()) + " got no whole answer within " + timeout.toSeconds()
            + " s (timeoutSeconds), after " + redirects + " redirects. " + HttpCallAnswers.advice(ErrorCategory.TRANSIENT, null),
            0, null, List.of(), null);
      }
      Call http = client.newCall(request);
      http.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      try (Response response = http.execute()) {
        HttpUrl target = redirectTarget(step, request, response);
        if (target != null) {
          if (redirects == maxRedirects) {
            throw new HttpException(ErrorCategory.PERMANENT, null, step + ": " + request.method() + " "
                + HttpCallAnswers.where(request.url()) + " was redirected more than " + maxRedirects
                + " times; the last redirect, to " + HttpCallAnswers.where(target) + ", was not followed.",
                response.code(), null, List.of(), null);
          }
          log.debug("{}: {} {} answered HTTP {}, following the redirect to {}", step, request.method(),
              HttpCallAnswers.where(request.url()), response.code(), HttpCallAnswers.where(target));
          request = HttpCallRequests.hop(request, response.code(), target);
          continue;
        }
        HttpCallAnswers.Body body = HttpCallAnswers.read(response, maxResponseBytes);
        if (!response.isSuccessful()) {
          HttpException failure = HttpCallAnswers.forStatus(step, request, response, body, context.clock().instant());
          log.debug("{}", failure.getMessage());
          throw failure;
        }
        String message = request.method() + " " + HttpCallAnswers.where(request.url()) + " answered HTTP "
            + response.code() + (redirects > 0 ? " after " + redirects + (redirects == 1 ? " redirect" : " redirects") : "")
            + (body.truncated() ? "; the body was truncated to " + maxResponseBytes + " bytes" : "");
        log.debug("{}: {}", step, message);
        return new ActionResult(HttpCallAnswers.output(response, body), message);
      } catch (IOException e) {
        IntegrationException failure = HttpCallAnswers.forIo(step, request, e, timeout);
        log.debug("{}", failure.getMessage());
        throw failure;
      }
    }
  }

  /** Where a followed redirect points, or null when the answer is not one. */
  private static @Nullable HttpUrl redirectTarget(String step, Request request, Response response) {
    int status = response.code();
    boolean followed = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    String location = response.header("Location");
    if (!followed || location == null) {
      return null;
    }
    String head = step + ": " + request.method() + " " + HttpCallAnswers.where(request.url()) + " answered HTTP " + status;
    HttpUrl target = request.url().resolve(location);
    if (target == null) {
      throw new HttpException(ErrorCategory.PERMANENT, null,
          head + " with a redirect to something that is not an http or https URL; it was not followed.",
          status, null, List.of(), null);
    }
    if (request.url().isHttps() && !target.isHttps()) {
      throw new HttpException(ErrorCategory.PERMANENT, null, head + " with a redirect from https to plain http ("
          + HttpCallAnswers.where(target) + "); a call is never downgraded, so it was not followed.",
          status, null, List.of(), null);
    }
    return target;
  }

  /** Why a call to {@code url} must not be made, or null when it may. */
  private @Nullable String refusal(HttpUrl url) {
    String host = url.host();
    if (!isAllowedHost(host)) {
      return "host " + host + " is not on the http.call allow-list; allow it with HttpCallAction.builder().allowHost(\""
          + host + "\"), or a '*.' pattern for its domain.";
    }
    byte[] literal = privateAllowed(host) ? null : literalAddress(host);
    if (literal != null) {
      String kind = AddressGuard.nonPublicKind(literal);
      if (kind != null) {
        return host + " is " + kind + ". " + PRIVATE_ADVICE;
      }
    }
    return null;
  }

  /**
   * The address when the URL's host is an IP literal, else null: a name, checked by the DNS
   * guard once resolved. OkHttp connects to a literal without asking the DNS, so it is checked here.
   */
  private static @Nullable byte[] literalAddress(String host) {
    if (host.contains(":")) {
      try {
        return InetAddress.getByName(host).getAddress(); // an IPv6 literal is parsed, never looked up
      } catch (UnknownHostException e) {
        return null;
      }
    }
    if (!IPV4.matcher(host).matches()) {
      return null;
    }
    String[] parts = host.split("\\.");
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(parts[i]);
      if (octet > 255) {
        return null;
      }
      address[i] = (byte) octet;
    }
    return address;
  }

  private boolean isAllowedHost(String host) {
    return matchesAny(allowed, host) || matchesAny(privateHosts, host);
  }

  private boolean privateAllowed(String host) {
    return privateNetworks || matchesAny(privateHosts, host);
  }

  private static boolean matchesAny(List<HostPattern> patterns, String host) {
    for (HostPattern pattern : patterns) {
      if (pattern.matches(host)) {
        return true;
      }
    }
    return false;
  }

  /** The last line: no request leaves for a non-public address the name checks let through. */
  private Response refuseNonPublicRoute(Interceptor.Chain chain) throws IOException {
    Connection connection = chain.connection();
    String host = chain.request().url().host();
    if (connection != null && !privateAllowed(host)) {
      InetSocketAddress socket = connection.route().socketAddress();
      InetAddress address = socket.getAddress();
      String kind = address == null ? null : AddressGuard.nonPublicKind(address);
      if (kind != null) {
        throw new GuardedDns.RefusedAddressException(
            host + " was reached at " + address.getHostAddress() + ", " + kind);
      }
    }
    return chain.proceed(chain.request());
  }

  /**
   * Configures an {@link HttpCallAction}. Hosts are matched exactly ({@code api.example.com},
   * {@code 10.0.0.7}) or by {@code *.example.com} for every subdomain; nothing is allowed until
   * added.
   */
  public static final class Builder {
    static final int MAX_REDIRECTS = 20;
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final List<HostPattern> allowed = new ArrayList<>();
    private final List<HostPattern> privateHosts = new ArrayList<>();
    private boolean privateNetworks;
    private int maxResponseBytes = 1024 * 1024;
    private int maxRedirects = 5;
    private Duration defaultTimeout = Duration.ofSeconds(30);
    private @Nullable OkHttpClient client;
    private Dns dns = Dns.SYSTEM;

    private Builder() {}

    /** Allows calls to {@code host}, an exact name or IP address, or {@code *.domain} for its subdomains. */
    public Builder allowHost(String host) {
      allowed.add(HostPattern.parse(requireNonNull(host, "host")));
      return this;
    }

    /** {@link #allowHost(String)} for each of {@code hosts}. */
    public Builder allowHosts(Iterable<String> hosts) {
      requireNonNull(hosts, "hosts").forEach(this::allowHost);
      return this;
    }

    /**
     * Allows calls to {@code host} (as {@link #allowHost(String)}) even where it is, or resolves
     * to, a loopback, private, link-local or other non-public address: for an endpoint inside the
     * host's own network.
     */
    public Builder allowPrivateHost(String host) {
      privateHosts.add(HostPattern.parse(requireNonNull(host, "host")));
      return this;
    }

    /** Lets every allowed host be, or resolve to, a non-public address. */
    public Builder allowPrivateNetworks() {
      this.privateNetworks = true;
      return this;
    }

    /** The most of an answer's body that is read, 1 byte to 64 MiB; 1 MiB unless set. */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1 || bytes > MAX_RESPONSE_BYTES) {
        throw new IllegalArgumentException("maxResponseBytes must be from 1 to " + MAX_RESPONSE_BYTES + ", was " + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /** How many redirects one call follows, 0 to 20; 5 unless set. */
    public Builder maxRedirects(int redirects) {
      if (redirects < 0 || redirects > MAX_REDIRECTS) {
        throw new IllegalArgumentException("maxRedirects must be from 0 to " + MAX_REDIRECTS + ", was " + redirects);
      }
      this.maxRedirects = redirects;
      return this;
    }

    /** The limit of a call whose step sets no {@code timeoutSeconds}, 1 to 120 s; 30 s unless set. */
    public Builder defaultTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(HttpCallParams.MIN_TIMEOUT_SECONDS)) < 0
          || timeout.compareTo(Duration.ofSeconds(HttpCallParams.MAX_TIMEOUT_SECONDS)) > 0) {
        throw new IllegalArgumentException("defaultTimeout must be from " + HttpCallParams.MIN_TIMEOUT_SECONDS
            + " to " + HttpCallParams.MAX_TIMEOUT_SECONDS + " s, was " + timeout);
      }
      this.defaultTimeout = timeout;
      return this;
    }

    /**
     * The client whose connection pool and TLS settings calls share, such as the agent's
     * {@code HttpClients.client()}. Its redirect, retry, timeout, proxy, cookie, authenticator and
     * DNS settings are replaced: the action follows redirects itself, leaves retries to the
     * engine, connects directly, and resolves names through {@link #dns(Dns)}. Its interceptors
     * run as they are, so pass a client without connection-specific ones (authentication).
     */
    public Builder client(OkHttpClient client) {
      this.client = requireNonNull(client, "client");
      return this;
    }

    /** How names are resolved before the address check; the system resolver unless set. */
    public Builder dns(Dns dns) {
      this.dns = requireNonNull(dns, "dns");
      return this;
    }

    /** The action, immutable and thread-safe; the builder may go on to build others. */
    public HttpCallAction build() {
      return new HttpCallAction(this);
    }
  }

  /** Created on first use, so that an action built with a host's client starts no threads of its own. */
  private static final class SharedClient {
    static final OkHttpClient INSTANCE = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).build();
  }
}
