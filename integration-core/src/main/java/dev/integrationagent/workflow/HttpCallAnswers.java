package dev.integrationagent.workflow;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.http.HttpException;
import dev.integrationagent.http.HttpStatuses;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.annotation.Nullable;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns what an endpoint answered into the step's output or its classified failure. Messages
 * name the method, the host and the status: never the path or query (a webhook URL's path is
 * often its secret) and never a header value. Only the response headers listed in
 * {@link #OUTPUT_HEADERS} reach the output, so {@code Set-Cookie} and the like never do.
 */
final class HttpCallAnswers {
  static final List<String> OUTPUT_HEADERS = List.of(
      "content-type", "content-length", "content-location", "location", "etag", "last-modified", "link",
      "retry-after", "x-request-id");

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpCallAnswers() {}

  /** The body as read, at most {@code max} bytes, and whether there was more. */
  record Body(byte[] bytes, boolean truncated, @Nullable MediaType type) {
    String text() {
      return new String(bytes, type == null ? UTF_8 : type.charset(UTF_8));
    }
  }

  static Body read(Response response, int max) throws IOException {
    ResponseBody body = response.body();
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(max + 1);
      boolean truncated = bytes.length > max;
      return new Body(truncated ? Arrays.copyOf(bytes, max) : bytes, truncated, body.contentType());
    }
  }

  /** {"status", "headers": {selected, lower-case}, "body": JSON when the answer is JSON else text, "truncated"}. */
  static ObjectNode output(Response response, Body body) {
    ObjectNode out = JSON.createObjectNode();
    out.put("status", response.code());
    ObjectNode headers = out.putObject("headers");
    for (String name : OUTPUT_HEADERS) {
      List<String> values = response.headers(name);
      if (!values.isEmpty()) {
        headers.put(name, String.join(", ", values));
      }
    }
    out.set("body", bodyNode(body));
    out.put("truncated", body.truncated());
    return out;
  }

  private static JsonNode bodyNode(Body body) {
    if (body.bytes().length == 0) {
      return NullNode.getInstance();
    }
    if (!body.truncated() && isJson(body.type())) {
      try {
        JsonNode parsed = JSON.readTree(body.bytes());
        if (parsed != null && !parsed.isMissingNode()) {
          return parsed;
        }
      } catch (JsonProcessingException notJson) {
        // labelled JSON but is not: hand it on as the text it is
      } catch (IOException e) {
        throw new IllegalStateException("reading bytes in memory failed", e);
      }
    }
    return TextNode.valueOf(body.text());
  }

  private static boolean isJson(@Nullable MediaType type) {
    if (type == null) {
      return false;
    }
    String subtype = type.subtype().toLowerCase(Locale.ROOT);
    return subtype.equals("json") || subtype.endsWith("+json");
  }

  /** The failure for a non-2xx answer, classified as connector calls are. */
  static HttpException forStatus(String step, Request request, Response response, Body body, Instant now) {
    int status = response.code();
    ErrorCategory category = HttpStatuses.category(status, response.headers(), body.text());
    Duration wait = category == ErrorCategory.RATE_LIMITED || status == 503
        ? HttpStatuses.announcedWait(response.headers(), now) : null;
    String message = step + ": " + request.method() + " " + where(request.url()) + " answered HTTP " + status
        + " (" + category + "). " + advice(category, wait);
    return new HttpException(category, null, message, status, wait, List.of(), null);
  }

  /** The failure for a call that got no (whole) answer. */
  static IntegrationException forIo(String step, Request request, IOException e, Duration timeout) {
    String head = step + ": " + request.method() + " " + where(request.url());
    GuardedDns.RefusedAddressException refused = refusedIn(e);
    if (refused != null) {
      return new IntegrationException(ErrorCategory.CONFIGURATION,
          head + " was refused: " + refused.getMessage() + ". " + HttpCallAction.PRIVATE_ADVICE);
    }
    ErrorCategory category = e instanceof SSLPeerUnverifiedException ? ErrorCategory.CONFIGURATION : ErrorCategory.TRANSIENT;
    String what;
    if (e instanceof InterruptedIOException) {
      what = "got no whole answer within " + timeout.toSeconds() + " s (timeoutSeconds)";
    } else if (e instanceof UnknownHostException) {
      what = "failed: could not resolve host " + request.url().host();
    } else if (e instanceof ConnectException) {
      what = "failed: could not connect";
    } else {
      what = "failed on the network (" + e.getClass().getSimpleName() + ")";
    }
    // the cause's message may quote the URL; keep the type, drop the text
    IOException cause = new IOException(e.getClass().getName());
    cause.setStackTrace(e.getStackTrace());
    return new HttpException(category, null, head + " " + what + ". " + advice(category, null), 0, null, List.of(), cause);
  }

  private static @Nullable GuardedDns.RefusedAddressException refusedIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GuardedDns.RefusedAddressException refused) {
        return refused;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof GuardedDns.RefusedAddressException refused) {
          return refused;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** Host, and port when it is not the scheme's default: never the path or query. */
  static String where(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  static String advice(ErrorCategory category, @Nullable Duration wait) {
    switch (category) {
      case TRANSIENT:
        return wait == null
            ? "This is usually temporary; the step is retried."
            : "This is usually temporary; the endpoint asked to wait " + wait.toSeconds() + " s before the step is retried.";
      case RATE_LIMITED:
        return wait == null
            ? "The endpoint's rate limit is spent; the step is retried later."
            : "The endpoint's rate limit is spent; it asked to wait " + wait.toSeconds() + " s before the step is retried.";
      case AUTHENTICATION:
        return "Check the credentials the step sends in its headers: they are missing, expired or revoked.";
      case AUTHORIZATION:
        return "The credentials the step sends are valid but lack permission for this call.";
      case NOT_FOUND:
        return "Check the step's url: the endpoint does not know it.";
      case CONFLICT:
        return "The endpoint's state conflicts with the call; check what changed there.";
      case VALIDATION:
        return "The endpoint rejected what was sent; check the step's body and headers.";
      case CONFIGURATION:
        return "Check the endpoint's address and TLS certificate.";
      default:
        return "Repeating the call will not help; check the step's url and method.";
    }
  }
}
