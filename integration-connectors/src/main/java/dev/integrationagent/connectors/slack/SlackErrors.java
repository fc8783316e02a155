package dev.integrationagent.connectors.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.http.HttpException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Slack answers most failures with HTTP 200 and {@code {"ok": false, "error": "<code>"}}; this
 * interceptor, inside the pipeline's classification step, turns such an answer into an
 * {@link HttpException} whose category comes from the error code, so that the pipeline's retry,
 * circuit breaker and call events treat it like any other classified failure. HTTP failures
 * (429 with {@code Retry-After}, 5xx) pass through to the pipeline's own classification.
 */
final class SlackErrors implements Interceptor {
  /** Slack's error codes by category; a code not listed is PERMANENT. */
  static final Map<String, ErrorCategory> CODES = codes();
  private static final int MAX_DETAILS = 3;
  private static final int MAX_DETAIL_LENGTH = 200;

  private final String connectionId;
  private final ObjectMapper json;

  SlackErrors(String connectionId, ObjectMapper json) {
    this.connectionId = connectionId;
    this.json = json;
  }

  private static Map<String, ErrorCategory> codes() {
    Map<String, ErrorCategory> m = new java.util.HashMap<>();
    for (String c : List.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired")) {
      m.put(c, ErrorCategory.AUTHENTICATION);
    }
    for (String c : List.of("missing_scope", "not_allowed_token_type", "restricted_action")) {
      m.put(c, ErrorCategory.AUTHORIZATION);
    }
    for (String c : List.of("channel_not_found", "not_in_channel", "is_archived")) {
      m.put(c, ErrorCategory.CONFIGURATION);
    }
    for (String c : List.of("msg_too_long", "no_text", "invalid_blocks", "invalid_arguments",
        "too_many_attachments", "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large",
        "invalid_ts_oldest", "invalid_ts_latest", "invalid_cursor")) {
      m.put(c, ErrorCategory.VALIDATION);
    }
    m.put("thread_not_found", ErrorCategory.NOT_FOUND);
    // "rate_limited" is how Slack's 2020 API description spells the code that the API sends as "ratelimited"
    m.put("ratelimited", ErrorCategory.RATE_LIMITED);
    m.put("rate_limited", ErrorCategory.RATE_LIMITED);
    for (String c : List.of("internal_error", "fatal_error", "service_unavailable", "request_timeout")) {
      m.put(c, ErrorCategory.TRANSIENT);
    }
    return Map.copyOf(m);
  }

  /** The category of one of Slack's error codes. */
  static ErrorCategory categoryOf(String code) {
    return CODES.getOrDefault(code, ErrorCategory.PERMANENT);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (!response.isSuccessful() || response.body() == null) {
      return response;
    }
    ResponseBody original = response.body();
    byte[] bytes = original.bytes();
    Response whole = response.newBuilder().body(ResponseBody.create(bytes, original.contentType())).build();
    JsonNode body;
    try {
      body = json.readTree(bytes);
    } catch (IOException notJson) {
      return whole; // the classification step reports it, with an excerpt
    }
    if (body == null || !body.isObject() || !body.path("ok").isBoolean() || body.path("ok").asBoolean()) {
      return whole;
    }
    String code = body.path("error").asText("");
    if (code.isEmpty()) {
      code = "(no error code)";
    }
    ErrorCategory category = categoryOf(code);
    Duration wait = category == ErrorCategory.RATE_LIMITED ? retryAfter(response.header("Retry-After")) : null;
    StringBuilder m = new StringBuilder("Slack answered error '").append(code).append("' (").append(category).append(')');
    List<String> details = details(body);
    if (!details.isEmpty()) {
      m.append(": ").append(String.join("; ", details));
    }
    m.append(". ").append(advice(category, code));
    List<String> vendor = new ArrayList<>();
    vendor.add(code);
    vendor.addAll(details);
    throw new HttpException(category, connectionId, m.toString(), response.code(), wait, vendor, null);
  }

  /**
   * What Slack says beyond the code: {@code needed}/{@code provided} scopes of a
   * {@code missing_scope}, and the lines of {@code response_metadata.messages}
   * ({@code "[ERROR] missing required field: channel"}).
   */
  private static List<String> details(JsonNode body) {
    List<String> out = new ArrayList<>();
    if (body.path("needed").isTextual()) {
      out.add("needed scope " + body.get("needed").asText()
          + (body.path("provided").isTextual() ? ", provided " + body.get("provided").asText() : ""));
    }
    for (JsonNode line : body.path("response_metadata").path("messages")) {
      if (line.isTextual() && out.size() < MAX_DETAILS) {
        String text = line.asText();
        out.add(text.length() > MAX_DETAIL_LENGTH ? text.substring(0, MAX_DETAIL_LENGTH) + "…" : text);
      }
    }
    return out;
  }

  private static @Nullable Duration retryAfter(@Nullable String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String advice(ErrorCategory category, String code) {
    switch (category) {
      case AUTHENTICATION:
        return "Check the bot token (xoxb-…): it is missing, revoked or expired, or the app was uninstalled.";
      case AUTHORIZATION:
        return "The token is valid but may not do this; add the needed scope (chat:write, channels:history, …)"
            + " to the app and reinstall it.";
      case CONFIGURATION:
        return "not_in_channel".equals(code) || "channel_not_found".equals(code)
            ? "Check the channel id, and that the app is a member of the channel (/invite @your-app)."
            : "Check the channel: it is archived or cannot take messages.";
      case VALIDATION:
        return "Slack refused the message as sent; fix the text, blocks or metadata of the step.";
      case RATE_LIMITED:
        return "Slack's rate limit is spent; the call is retried after the announced wait.";
      case TRANSIENT:
        return "This is usually temporary on Slack's side; it is retried.";
      default:
        return "Repeating the call will not help; see Slack's documentation of the method's error codes.";
    }
  }
}
