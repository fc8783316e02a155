package dev.integrationagent.http;

import java.util.Locale;
import javax.annotation.Nullable;

/** Reads the {@code rel="next"} target out of an RFC 8288 {@code Link} header value. */
final class LinkHeaders {
  private LinkHeaders() {}

  static @Nullable String next(String header) {
    int i = 0;
    while (i < header.length()) {
      int open = header.indexOf('<', i);
      if (open < 0) {
        return null;
      }
      int close = header.indexOf('>', open);
      if (close < 0) {
        return null;
      }
      String target = header.substring(open + 1, close);
      int nextLink = header.indexOf('<', close);
      String params = header.substring(close + 1, nextLink < 0 ? header.length() : nextLink);
      for (String param : params.split(";")) {
        String p = param.strip();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("rel")) {
          String value = p.substring(eq + 1).strip().replace("\"", "").replace(",", " ");
          for (String rel : value.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (rel.equals("next")) {
              return target;
            }
          }
        }
      }
      i = nextLink < 0 ? header.length() : nextLink;
    }
    return null;
  }
}
