package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthRequest;
import dev.integrationagent.api.auth.AuthStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One connection's way to its tool: a client derived from the agent's shared {@link OkHttpClient}
 * whose interceptor chain is, from the outside in,
 *
 * <pre>
 * auth → rate limiter (static + adaptive) → bulkhead → circuit breaker → retry
 *      → events → classification → rate-limit header observer → [your interceptors] → conditional cache
 *      → (OkHttp: redirects, connection) → origin guard (network interceptor) → network
 * </pre>
 *
 * <p>so a response is classified first on its way back, then reported, retried, counted by the
 * breaker. Callers get parsed JSON or an {@link HttpException} with an
 * {@link ErrorCategory}. Thread-safe; build one per connection and share it.
 *
 * <pre>{@code
 * HttpPipeline github = HttpPipeline.builder(sharedClient)
 *     .connectionId("github")
 *     .baseUrl("https://api.github.com")
 *     .auth(Auth.bearer(token))
 *     .settings(HttpSettings.custom().maxConcurrentCalls(1).build())
 *     .clock(clock)
 *     .build();
 * JsonNode issues = github.get("/repos/{owner}/{repo}/issues", Map.of("owner", "acme", "repo", "app"));
 * github.pages(HttpCall.get("/repos/{owner}/{repo}/issues").pathParams(repo).build(), Pagination.linkHeader(""))
 *     .forEach(page -> handle(page.items()));
 * }</pre>
 */
public final class HttpPipeline {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final AuthStrategy NO_AUTH = new AuthStrategy() {
    @Override
    public void apply(AuthRequest request) {}

    @Override
    public String describe() {
      return "none";
    }
  };

  private final String connectionId;
  private final HttpUrl baseUrl;
  private final OkHttpClient client;
  private final OkHttpClient oneShotClient;
  private final OkHttpClient redirectless;
  private final OkHttpClient oneShotRedirectless;
  private final ObjectMapper json;
  private final String userAgent;
  private final Redactor redactor;
  private final ErrorClassifier classifier;
  private final CircuitBreakerInterceptor breaker;
  private final RateBudget budget;

  private HttpPipeline(Builder b, OkHttpClient shared, RateBudget budget) {
    this.budget = budget;
    HttpSettings s = b.settings.build();
    this.connectionId = b.connectionId;
    this.baseUrl = b.baseUrl;
    this.json = b.json;
    this.userAgent = s.userAgent;
    this.redactor = Redactor.of(b.auth, b.secrets);
    this.classifier = new ErrorClassifier(connectionId, redactor, json, b.clock);
    this.breaker = new CircuitBreakerInterceptor(connectionId, s, b.clock);

    OkHttpClient.Builder cb = shared.newBuilder()
        .connectTimeout(s.connectTimeout)
        .readTimeout(s.readTimeout)
        .writeTimeout(s.readTimeout)
        .callTimeout(s.callTimeout)
        // OkHttp may replay a request on a stale pooled connection (if the shared client allows
        // it); that is safe only for calls we would retry ourselves, so the one-shot client
        // below switches it off
        .retryOnConnectionFailure(shared.retryOnConnectionFailure());
    List<Interceptor> chain = cb.interceptors();
    chain.add(new AuthInterceptor(connectionId, b.auth));
    chain.add(new RateLimitInterceptor(connectionId, budget, b.sleeper, s.maxWaitForPermit));
    chain.add(new BulkheadInterceptor(connectionId, s.maxConcurrentCalls, s.maxWaitForConcurrency));
    chain.add(breaker);
    chain.add(new RetryInterceptor(connectionId, s, new Backoff(s.baseDelay, s.maxDelay, b.random),
        new RetryBudget(s.retryBudgetRatio, s.retryBudgetMinimum), b.sleeper));
    chain.add(new EventsInterceptor(connectionId, b.listeners, b.clock));
    chain.add(new ClassificationInterceptor(classifier, json, b.graphQl));
    if (budget.adaptiveEnabled) {
      chain.add(budget.adaptive);
    }
    chain.addAll(b.interceptors);
    if (s.conditionalCacheEntries > 0) {
      chain.add(new ConditionalCache(s.conditionalCacheEntries));
    }
    cb.addNetworkInterceptor(new OriginGuard(connectionId, baseUrl, redactor));
    this.client = cb.build();
    this.oneShotClient = client.newBuilder().retryOnConnectionFailure(false).build();
    this.redirectless = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.oneShotRedirectless = oneShotClient.newBuilder().followRedirects(false).followSslRedirects(false).build();
  }

  /** A builder deriving its client from {@code shared}; the pipeline gets its own rate budget. */
  public static Builder builder(OkHttpClient shared) {
    return new Builder(requireNonNull(shared, "shared"), null);
  }

