package dev.integrationagent.connectors.github;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The sync marker lives in the issue body as an HTML comment, which GitHub does not render:
 * {@code <!-- integration-agent:marker=ia:github-jira:42 -->}. Mappings never see it: it is
 * stripped from every body read, and put back on every body written.
 */
final class GitHubMarkers {
  static final String PREFIX = "integration-agent:marker=";
  private static final Pattern COMMENT =
      Pattern.compile("(?:\\r?\\n){0,2}<!-- " + Pattern.quote(PREFIX) + "([^\\s<>]+) -->[ \\t]*");

  private GitHubMarkers() {}

  /** Checks that a marker can sit in an HTML comment and be found by search. */
  static String checked(String marker) {
    if (marker.isBlank() || !marker.matches("[^\\s<>]+") || marker.contains("--")) {
      throw new IllegalArgumentException(
          "marker must be non-blank without whitespace, '<', '>' or '--' but was '" + marker + "'");
    }
    return marker;
  }

  static String comment(String marker) {
    return "<!-- " + PREFIX + marker + " -->";
  }

  /** The body with the marker appended (after a blank line), or unchanged for a null marker. */
  static @Nullable String withMarker(@Nullable String body, @Nullable String marker) {
    if (marker == null) {
      return body;
    }
    String text = strip(body);
    return text == null || text.isEmpty() ? comment(marker) : text + "\n\n" + comment(marker);
  }

  /** The marker carried by a body. */
  static Optional<String> find(@Nullable String body) {
    if (body == null) {
      return Optional.empty();
    }
    Matcher m = COMMENT.matcher(body);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The body as people see it: without the marker comment. */
  static @Nullable String strip(@Nullable String body) {
    return body == null ? null : COMMENT.matcher(body).replaceAll("");
  }
}
