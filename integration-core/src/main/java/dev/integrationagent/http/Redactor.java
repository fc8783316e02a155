package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.Secrets;
import dev.integrationagent.api.auth.AuthStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Removes secrets from anything the pipeline prints: URLs, headers, body excerpts and messages.
 * Every log line, exception message, event and audit entry about a request goes through one.
 * It hides credential headers ({@code Authorization}, cookies, API-key headers), the values of
 * secret query parameters, the auth strategy's current secrets (read at each use, so rotated
 * OAuth tokens are covered) and any extra values configured on the pipeline.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.of(Auth.apiKeyQuery("key", key), Set.of(webhookSecret));
 * log.warn("GET {} failed", redactor.url(request.url()));
 * }</pre>
 */
public final class Redactor {
  /** What a hidden value is replaced with. */
  public static final String MASK = Secrets.MASK;

  private static final Set<String> SECRET_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
      "private-token", "x-auth-token", "x-redmine-api-key");
  private static final Set<String> SECRET_PARAMETERS = Set.of(
      "access_token", "refresh_token", "token", "api_key", "apikey", "key", "client_secret",
      "password", "code", "sig", "signature");
  private static final Pattern CREDENTIAL_PATTERN = Pattern.compile(
      "(?i)((?:bearer|basic|token)\\s+)[A-Za-z0-9._~+/=-]{6,}"
          + "|(\"(?:access_token|refresh_token|id_token|client_secret|password|token|api_key)\"\\s*:\\s*\")[^\"]*\"");

  private final AuthStrategy auth;
  private final Set<String> extraSecrets;
  private final Set<String> secretParameters;

  private Redactor(AuthStrategy auth, Set<String> extraSecrets) {
    this.auth = auth;
    this.extraSecrets = Set.copyOf(extraSecrets);
    Set<String> parameters = new TreeSet<>(SECRET_PARAMETERS);
    for (String name : auth.secretQueryParameters()) {
      parameters.add(name.toLowerCase(Locale.ROOT));
    }
    this.secretParameters = Set.copyOf(parameters);
  }

  /** A redactor for a connection authenticated by {@code auth}, hiding {@code extraSecrets} too. */
  public static Redactor of(AuthStrategy auth, Set<String> extraSecrets) {
    return new Redactor(requireNonNull(auth, "auth"), requireNonNull(extraSecrets, "extraSecrets"));
  }

  /** The URL with secret query values masked and every known secret removed. */
  public String url(HttpUrl url) {
    HttpUrl.Builder builder = url.newBuilder().query(null);
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      boolean secret = secretParameters.contains(name.toLowerCase(Locale.ROOT));
      builder.addQueryParameter(name, secret && value != null ? MASK : value);
    }
    return text(builder.build().toString());
  }

  /** The headers as a map with credential headers masked. */
  public Map<String, String> headers(Headers headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      String value = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : text(headers.value(i));
      out.merge(name, value, (a, b) -> a + ", " + b);
    }
    return out;
  }

  /** The text with every known secret and anything shaped like a credential masked. */
  public String text(String text) {
    String out = text;
    for (String secret : secrets()) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return CREDENTIAL_PATTERN.matcher(out).replaceAll(m ->
        (m.group(1) != null ? m.group(1) + MASK : m.group(2) + MASK + "\"").replace("$", "\\$"));
  }

  /** A redacted excerpt of at most {@code maxChars} characters, on one line. */
  public String excerpt(String body, int maxChars) {
    String flat = text(body).replaceAll("\\s+", " ").strip();
    return flat.length() <= maxChars ? flat : flat.substring(0, maxChars) + "…";
  }

  private List<String> secrets() {
    Set<String> all = new java.util.HashSet<>(extraSecrets);
    all.addAll(auth.secrets());
    // raw, percent-encoded (URLs) and JSON-escaped (bodies), longest first; the rule for short values is the API's
    return Secrets.forms(all);
  }

}
