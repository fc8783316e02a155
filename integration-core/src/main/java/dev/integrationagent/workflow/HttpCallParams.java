package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * The parameters of one {@code http.call} step, read and checked. {@link #read} collects every
 * problem, each naming its parameter, and quotes a bad URL without its path, query, fragment or
 * user information (any of which may hold a token) and a bad header without its value.
 *
 * @param method GET, POST, PUT, PATCH or DELETE
 * @param url the absolute http or https URL
 * @param headers the request headers as written, in their order
 * @param body a JSON object or array, a text node, or null for no body
 * @param timeout the whole call's limit, redirects included, or null for the action's default
 */
record HttpCallParams(
    String method, HttpUrl url, Map<String, String> headers, @Nullable JsonNode body, @Nullable Duration timeout) {
  static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  static final int MIN_TIMEOUT_SECONDS = 1;
  static final int MAX_TIMEOUT_SECONDS = 120;

  private static final Set<String> NAMES = Set.of("method", "url", "headers", "body", "timeoutSeconds");
  /** Set by the action or by HTTP itself; a step that sets them would break the call or the retry key. */
  private static final Set<String> RESERVED_HEADERS = Set.of(
      "idempotency-key", "host", "content-length", "transfer-encoding", "connection", "upgrade", "te");
  private static final int SHOWN = 100;

  /** What {@link #read} found: the parameters when there was no problem, else the problems. */
  record Reading(@Nullable HttpCallParams params, List<String> problems) {}

  /**
   * Reads {@code params}. When {@code rendered} is false (a check at build time, before
   * {@code {{ … }}} placeholders are filled in), a string holding a placeholder is only checked
   * to be a string.
   */
  static Reading read(JsonNode params, boolean rendered) {
    List<String> problems = new ArrayList<>();
    if (!params.isObject()) {
      problems.add("params: must be a JSON object with at least 'url', was " + kind(params));
      return new Reading(null, problems);
    }
    for (Map.Entry<String, JsonNode> field : params.properties()) {
      String name = field.getKey();
      if (!NAMES.contains(name)) {
        problems.add(name + ": unknown parameter; http.call takes method, url, headers, body and timeoutSeconds");
      }
    }
    String method = method(params.get("method"), rendered, problems);
    HttpUrl url = url(params.get("url"), rendered, problems);
    Map<String, String> headers = headers(params.get("headers"), rendered, problems);
    JsonNode body = body(params.get("body"), method, problems);
    Duration timeout = timeout(params.get("timeoutSeconds"), problems);
    boolean complete = url != null && method != null && headers != null;
    return new Reading(problems.isEmpty() && complete
        ? new HttpCallParams(method, url, headers, body, timeout) : null, List.copyOf(problems));
  }

  private static @Nullable String method(@Nullable JsonNode node, boolean rendered, List<String> problems) {
    if (node == null || node.isNull()) {
      return "GET";
    }
    if (!node.isTextual()) {
      problems.add("method: must be one of " + String.join(", ", METHODS) + ", was " + kind(node));
      return null;
    }
    if (!rendered && isTemplate(node.asText())) {
      return null;
    }
    String method = node.asText().strip().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      problems.add("method: must be one of " + String.join(", ", METHODS) + ", was '" + shown(node.asText()) + "'");
      return null;
    }
    return method;
  }

  private static @Nullable HttpUrl url(@Nullable JsonNode node, boolean rendered, List<String> problems) {
    if (node == null || node.isNull()) {
      problems.add("url: is required: the absolute http or https URL to call");
      return null;
    }
    if (!node.isTextual()) {
      problems.add("url: must be an absolute http or https URL, was " + kind(node));
      return null;
    }
    String text = node.asText().strip();
    if (!rendered && isTemplate(text)) {
      return null;
    }
    HttpUrl url = HttpUrl.parse(text);
    if (url == null || !(text.regionMatches(true, 0, "http://", 0, 7) || text.regionMatches(true, 0, "https://", 0, 8))) {
      problems.add("url: must be an absolute http or https URL, was '" + shownUrl(text) + "'");
      return null;
    }
    if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
      problems.add("url: must not carry a user name or password (send credentials in a header), was '"
          + shownUrl(text) + "'");
      return null;
    }
    return url;
  }

  private static @Nullable Map<String, String> headers(@Nullable JsonNode node, boolean rendered, List<String> problems) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return headers;
    }
    if (!node.isObject()) {
      problems.add("headers: must be an object of header names to string values, was " + kind(node));
      return null;
    }
    boolean ok = true;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (!isToken(name)) {
        problems.add("headers: '" + shown(name) + "' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
        ok = false;
      } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add("headers." + name + ": is set by the action or by HTTP itself and cannot be given");
        ok = false;
      } else if (!value.isTextual()) {
        problems.add("headers." + name + ": must be a string, was " + kind(value));
        ok = false;
      } else if ((rendered || !isTemplate(value.asText())) && !isHeaderValue(value.asText())) {
        // the value is not quoted: it may be a credential
        problems.add("headers." + name + ": the value must be printable ASCII on one line (no line breaks or control characters)");
        ok = false;
      } else if (name.equalsIgnoreCase("Content-Type") && (rendered || !isTemplate(value.asText()))
          && MediaType.parse(value.asText()) == null) {
        problems.add("headers." + name + ": must be a media type like 'application/json', was '"
            + shown(value.asText()) + "'");
        ok = false;
      } else {
        headers.put(name, value.asText());
      }
    }
    return ok ? headers : null;
  }

  private static @Nullable JsonNode body(@Nullable JsonNode node, @Nullable String method, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject() && !node.isArray() && !node.isTextual()) {
      problems.add("body: must be a JSON object or array (sent as application/json) or a string (sent as text/plain), was "
          + kind(node));
      return null;
    }
    if ("GET".equals(method)) {
      problems.add("body: a GET request carries no body; use POST, PUT, PATCH or DELETE, or leave the body out");
      return null;
    }
    return node;
  }

  private static @Nullable Duration timeout(@Nullable JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    String range = "from " + MIN_TIMEOUT_SECONDS + " to " + MAX_TIMEOUT_SECONDS;
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problems.add("timeoutSeconds: must be a whole number of seconds " + range + ", was "
          + (node.isNumber() ? node.asText() : kind(node)));
      return null;
    }
    int seconds = node.asInt();
    if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
      problems.add("timeoutSeconds: must be a whole number of seconds " + range + ", was " + seconds);
      return null;
    }
    return Duration.ofSeconds(seconds);
  }

  private static boolean isTemplate(String text) {
    return text.contains("{{");
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  private static String kind(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY: return "an array";
      case OBJECT: return "an object";
      case NUMBER: return "a number";
      case BOOLEAN: return "a boolean";
      case STRING: return "a string";
      case NULL: return "null";
      default: return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A URL as it may be quoted: scheme and host, the path only as "/…" (a webhook URL's path is
   * often its secret), no user information, query or fragment, one short line.
   */
  static String shownUrl(String text) {
    String cut = text;
    int end = indexOfAny(cut, "?#");
    if (end >= 0) {
      cut = cut.substring(0, end);
    }
    int scheme = cut.indexOf("://");
    int authorityStart = scheme < 0 ? 0 : scheme + 3;
    int authorityEnd = cut.indexOf('/', authorityStart);
    int at = cut.lastIndexOf('@', authorityEnd < 0 ? cut.length() - 1 : authorityEnd);
    if (at >= authorityStart) {
      cut = cut.substring(0, authorityStart) + cut.substring(at + 1);
      authorityEnd = cut.indexOf('/', authorityStart);
    }
    if (authorityEnd >= 0 && authorityEnd < cut.length() - 1) {
      cut = cut.substring(0, authorityEnd) + "/…";
    }
    return shown(cut);
  }

  private static String shown(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() <= SHOWN ? flat : flat.substring(0, SHOWN) + "…";
  }

  private static int indexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
