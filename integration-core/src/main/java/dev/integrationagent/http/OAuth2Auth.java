package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthRequest;
import dev.integrationagent.api.auth.AuthStrategy;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 with the client-credentials or the refresh-token grant. The access token is cached
 * until {@code refreshMargin} before it expires; when it must be fetched, one caller fetches and
 * concurrent callers wait for that one result (single flight). A 401 triggers one refresh, unless
 * another caller already replaced the rejected token. When the server rotates the refresh token,
 * the new one is handed to {@code onRefreshTokenRotated} so the host can persist it.
 *
 * <pre>{@code
 * AuthStrategy jira = Auth.oauth2RefreshToken("https://auth.atlassian.com/oauth/token", id, secret, saved)
 *     .onRefreshTokenRotated(vault::saveJiraRefreshToken)
 *     .httpClient(http.client())
 *     .build();
 * }</pre>
 */
public final class OAuth2Auth implements AuthStrategy {
  private static final Logger log = LoggerFactory.getLogger(OAuth2Auth.class);

  private record Token(String accessToken, @Nullable Instant expiresAt) {}

  private final HttpUrl tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final @Nullable String scope;
  private final boolean credentialsInBody;
  private final OkHttpClient client;
  private final Clock clock;
  private final Duration refreshMargin;
  private final Consumer<String> onRotated;
  private final java.util.List<HttpClients.CredentialListener.Refresh> refreshListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ObjectMapper json;
  private final Redactor redactor;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile @Nullable String refreshToken;
  private volatile @Nullable Token token;

  private OAuth2Auth(Builder b) {
    tokenUrl = requireNonNull(b.tokenUrl, "checked by build()");
    clientId = requireNonNull(b.clientId, "checked by build()");
    clientSecret = requireNonNull(b.clientSecret, "checked by build()");
    scope = b.scope;
    credentialsInBody = b.credentialsInBody;
    client = b.client != null ? b.client : DefaultClient.INSTANCE;
    clock = b.clock;
    refreshMargin = b.refreshMargin;
    onRotated = b.onRotated;
    json = b.json;
    refreshToken = b.refreshToken;
    redactor = Redactor.of(this, Set.of());
  }

  /** Starts a client-credentials strategy. */
  public static Builder clientCredentials(String tokenUrl, String clientId, String clientSecret) {
    return new Builder(tokenUrl, clientId, clientSecret, null);
  }

  /** Starts a refresh-token strategy from a refresh token the host obtained and stored. */
  public static Builder refreshToken(String tokenUrl, String clientId, String clientSecret, String refreshToken) {
    Builder builder = new Builder(tokenUrl, clientId, clientSecret, refreshToken);
    builder.problems.present("refreshToken", refreshToken, null);
    return builder;
  }

  @Override
  public void apply(AuthRequest request) {
    request.header("Authorization", "Bearer " + validToken().accessToken());
  }

  @Override
  public boolean refreshAfterUnauthorized() {
    refreshing.lock();
    try {
      token = fetch();
      return true;
    } finally {
      refreshing.unlock();
    }
  }

  @Override
  public boolean refreshAfterUnauthorized(AuthRequest rejected) {
    Optional<String> sent = rejected.currentHeader("Authorization");
    refreshing.lock();
    try {
      Token current = token;
      if (current != null && sent.isPresent() && !sent.get().equals("Bearer " + current.accessToken())) {
        return true; // another caller already replaced the rejected token
      }
      token = fetch();
      return true;
    } finally {
      refreshing.unlock();
    }
  }

  @Override
  public Set<String> secrets() {
    Set<String> out = new HashSet<>();
    out.add(clientSecret);
    String refresh = refreshToken;
    if (refresh != null) {
      out.add(refresh);
    }
    Token current = token;
    if (current != null) {
      out.add(current.accessToken());
    }
    return out;
  }

  @Override
  public String describe() {
    return refreshToken != null ? "oauth2 refresh-token" : "oauth2 client-credentials";
  }

  @Override
  public String toString() {
    return describe() + " at " + tokenUrl.host();
  }

  private Token validToken() {
    Token current = token;
    if (isValid(current)) {
      return current;
    }
    refreshing.lock();
    try {
      current = token;
      if (isValid(current)) {
        return current;
      }
      try {
        current = fetch();
      } catch (IntegrationException e) {
        refreshed(false, e.category() + ": " + e.getMessage());
        throw e;
      }
      token = current;
      refreshed(true, "a new access token" + (current.expiresAt() == null ? "" : ", valid until "
          + current.expiresAt()));
      return current;
    } finally {
      refreshing.unlock();
    }
  }

  /** Tells {@code listener} of every token fetch, whether it succeeded (the agent audits them). */
  void onRefresh(HttpClients.CredentialListener.Refresh listener) {
    refreshListeners.add(listener);
  }

  private void refreshed(boolean ok, String detail) {
    for (HttpClients.CredentialListener.Refresh listener : refreshListeners) {
      try {
        listener.refreshed(ok, detail);
      } catch (RuntimeException e) {
        log.warn("a credential refresh listener failed ({})", e.getClass().getName());
      }
    }
  }

  private boolean isValid(@Nullable Token t) {
    return t != null && (t.expiresAt() == null || clock.instant().plus(refreshMargin).isBefore(t.expiresAt()));
  }

