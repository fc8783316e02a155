package dev.integrationagent.http;

import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Expands a call's path template against the base URL: each {@code {name}} is replaced by its
 * value and percent-encoded as part of one path segment, so a value can never add segments.
 */
final class PathTemplates {
  private PathTemplates() {}

  static HttpUrl expand(HttpUrl baseUrl, HttpCall call) {
    HttpUrl.Builder url = baseUrl.newBuilder();
    Map<String, Object> params = call.pathParams();
    String template = call.pathTemplate();
    int start = 1;
    while (start <= template.length()) {
      int end = template.indexOf('/', start);
      if (end < 0) {
        end = template.length();
      }
      String segment = template.substring(start, end);
      if (!segment.isEmpty() || end == template.length()) {
        url.addPathSegment(segment.indexOf('{') >= 0 ? fill(segment, params, template) : segment);
      }
      start = end + 1;
    }
    call.query().forEach(url::addQueryParameter);
    return url.build();
  }

  static String fill(String segment, Map<String, Object> params, String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < segment.length()) {
      int open = segment.indexOf('{', i);
      if (open < 0) {
        out.append(segment, i, segment.length());
        break;
      }
      int close = segment.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '{' in path template '" + template + "'");
      }
      String name = segment.substring(open + 1, close);
      Object value = params.get(name);
      if (value == null) {
        throw new IllegalArgumentException("path template '" + template + "' needs a value for '"
            + name + "' but has only " + params.keySet());
      }
      out.append(segment, i, open).append(String.valueOf(value));
      i = close + 1;
    }
    return out.toString();
  }
}
