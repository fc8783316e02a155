package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.api.connector.ConnectorContext;
import java.util.Map;
import java.util.stream.Stream;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;

/**
 * The base of a REST connector session: it owns the connection's {@link HttpPipeline} and its
 * pagination style, so a connector declares base URL, auth and default limits once and then
 * writes only the vendor's paths and JSON mapping.
 *
 * <pre>{@code
 * final class GitHubSession extends RestConnectorSupport implements ConnectorSession {
 *   static final HttpSettings DEFAULTS = HttpSettings.custom().maxConcurrentCalls(1).build();
 *
 *   GitHubSession(ConnectorContext ctx, String baseUrl, AuthStrategy auth, HttpSettings overrides) {
 *     super(pipeline(ctx, baseUrl, auth, overrides).build(), Pagination.linkHeader(""));
 *   }
 *
 *   public ExternalItem get(String number) {
 *     return toItem(get("/repos/{owner}/{repo}/issues/{number}",
 *         Map.of("owner", owner, "repo", repo, "number", number)));
 *   }
 *
 *   Stream<JsonNode> openIssues() {
 *     return list(HttpCall.get("/repos/{owner}/{repo}/issues").pathParams(repo).query("state", "open").build());
 *   }
 * }
 * }</pre>
 */
public abstract class RestConnectorSupport {
  private final HttpPipeline http;
  private final Pagination pagination;

  protected RestConnectorSupport(HttpPipeline http, Pagination pagination) {
    this.http = requireNonNull(http, "http");
    this.pagination = requireNonNull(pagination, "pagination");
  }

  /**
   * A pipeline builder wired to the agent: its shared client (or resources), its clock, JSON
   * mapper and call listener when the agent offers them, this connection's id, base URL, auth
   * and settings (the connector's defaults, or the host's override of them).
   */
  protected static HttpPipeline.Builder pipeline(
      ConnectorContext context, String baseUrl, AuthStrategy auth, HttpSettings settings) {
    requireNonNull(context, "context");
    HttpPipeline.Builder builder = context.service(HttpClients.class)
        .map(HttpPipeline::builder)
        .orElseGet(() -> HttpPipeline.builder(context.service(OkHttpClient.class).orElseGet(SharedDefault::client)));
    context.service(HttpCallListener.class).ifPresent(builder::listener);
    context.service(Sleeper.class).ifPresent(builder::sleeper);
    return builder.connectionId(context.connectionId())
        .baseUrl(baseUrl)
        .auth(auth)
        .settings(settings)
        .clock(context.clock())
        .json(context.json());
  }

  /** The connection's pipeline, for calls the helpers below do not cover. */
  protected final HttpPipeline http() {
    return http;
  }

  protected final JsonNode get(String pathTemplate, Map<String, ?> pathParams) {
    return http.get(pathTemplate, pathParams);
  }

  protected final JsonNode get(String pathTemplate, Map<String, ?> pathParams, Map<String, ?> query) {
    return http.get(pathTemplate, pathParams, query);
  }

  /** Sends a call; give creates an idempotency key (or mark them safe) to have them retried. */
  protected final JsonNode send(HttpCall call) {
    return http.execute(call).body();
  }

  /** Every item of a listing in this connector's pagination style, fetched page by page on demand. */
  protected final Stream<JsonNode> list(HttpCall first) {
    return http.items(first, pagination);
  }

  /** The pages of a listing, for connectors that need the page's headers or cursor. */
  protected final Stream<Page> pages(HttpCall first, @Nullable Pagination style) {
    return http.pages(first, style != null ? style : pagination);
  }

  /** Used when the agent offers no shared client: one per JVM rather than one per connection. */
  private static final class SharedDefault {
    private static final OkHttpClient CLIENT = new OkHttpClient();

    static OkHttpClient client() {
      return CLIENT;
    }
  }
}