  private Token fetch() {
    FormBody.Builder form = new FormBody.Builder();
    String refresh = refreshToken;
    if (refresh != null) {
      form.add("grant_type", "refresh_token").add("refresh_token", refresh);
    } else {
      form.add("grant_type", "client_credentials");
    }
    if (scope != null) {
      form.add("scope", scope);
    }
    Request.Builder request = new Request.Builder().url(tokenUrl).header("Accept", "application/json");
    if (credentialsInBody) {
      form.add("client_id", clientId).add("client_secret", clientSecret);
    } else {
      String pair = urlEncode(clientId) + ":" + urlEncode(clientSecret);
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    String where = "the OAuth token request to " + tokenUrl.host() + tokenUrl.encodedPath();
    try (Response response = client.newCall(request.post(form.build()).build()).execute()) {
      ResponseBody body = response.body();
      String text = body.string();
      if (!response.isSuccessful()) {
        ErrorCategory category = response.code() >= 500 || response.code() == 429
            ? ErrorCategory.TRANSIENT : ErrorCategory.AUTHENTICATION;
        throw new IntegrationException(category, null, where + " failed with HTTP " + response.code()
            + ": '" + redactor.excerpt(text, 160) + "'. Check the client id, secret and refresh token;"
            + " a revoked refresh token needs a new authorization by a user.", null);
      }
      return accept(json.readTree(text), where);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, null, where + " failed ("
          + e.getClass().getSimpleName() + "). It is retried on the next call.", null);
    }
  }

  private Token accept(JsonNode body, String where) {
    JsonNode access = body == null ? null : body.get("access_token");
    if (access == null || !access.isTextual() || access.asText().isEmpty()) {
      throw new IntegrationException(ErrorCategory.PERMANENT, null,
          where + " answered without an access_token. Check the token URL.", null);
    }
    JsonNode expiresIn = body.get("expires_in");
    Instant expiresAt = expiresIn != null && expiresIn.canConvertToLong()
        ? clock.instant().plusSeconds(expiresIn.asLong()) : null;
    JsonNode rotated = body.get("refresh_token");
    if (rotated != null && rotated.isTextual() && !rotated.asText().equals(refreshToken)) {
      refreshToken = rotated.asText();
      try {
        onRotated.accept(rotated.asText());
      } catch (RuntimeException e) {
        log.error("the refresh-token callback failed ({}); the new refresh token lives only in memory",
            e.getClass().getName());
      }
    }
    log.debug("obtained an OAuth access token from {}, expires at {}", tokenUrl.host(), expiresAt);
    return new Token(access.asText(), expiresAt);
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Builds an {@link OAuth2Auth}; {@link #build()} reports every misused setting together. */
  public static final class Builder {
    private final @Nullable HttpUrl tokenUrl;
    private final @Nullable String clientId;
    private final @Nullable String clientSecret;
    private final @Nullable String refreshToken;
    private final SettingProblems problems = new SettingProblems();
    private @Nullable String scope;
    private boolean credentialsInBody;
    private @Nullable OkHttpClient client;
    private Clock clock = Clock.systemUTC();
    private Duration refreshMargin = Duration.ofSeconds(60);
    private Consumer<String> onRotated = t -> {};
    private ObjectMapper json = new ObjectMapper();

    private Builder(@Nullable String tokenUrl, @Nullable String clientId, @Nullable String clientSecret,
        @Nullable String refreshToken) {
      this.tokenUrl = problems.check("tokenUrl", () -> {
        HttpUrl url = HttpUrl.parse(requireNonNull(tokenUrl, "tokenUrl"));
        if (url == null) {
          throw new IllegalArgumentException("must be an http(s) URL but was '" + tokenUrl + "'");
        }
        return url;
      }, null);
      this.clientId = problems.present("clientId", clientId, null);
      this.clientSecret = problems.present("clientSecret", clientSecret, null);
      this.refreshToken = refreshToken;
    }

    public Builder scope(String value) {
      scope = problems.present("scope", value, scope);
      return this;
    }

    /** Sends client id and secret as form fields instead of HTTP basic authentication. */
    public Builder credentialsInBody() {
      credentialsInBody = true;
      return this;
    }

    /** The client for token requests; pass the agent's shared one. */
    public Builder httpClient(OkHttpClient value) {
      client = problems.present("httpClient", value, client);
      return this;
    }

    public Builder clock(Clock value) {
      clock = problems.present("clock", value, clock);
      return this;
    }

    /** How long before expiry a token is replaced; default 60 s. */
    public Builder refreshMargin(Duration value) {
      refreshMargin = problems.check("refreshMargin", () -> Arguments.notNegative("refreshMargin", value),
          refreshMargin);
      return this;
    }

    /** Called with each new refresh token the server issues, so the host can persist it. */
    public Builder onRefreshTokenRotated(Consumer<String> callback) {
      onRotated = problems.present("onRefreshTokenRotated", callback, onRotated);
      return this;
    }

    public Builder json(ObjectMapper value) {
      json = problems.present("json", value, json);
      return this;
    }

    /** @throws dev.integrationagent.api.ConfigurationException listing every misused setting */
    public OAuth2Auth build() {
      problems.throwIfAny("invalid OAuth 2.0 authentication");
      return new OAuth2Auth(this);
    }
  }

  /** Created on first use by a strategy that was given no client. */
  private static final class DefaultClient {
    static final OkHttpClient INSTANCE = new OkHttpClient.Builder()
        .callTimeout(Duration.ofSeconds(30)).build();
  }
}
