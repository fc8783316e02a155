package dev.integrationagent.workflow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a value placed into a template by {@code {{ … }}} is escaped for where the string lands, so
 * that a title holding {@code "}} or {@code <script>} stays text.
 */
public enum Escaping {
  /** Plain text, taken as it is (a field the connector writes as text). */
  NONE {
    @Override
    String escape(String value) {
      return value;
    }
  },
  /** Inside a JSON string literal of a hand-written JSON body. */
  JSON {
    @Override
    String escape(String value) {
      return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value));
    }
  },
  /** Markdown (descriptions, comments): punctuation Markdown would act on is backslash-escaped, and HTML's {@code <} and {@code &} too. */
  MARKDOWN {
    @Override
    String escape(String value) {
      StringBuilder out = new StringBuilder(value.length() + 8);
      for (char c : value.toCharArray()) {
        switch (c) {
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '&' -> out.append("&amp;");
          case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~' ->
              out.append('\\').append(c);
          default -> out.append(c);
        }
      }
      return out.toString();
    }
  },
  /** A URL's path segment or query value: percent-encoded, so it cannot add a segment, a parameter or a host. */
  URL {
    @Override
    String escape(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
  },
  /** Slack's mrkdwn: {@code &}, {@code <} and {@code >} as entities, so a value cannot mention a channel or form a link. */
  SLACK_MRKDWN {
    @Override
    String escape(String value) {
      return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  },
  /** An HTTP header value: line breaks removed, so a value cannot add a header. */
  HEADER {
    @Override
    String escape(String value) {
      return value.replaceAll("[\\r\\n]+", " ");
    }
  };

  abstract String escape(String value);
}
