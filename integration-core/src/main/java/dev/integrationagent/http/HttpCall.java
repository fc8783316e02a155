package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * One request a connector wants made, described by a path template and its values rather than a
 * finished URL, so that events and messages can name {@code /repos/{owner}/{repo}/issues}
 * without identifiers or secrets. Immutable; {@link #toBuilder()} derives the next page's call.
 *
 * <pre>{@code
 * HttpCall call = HttpCall.get("/repos/{owner}/{repo}/issues")
 *     .pathParam("owner", "acme").pathParam("repo", "app")
 *     .query("state", "open")
 *     .build();
 * HttpCall create = HttpCall.post("/issues", body).idempotencyKey(syncId).build();
 * }</pre>
 */
public final class HttpCall {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

  private final String method;
  private final String pathTemplate;
  private final Map<String, Object> pathParams;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final @Nullable JsonNode body;
  private final @Nullable String absoluteUrl;
  private final @Nullable String idempotencyKey;
  private final boolean markedSafe;
  private final boolean followRedirects;

  private HttpCall(Builder b) {
    method = b.method;
    pathTemplate = b.pathTemplate;
    // Map.copyOf keeps an already immutable map (the usual Map.of(...)) without copying it
    pathParams = Map.copyOf(b.pathParams);
    query = copy(b.query);
    headers = copy(b.headers);
    body = b.body;
    absoluteUrl = b.absoluteUrl;
    idempotencyKey = b.idempotencyKey;
    markedSafe = b.markedSafe;
    followRedirects = b.followRedirects;
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** A GET of a path template relative to the connection's base URL. */
  public static Builder get(String pathTemplate) {
    return new Builder("GET", pathTemplate, null);
  }

  public static Builder post(String pathTemplate, JsonNode body) {
    return new Builder("POST", pathTemplate, requireNonNull(body, "body"));
  }

  public static Builder put(String pathTemplate, JsonNode body) {
    return new Builder("PUT", pathTemplate, requireNonNull(body, "body"));
  }

  public static Builder patch(String pathTemplate, JsonNode body) {
    return new Builder("PATCH", pathTemplate, requireNonNull(body, "body"));
  }

  public static Builder delete(String pathTemplate) {
    return new Builder("DELETE", pathTemplate, null);
  }

  /** Any method, with an optional JSON body. */
  public static Builder of(String method, String pathTemplate, @Nullable JsonNode body) {
    requireNonNull(method, "method");
    return new Builder(method.toUpperCase(Locale.ROOT), pathTemplate, body);
  }

  public String method() { return method; }
  public String pathTemplate() { return pathTemplate; }
  /** Values of the template's placeholders; each is written with {@code String.valueOf}. */
  public Map<String, Object> pathParams() { return pathParams; }
  public Map<String, String> query() { return query; }
  public Map<String, String> headers() { return headers; }
  public @Nullable JsonNode body() { return body; }
  /** A finished URL to call instead of the template (a {@code Link: rel="next"} target). */
  public @Nullable String absoluteUrl() { return absoluteUrl; }
  public @Nullable String idempotencyKey() { return idempotencyKey; }

  /**
   * Whether a failed attempt may be repeated: idempotent methods always, others only with an
   * idempotency key or when the caller {@linkplain Builder#safeToRetry() marked} them safe.
   */
  public boolean retryable() {
    return IDEMPOTENT.contains(method) || idempotencyKey != null || markedSafe;
  }

  /**
   * Whether a redirect answer is followed: only for {@code GET} and {@code HEAD}, and not when
   * the caller {@linkplain Builder#noRedirects() asked} to see it. A write answered with a
   * redirect is never replayed (OkHttp would replay a {@code PATCH} as a {@code GET}, and report
   * success with nothing written); it fails with an {@link HttpException} that names the
   * {@linkplain HttpException#location() location}.
   */
  public boolean followsRedirects() {
    return ("GET".equals(method) || "HEAD".equals(method)) && followRedirects;
  }

  /** A builder holding this call's values. */
  public Builder toBuilder() {
    Builder b = new Builder(method, pathTemplate, body);
    b.pathParams = pathParams;
    b.query.putAll(query);
    b.headers.putAll(headers);
    b.absoluteUrl = absoluteUrl;
    b.idempotencyKey = idempotencyKey;
    b.markedSafe = markedSafe;
    b.followRedirects = followRedirects;
    return b;
  }

  @Override
  public String toString() {
    return method + " " + pathTemplate;
  }

  /** Builds an {@link HttpCall}. */
  public static final class Builder {
    private final String method;
    private final String pathTemplate;
    private final @Nullable JsonNode body;
    private Map<String, Object> pathParams = Map.of();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String absoluteUrl;
    private @Nullable String idempotencyKey;
    private boolean markedSafe;
    private boolean followRedirects = true;

    private Builder(String method, String pathTemplate, @Nullable JsonNode body) {
      requireNonNull(pathTemplate, "pathTemplate");
      if (!pathTemplate.startsWith("/")) {
        throw new IllegalArgumentException("path template must start with '/' but was '" + pathTemplate + "'");
      }
      if (method.isBlank()) {
        throw new IllegalArgumentException("method must not be blank but was '" + method + "'");
      }
      this.method = method;
      this.pathTemplate = pathTemplate;
      this.body = body;
    }

    /** The value of {@code {name}} in the template; it is percent-encoded as one path segment. */
    public Builder pathParam(String name, Object value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      Map<String, Object> mutable = new LinkedHashMap<>(pathParams);
      mutable.put(name, value);
      pathParams = mutable;
      return this;
    }

    /** Adds the values of several placeholders; {@code Map.of(...)} is taken without copying. */
    public Builder pathParams(Map<String, ?> values) {
      requireNonNull(values, "values");
      if (pathParams.isEmpty()) {
        pathParams = Map.copyOf(values);
      } else {
        values.forEach(this::pathParam);
      }
      return this;
    }

    /** Sets a query parameter, replacing an earlier value. */
    public Builder query(String name, Object value) {
      query.put(requireNonNull(name, "name"), String.valueOf(requireNonNull(value, "value")));
      return this;
    }

    public Builder query(Map<String, ?> values) {
      values.forEach(this::query);
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /** Calls this URL instead of the template; the template still names the call in events. */
    public Builder absoluteUrl(@Nullable String url) {
      absoluteUrl = url;
      return this;
    }

    /** Sends {@code Idempotency-Key}, which makes a non-idempotent call safe to retry. */
    public Builder idempotencyKey(String key) {
      requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("idempotency key must not be blank but was '" + key + "'");
      }
      idempotencyKey = key;
      return this;
    }

    /** Declares that repeating this call has no further effect, so it may be retried. */
    public Builder safeToRetry() {
      markedSafe = true;
      return this;
    }

    /**
     * A redirect answer is not followed but fails the call with an {@link HttpException} naming
     * its {@linkplain HttpException#location() location}: for a connector to decide whether the
     * item it asked for is still the one it means (GitHub answers 301 for a transferred issue).
     */
    public Builder noRedirects() {
      followRedirects = false;
      return this;
    }

    public HttpCall build() {
      return new HttpCall(this);
    }
  }
}
