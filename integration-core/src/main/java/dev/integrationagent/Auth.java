package dev.integrationagent;

import dev.integrationagent.api.auth.AuthRequest;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.http.OAuth2Auth;
import dev.integrationagent.http.SettingProblems;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The built-in {@link AuthStrategy}s. Every one reports its credentials as
 * {@linkplain AuthStrategy#secrets() secrets}, so the HTTP pipeline redacts them from logs,
 * exceptions, events and audit entries, and none prints a credential from {@code toString()}.
 *
 * <pre>{@code
 * .auth(Auth.bearer(githubToken))
 * .auth(Auth.basic(email, jiraApiToken))
 * .auth(Auth.apiKeyHeader("X-Redmine-API-Key", redmineKey))
 * .auth(Auth.oauth2ClientCredentials(tokenUrl, clientId, clientSecret).scope("read").build())
 * }</pre>
 */
public final class Auth {
  private Auth() {}

  /** An API key sent in a header. */
  public static AuthStrategy apiKeyHeader(String header, String key) {
    List<String> problems = new ArrayList<>();
    nonBlank("header", header, problems);
    nonBlank("key", key, problems);
    return problems.isEmpty() ? new ApiKeyHeader(header, key) : new Invalid("api key in header", problems);
  }

  /** An API key sent as a query parameter; the parameter is redacted from every printed URL. */
  public static AuthStrategy apiKeyQuery(String parameter, String key) {
    List<String> problems = new ArrayList<>();
    nonBlank("parameter", parameter, problems);
    nonBlank("key", key, problems);
    return problems.isEmpty() ? new ApiKeyQuery(parameter, key) : new Invalid("api key in query", problems);
  }

  /**
   * {@code Authorization: Bearer <token>}. A missing or blank token gives a strategy whose
   * {@linkplain AuthStrategy#problems() problems} say so, reported by the connection at
   * {@code build()} with every other problem.
   */
  public static AuthStrategy bearer(String token) {
    List<String> problems = new ArrayList<>();
    nonBlank("token", token, problems);
    return problems.isEmpty() ? new Bearer(token) : new Invalid("bearer", problems);
  }

  /** HTTP basic authentication (Jira Cloud: e-mail and API token). */
  public static AuthStrategy basic(String username, String password) {
    List<String> problems = new ArrayList<>();
    nonBlank("username", username, problems);
    if (password == null) {
      problems.add("password: " + SettingProblems.missing());
    }
    return problems.isEmpty() ? new Basic(username, password) : new Invalid("basic", problems);
  }

  /** OAuth 2.0 client-credentials grant; finish with {@code .build()}. */
  public static OAuth2Auth.Builder oauth2ClientCredentials(String tokenUrl, String clientId, String clientSecret) {
    return OAuth2Auth.clientCredentials(tokenUrl, clientId, clientSecret);
  }

  /** OAuth 2.0 refresh-token grant; persist rotated tokens with {@code onRefreshTokenRotated}. */
  public static OAuth2Auth.Builder oauth2RefreshToken(
      String tokenUrl, String clientId, String clientSecret, String refreshToken) {
    return OAuth2Auth.refreshToken(tokenUrl, clientId, clientSecret, refreshToken);
  }

  private static void nonBlank(String name, @Nullable String value, List<String> problems) {
    if (value == null) {
      problems.add(name + ": " + SettingProblems.missing());
    } else if (value.isBlank()) {
      problems.add(name + ": blank");
    }
  }

  /** Made from missing or blank credentials: it reports why, and refuses to authenticate anything. */
  private record Invalid(String kind, List<String> problems) implements AuthStrategy {
    Invalid {
      problems = List.copyOf(problems);
    }

    @Override
    public void apply(AuthRequest request) {
      throw new ConfigurationException("invalid " + kind + " authentication", problems);
    }

    @Override
    public String describe() {
      return kind + " (invalid: " + problems + ")";
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private record ApiKeyHeader(String header, String key) implements AuthStrategy {
    @Override
    public void apply(AuthRequest request) {
      request.header(header, key);
    }

    @Override
    public Set<String> secrets() {
      return Set.of(key);
    }

    @Override
    public String describe() {
      return "api key in header " + header;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private record ApiKeyQuery(String parameter, String key) implements AuthStrategy {
    @Override
    public void apply(AuthRequest request) {
      request.queryParameter(parameter, key);
    }

    @Override
    public Set<String> secrets() {
      return Set.of(key);
    }

    @Override
    public Set<String> secretQueryParameters() {
      return Set.of(parameter);
    }

    @Override
    public String describe() {
      return "api key in query parameter " + parameter;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** A class rather than a record so that the header value is built once, not per request. */
  private static final class Bearer implements AuthStrategy {
    private final String token;
    private final String header;

    Bearer(String token) {
      this.token = token;
      this.header = "Bearer " + token;
    }

    @Override
    public void apply(AuthRequest request) {
      request.header("Authorization", header);
    }

    @Override
    public Set<String> secrets() {
      return Set.of(token);
    }

    @Override
    public String describe() {
      return "bearer";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bearer other && other.token.equals(token);
    }

    @Override
    public int hashCode() {
      return token.hashCode();
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private record Basic(String username, String password) implements AuthStrategy {
    @Override
    public void apply(AuthRequest request) {
      request.header("Authorization", "Basic " + encoded());
    }

    private String encoded() {
      return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Set<String> secrets() {
      return password.isEmpty() ? Set.of(encoded()) : Set.of(password, encoded());
    }

    @Override
    public String describe() {
      return "basic";
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