  /** A builder on the agent's resources; pipelines with equal auth and host share a rate budget. */
  public static Builder builder(HttpClients agentHttp) {
    requireNonNull(agentHttp, "agentHttp");
    return new Builder(agentHttp.client(), agentHttp);
  }

  public String connectionId() {
    return connectionId;
  }

  /** The redactor every message about this connection goes through. */
  public Redactor redactor() {
    return redactor;
  }

  public ObjectMapper json() {
    return json;
  }

  /** The circuit's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}, for health checks. */
  /** The pressure this pipeline is under now: its breaker, its rate budget and the waits for it. */
  public ConnectionPressure pressure() {
    return budget.pressure(circuitState());
  }

  public String circuitState() {
    return breaker.state().name();
  }

  /** GETs a path template and returns the JSON body. */
  public JsonNode get(String pathTemplate, Map<String, ?> pathParams) {
    return execute(HttpCall.get(pathTemplate).pathParams(pathParams).build()).body();
  }

  /** GETs a path template with query parameters and returns the JSON body. */
  public JsonNode get(String pathTemplate, Map<String, ?> pathParams, Map<String, ?> query) {
    return execute(HttpCall.get(pathTemplate).pathParams(pathParams).query(query).build()).body();
  }

  /** POSTs JSON; not retried (use {@link #execute} with an idempotency key for that). */
  public JsonNode post(String pathTemplate, Map<String, ?> pathParams, JsonNode body) {
    return execute(HttpCall.post(pathTemplate, body).pathParams(pathParams).build()).body();
  }

  /** Runs one call through the whole chain. */
  public HttpResult execute(HttpCall call) {
    requireNonNull(call, "call");
    CallContext context = new CallContext(call.pathTemplate(), call.retryable());
    Request request = request(call, context);
    OkHttpClient chosen = call.followsRedirects() ? (call.retryable() ? client : oneShotClient)
        : (call.retryable() ? redirectless : oneShotRedirectless);
    try (Response response = chosen.newCall(request).execute()) {
      return new HttpResult(response.code(), response.headers(), context.body, context.cacheHit);
    } catch (IOException e) {
      throw classifier.forIo(request, context, e);
    }
  }

  /**
   * The pages of a listing, fetched lazily: the next page is requested only when the stream
   * needs it. A failure on any page ends the stream with that page's {@link HttpException}.
   */
  public Stream<Page> pages(HttpCall first, Pagination pagination) {
    requireNonNull(first, "first");
    requireNonNull(pagination, "pagination");
    Iterator<Page> pages = new PageIterator(this, pagination.first(first), pagination);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** The items of every page, flattened, fetched lazily. */
  public Stream<JsonNode> items(HttpCall first, Pagination pagination) {
    return pages(first, pagination).flatMap(p -> StreamSupport.stream(p.items().spliterator(), false));
  }

  private Request request(HttpCall call, CallContext context) {
    Request.Builder b = new Request.Builder()
        .url(url(call))
        .header("Accept", "application/json")
        .header("User-Agent", userAgent)
        .tag(CallContext.class, context);
    call.headers().forEach(b::header);
    if (call.idempotencyKey() != null) {
      b.header("Idempotency-Key", call.idempotencyKey());
    }
    JsonNode body = call.body();
    RequestBody requestBody = null;
    if (body != null) {
      try {
        requestBody = RequestBody.create(json.writeValueAsBytes(body), JSON);
      } catch (JsonProcessingException e) {
        throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
            connectionId + ": the body of " + call + " cannot be written as JSON", null);
      }
    }
    return b.method(call.method(), requestBody).build();
  }

  private HttpUrl url(HttpCall call) {
    if (call.absoluteUrl() != null) {
      HttpUrl url = HttpUrl.parse(call.absoluteUrl());
      if (url == null || !OriginGuard.sameOrigin(url, baseUrl)) {
        // never send this connection's credentials to another origin
        throw new IntegrationException(ErrorCategory.PERMANENT, connectionId, connectionId + ": "
            + call + " points at another origin than " + baseUrl.host() + " ('"
            + (url == null ? "unparseable" : redactor.url(url)) + "'); refusing to follow it.", null);
      }
      return url;
    }
    return PathTemplates.expand(baseUrl, call);
  }

  /** Builds an {@link HttpPipeline}. Required: connection id and base URL. */
  public static final class Builder {
    private final OkHttpClient shared;
    private final @Nullable HttpClients agentHttp;
    private @Nullable String connectionId;
    private @Nullable HttpUrl baseUrl;
    private AuthStrategy auth = NO_AUTH;
    private HttpSettings.Builder settings = HttpSettings.custom();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random = ThreadLocalRandom.current();
    private ObjectMapper json = new ObjectMapper();
    private final List<HttpCallListener> listeners = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final Set<String> secrets = new HashSet<>();
    private boolean graphQl;
    private final SettingProblems misuse = new SettingProblems();

