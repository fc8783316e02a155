package dev.integrationagent.workflow;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Builds the request of an {@code http.call} step and the request of each redirect hop. */
final class HttpCallRequests {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json; charset=utf-8");
  private static final MediaType TEXT_PLAIN = MediaType.get("text/plain; charset=utf-8");
  private static final List<String> WITH_BODY = List.of("POST", "PUT", "PATCH");
  private static final Set<String> CREDENTIAL_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "private-token", "x-auth-token");
  private static final List<String> CREDENTIAL_WORDS = List.of(
      "auth", "token", "secret", "password", "apikey", "api-key", "api_key", "session", "signature", "cookie");

  private HttpCallRequests() {}

  /**
   * Whether a header of this name may carry a credential: the usual ones, and any name with a
   * word like token, secret, auth or key-for-an-API in it. Such headers are never forwarded to
   * another origin on a redirect; no request header value is ever printed anyway.
   */
  static boolean isCredentialHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (CREDENTIAL_HEADERS.contains(n)) {
      return true;
    }
    for (String word : CREDENTIAL_WORDS) {
      if (n.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** The step's request, carrying {@code Idempotency-Key: idempotencyKey}. */
  static Request first(HttpCallParams params, String idempotencyKey) {
    Headers.Builder headers = new Headers.Builder();
    String contentType = null;
    for (Map.Entry<String, String> header : params.headers().entrySet()) {
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = header.getValue();
      } else {
        headers.add(header.getKey(), header.getValue());
      }
    }
    headers.set(IDEMPOTENCY_KEY, headerSafe(idempotencyKey));
    RequestBody body = body(params.body(), contentType == null ? null : MediaType.get(contentType));
    if (body == null && WITH_BODY.contains(params.method())) {
      body = RequestBody.create(new byte[0], contentType == null ? null : MediaType.get(contentType));
    } else if (body == null && contentType != null) {
      headers.add("Content-Type", contentType);
    }
    return new Request.Builder().url(params.url()).headers(headers.build()).method(params.method(), body).build();
  }

  private static @Nullable RequestBody body(@Nullable JsonNode body, @Nullable MediaType contentType) {
    if (body == null) {
      return null;
    }
    if (body.isTextual()) {
      MediaType type = contentType == null ? TEXT_PLAIN : contentType;
      return RequestBody.create(body.asText().getBytes(type.charset(UTF_8)), type);
    }
    try {
      return RequestBody.create(JSON.writeValueAsBytes(body), contentType == null ? APPLICATION_JSON : contentType);
    } catch (JsonProcessingException e) {
      // a tree read from JSON always writes back
      throw new IllegalStateException("body: could not be written as JSON (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The request of the hop to {@code target}: 307 and 308 repeat the method and body, 301, 302
   * and 303 turn into a GET without a body, as browsers do. Headers that may carry a credential
   * stay behind when the hop leaves the origin.
   */
  static Request hop(Request request, int status, HttpUrl target) {
    Request.Builder next = request.newBuilder().url(target);
    if (status == 301 || status == 302 || status == 303) {
      next.method("GET", null).removeHeader("Content-Type").removeHeader("Content-Length");
    }
    if (!sameOrigin(request.url(), target)) {
      for (String name : request.headers().names()) {
        if (isCredentialHeader(name)) {
          next.removeHeader(name);
        }
      }
    }
    return next.build();
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /** Printable ASCII as is; anything else, and {@code %}, percent-encoded as UTF-8, so the header is always valid. */
  static String headerSafe(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
