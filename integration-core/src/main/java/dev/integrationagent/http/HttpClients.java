package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.auth.AuthStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.OkHttpClient;

/**
 * The agent's HTTP resources, one per agent: a shared {@link OkHttpClient} (one connection pool,
 * one dispatcher) from which every connection's pipeline derives its own client, and the rate
 * budgets, kept one per credential and host so that two connections using the same token share
 * one budget. A shared budget keeps the static limit of the pipeline that created it.
 *
 * <pre>{@code
 * HttpClients http = HttpClients.create();
 * HttpPipeline github = HttpPipeline.builder(http).connectionId("github")
 *     .baseUrl("https://api.github.com").auth(Auth.bearer(token)).build();
 * ...
 * http.close();
 * }</pre>
 */
public final class HttpClients implements AutoCloseable {
  private record BudgetKey(String host, AuthStrategy auth) {}

  private final OkHttpClient client;
  private final boolean owned;
  private final ConcurrentMap<BudgetKey, RateBudget> budgets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, HttpPipeline> pipelines = new ConcurrentHashMap<>();
  private volatile CredentialListener credentials = (connectionId, ok, detail) -> { };

  /** Told of every refresh of a connection's credential (an OAuth 2.0 token fetched), never of its value. */
  @FunctionalInterface
  public interface CredentialListener {
    void refreshed(String connectionId, boolean succeeded, String detail);

    /** One credential's refreshes, before it knows its connection. */
    @FunctionalInterface
    interface Refresh {
      void refreshed(boolean succeeded, String detail);
    }
  }

  /** Where the credential refreshes of every pipeline built from these resources are told. */
  public void onCredentialRefresh(CredentialListener listener) {
    this.credentials = requireNonNull(listener, "listener");
  }

  private HttpClients(OkHttpClient client, boolean owned) {
    this.client = client;
    this.owned = owned;
  }

  /** New resources with a client of OkHttp's defaults and a 10 s connect timeout. */
  public static HttpClients create() {
    return new HttpClients(new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .socketFactory(NoDelaySocketFactory.INSTANCE).build(), true);
  }

  /** Resources around a client the host already has (proxy, TLS, pool settings). */
  public static HttpClients wrap(OkHttpClient client) {
    return new HttpClients(requireNonNull(client, "client"), false);
  }

  /** The shared client. */
  public OkHttpClient client() {
    return client;
  }

  RateBudget budget(String host, AuthStrategy auth, String connectionId, HttpSettings settings, Clock clock) {
    return budgets.computeIfAbsent(new BudgetKey(host, auth), k -> new RateBudget(connectionId, settings, clock));
  }

  /** Remembers the pipeline of a connection, for {@link #pressure}; the latest built wins. */
  void register(HttpPipeline pipeline, dev.integrationagent.api.auth.AuthStrategy auth) {
    pipelines.put(pipeline.connectionId(), pipeline);
    if (auth instanceof OAuth2Auth oauth) {
      oauth.onRefresh((ok, detail) -> credentials.refreshed(pipeline.connectionId(), ok, detail));
    }
  }

  /**
   * The pressure on a connection's pipeline now (breaker, announced budget, waits), if one was built
   * from these resources; empty for a connector that makes its calls some other way.
   */
  public java.util.Optional<ConnectionPressure> pressure(String connectionId) {
    HttpPipeline pipeline = pipelines.get(connectionId);
    return pipeline == null ? java.util.Optional.empty() : java.util.Optional.of(pipeline.pressure());
  }

  /** Releases the threads and idle connections of a client {@link #create()} made; a wrapped one is the host's. */
  @Override
  public void close() {
    if (!owned) {
      return;
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