    private Builder(OkHttpClient shared, @Nullable HttpClients agentHttp) {
      this.shared = shared;
      this.agentHttp = agentHttp;
    }

    /** The connection's id, used in every message, event and log line. */
    public Builder connectionId(String id) {
      connectionId = misuse.check("connectionId", () -> {
        if (requireNonNull(id, "id").isBlank()) {
          throw new IllegalArgumentException("must not be blank but was '" + id + "'");
        }
        return id;
      }, connectionId);
      return this;
    }

    /** The URL path templates are resolved against, e.g. {@code https://gitlab.example.com/api/v4}. */
    public Builder baseUrl(String url) {
      baseUrl = misuse.check("baseUrl", () -> {
        HttpUrl parsed = HttpUrl.parse(requireNonNull(url, "url"));
        if (parsed == null) {
          throw new IllegalArgumentException("must be an http(s) URL but was '" + url + "'");
        }
        return parsed;
      }, baseUrl);
      return this;
    }

    public Builder auth(AuthStrategy strategy) {
      auth = misuse.present("auth", strategy, auth);
      return this;
    }

    /** Replaces all limits; typically the connector's defaults or a host's override of them. */
    public Builder settings(HttpSettings value) {
      if (value == null) {
        misuse.record("settings", SettingProblems.missing());
      } else {
        settings = HttpSettings.from(value);
      }
      return this;
    }

    /** Shortcut for {@link HttpSettings.Builder#rateLimit}. */
    public Builder rateLimit(int requests, Duration period) {
      settings.rateLimit(requests, period);
      return this;
    }

    /** Shortcut for {@link HttpSettings.Builder#maxConcurrentCalls}. */
    public Builder maxConcurrentCalls(int value) {
      settings.maxConcurrentCalls(value);
      return this;
    }

    public Builder clock(Clock value) {
      clock = misuse.present("clock", value, clock);
      return this;
    }

    /** How the pipeline waits for backoff and rate limits; tests pass one that does not sleep. */
    public Builder sleeper(Sleeper value) {
      sleeper = misuse.present("sleeper", value, sleeper);
      return this;
    }

    /** The source of backoff jitter. */
    public Builder random(RandomGenerator value) {
      random = misuse.present("random", value, random);
      return this;
    }

    public Builder json(ObjectMapper value) {
      json = misuse.present("json", value, json);
      return this;
    }

    public Builder listener(HttpCallListener value) {
      if (misuse.present("listener", value, null) != null) {
        listeners.add(value);
      }
      return this;
    }

    /** An interceptor of your own, run just before the conditional cache and the network. */
    public Builder interceptor(Interceptor value) {
      if (misuse.present("interceptor", value, null) != null) {
        interceptors.add(value);
      }
      return this;
    }

    /**
     * The tool speaks GraphQL: the {@code errors} of an answer classify it before its HTTP status
     * does (a rate limit reported as {@code extensions.type: "ratelimited"} under 400 or 200 is
     * RATE_LIMITED and retried after the announced reset), and a 2xx answer that carries errors
     * fails as an {@link HttpException} rather than passing as a success.
     */
    public Builder graphQl() {
      this.graphQl = true;
      return this;
    }

    /** Further values to redact wherever this connection prints something (webhook secrets, …). */
    public Builder secret(String value) {
      if (misuse.present("secret", value, null) != null) {
        secrets.add(value);
      }
      return this;
    }

    /** @throws dev.integrationagent.api.ConfigurationException listing every missing or misused setting */
    public HttpPipeline build() {
      List<String> problems = new ArrayList<>();
      if (connectionId == null) {
        problems.add("connectionId: missing");
      }
      if (baseUrl == null) {
        problems.add("baseUrl: missing");
      }
      problems = misuse.merge(problems); // a misused setter says more than "missing"
      HttpSettings s = null;
      try {
        s = settings.build();
      } catch (dev.integrationagent.api.ConfigurationException e) {
        problems.addAll(e.problems());
      }
      if (!problems.isEmpty()) {
        throw new dev.integrationagent.api.ConfigurationException("cannot build an HTTP pipeline", problems);
      }
      RateBudget budget = agentHttp != null
          ? agentHttp.budget(baseUrl.host(), auth, connectionId, s, clock)
          : new RateBudget(connectionId, s, clock);
      HttpPipeline pipeline = new HttpPipeline(this, shared, budget);
      if (agentHttp != null) {
        agentHttp.register(pipeline, auth);
      }
      return pipeline;
    }
  }
}
