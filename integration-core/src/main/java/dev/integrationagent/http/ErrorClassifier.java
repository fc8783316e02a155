package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.annotation.Nullable;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/** Turns an HTTP status, a body or an I/O failure into a categorized {@link HttpException}. */
final class ErrorClassifier {
  private static final int EXCERPT = 120;

  private final String connectionId;
  private final Redactor redactor;
  private final ObjectMapper json;
  private final Clock clock;

  ErrorClassifier(String connectionId, Redactor redactor, ObjectMapper json, Clock clock) {
    this.connectionId = connectionId;
    this.redactor = redactor;
    this.json = json;
    this.clock = clock;
  }

  static ErrorCategory categoryOf(int status, Headers headers, String body) {
    switch (status) {
      case 401: return ErrorCategory.AUTHENTICATION;
      case 403: return isRateLimit(headers, body) ? ErrorCategory.RATE_LIMITED : ErrorCategory.AUTHORIZATION;
      case 404: case 410: return ErrorCategory.NOT_FOUND;
      case 409: case 412: return ErrorCategory.CONFLICT;
      // moved for good: the resource is no longer at the address this connection knows
      case 301: case 308: return ErrorCategory.NOT_FOUND;
      case 400: case 422: return ErrorCategory.VALIDATION;
      case 429: return ErrorCategory.RATE_LIMITED;
      case 408: return ErrorCategory.TRANSIENT;
      case 501: case 505: return ErrorCategory.PERMANENT;
      default: return status >= 500 ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT;
    }
  }

  /** GitHub answers a spent limit with 403 and remaining 0, or a "secondary rate limit" message. */
  private static boolean isRateLimit(Headers headers, String body) {
    return "0".equals(headers.get("x-ratelimit-remaining"))
        || "0".equals(headers.get("ratelimit-remaining"))
        || headers.get("Retry-After") != null
        || body.toLowerCase(Locale.ROOT).contains("rate limit");
  }

  HttpException forStatus(Request request, CallContext call, Response response, String body) {
    return forStatus(request, call, response, body, false);
  }

  /**
   * A refusal; for a GraphQL connection ({@code graphQl}), the category named by the body's
   * GraphQL errors comes first and the status decides only when they name none.
   */
  HttpException forStatus(Request request, CallContext call, Response response, String body, boolean graphQl) {
    int status = response.code();
    ErrorCategory named = graphQl ? graphQlCategory(body) : null;
    ErrorCategory category = named != null ? named : categoryOf(status, response.headers(), body);
    List<String> vendor = vendorMessages(body);
    Duration wait = category == ErrorCategory.RATE_LIMITED || status == 503
        ? announcedWait(response.headers()) : null;
    StringBuilder m = new StringBuilder(head(request, call))
        .append(" failed with HTTP ").append(status).append(" (").append(category).append(')');
    if (!vendor.isEmpty()) {
      m.append(": ").append(String.join("; ", vendor));
    } else if (!body.isBlank() && category != ErrorCategory.NOT_FOUND) {
      m.append(": '").append(redactor.excerpt(body, EXCERPT)).append('\'');
    }
    String location = null;
    if (status >= 300 && status < 400) {
      HttpUrl target = response.header("Location") == null ? null : request.url().resolve(response.header("Location"));
      if (target != null) {
        location = target.newBuilder().query(null).build().toString();
        m.append(". It was redirected to ").append(redactor.url(target)).append(", which is not followed")
            .append(request.method().equals("GET") || request.method().equals("HEAD") ? ""
                : " (a write is never replayed at another address)");
      }
    }
    m.append(". ").append(advice(category, wait));
    return new HttpException(category, connectionId, m.toString(), status, wait, vendor, location, null);
  }

  /**
   * A 2xx answer of a GraphQL connection whose body carries {@code errors}: the call failed even
   * though the status says otherwise. Classified by the errors' types; an error that names no
   * known type is PERMANENT, as the same document would fail again.
   */
  HttpException forGraphQlErrors(Request request, CallContext call, Response response, JsonNode body) {
    ErrorCategory named = GraphQlErrors.category(body);
    ErrorCategory category = named != null ? named : ErrorCategory.PERMANENT;
    List<String> vendor = VendorErrors.messages(body, redactor);
    Duration wait = category == ErrorCategory.RATE_LIMITED ? announcedWait(response.headers()) : null;
    StringBuilder m = new StringBuilder(head(request, call))
        .append(" answered HTTP ").append(response.code()).append(" with GraphQL errors (").append(category).append(')');
    if (!vendor.isEmpty()) {
      m.append(": ").append(String.join("; ", vendor));
    }
    m.append(". ").append(advice(category, wait));
    return new HttpException(category, connectionId, m.toString(), response.code(), wait, vendor, null, null);
  }

  private @Nullable ErrorCategory graphQlCategory(String body) {
    if (body.isBlank() || body.charAt(firstNonBlank(body)) != '{') {
      return null;
    }
    try {
      JsonNode node = json.readTree(body);
      return node == null ? null : GraphQlErrors.category(node);
    } catch (IOException notJson) {
      return null;
    }
  }

  HttpException forIo(Request request, CallContext call, IOException e) {
    ErrorCategory category = e instanceof SSLPeerUnverifiedException
        ? ErrorCategory.CONFIGURATION : ErrorCategory.TRANSIENT;
    String what;
    if (e instanceof InterruptedIOException) {
      what = "timed out or was interrupted";
    } else if (e instanceof ConnectException) {
      what = "could not connect to " + request.url().host();
    } else if (e instanceof UnknownHostException) {
      what = "could not resolve host " + request.url().host();
    } else {
      what = "failed on the network (" + e.getClass().getSimpleName() + ")";
    }
    String message = head(request, call) + " " + what + ". " + advice(category, null);
    // the cause's message may quote a URL; keep the type, drop the text
    IOException cause = new IOException(e.getClass().getName() + ": " + redactor.text(String.valueOf(e.getMessage())));
    cause.setStackTrace(e.getStackTrace());
    return new HttpException(category, connectionId, message, 0, null, List.of(), cause);
  }

  /**
   * A response whose status arrived but whose body was cut off in transit, after {@code received}
   * bytes: a network failure, so TRANSIENT. The cause is a read that failed, or JSON that ended
   * mid-document where nothing marked the body's end. A call that changes something may have
   * been applied by the tool: the message says so, and the retry step repeats only calls that
   * are safe to repeat.
   */
  HttpException bodyCutOff(Request request, CallContext call, int status, long received, IOException e) {
    String what;
    if (e instanceof InterruptedIOException) {
      what = "reading its body timed out after " + received + " bytes";
    } else if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      what = "its body ended early: the connection closed after " + received
          + " bytes, in the middle of the JSON document (no length was announced to check against),"
          + " so the answer was cut off in transit";
    } else {
      what = "its body ended early: the connection failed after " + received + " bytes ("
          + e.getClass().getSimpleName() + "), before the whole answer arrived";
    }
    String applied = isReadOnly(request.method()) ? ""
        : " The tool may have acted on it before the answer was lost.";
    String message = head(request, call) + " returned HTTP " + status + " but " + what + "." + applied + " "
        + advice(ErrorCategory.TRANSIENT, null);
    // the cause's message may quote the body or a URL; keep the type, drop the text
    IOException cause = new IOException(e.getClass().getName());
    cause.setStackTrace(e.getStackTrace());
    return new HttpException(ErrorCategory.TRANSIENT, connectionId, message, status, null, List.of(), cause);
  }

  private static boolean isReadOnly(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  HttpException malformed(Request request, CallContext call, int status, String body) {
    String message = head(request, call) + " returned HTTP " + status
        + " with a body that is not valid JSON: '" + redactor.excerpt(body, EXCERPT) + "'. "
        + advice(ErrorCategory.PERMANENT, null);
    return new HttpException(ErrorCategory.PERMANENT, connectionId, message, status, null, List.of(), null);
  }

  String head(Request request, CallContext call) {
    return connectionId + ": " + request.method() + " " + call.pathTemplate;
  }

  private @Nullable Duration announcedWait(Headers headers) {
    return HttpStatuses.announcedWait(headers, clock.instant());
  }

  private List<String> vendorMessages(String body) {
    if (body.isBlank() || body.charAt(firstNonBlank(body)) != '{') {
      return List.of();
    }
    try {
      JsonNode node = json.readTree(body);
      return node == null ? List.of() : VendorErrors.messages(node, redactor);
    } catch (IOException notJson) {
      return List.of();
    }
  }

  private static int firstNonBlank(String s) {
    int i = 0;
    while (i < s.length() - 1 && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static String advice(ErrorCategory category, @Nullable Duration wait) {
    switch (category) {
      case TRANSIENT:
        return "This is usually temporary; it is retried with backoff. If it persists, check the tool's status and the network.";
      case RATE_LIMITED:
        return wait == null
            ? "The tool's rate limit is spent; slow down or lower this connection's rate limit."
            : "The tool's rate limit is spent; it asked to wait " + wait.toSeconds() + " s. Lower this connection's rate limit if this recurs.";
      case AUTHENTICATION:
        return "Check this connection's credentials: they are missing, expired or revoked.";
      case AUTHORIZATION:
        return "The credentials are valid but lack permission; grant the needed scope or role.";
      case NOT_FOUND:
        return "Check that the item, project or repository exists and is visible to these credentials.";
      case CONFLICT:
        return "Someone changed it first; reload the item and apply the change again.";
      case VALIDATION:
        return "The tool rejected the data sent; fix the mapping or the values and try again.";
      case CONFIGURATION:
        return "Check this connection's base URL and TLS settings.";
      default:
        return "Repeating the call will not help; check the connection's base URL and the tool's API version.";
    }
  }
}
