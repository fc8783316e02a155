package dev.integrationagent.connectors.github;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The sync marker lives in the issue body as an HTML comment, which GitHub does not render:
 * {@code <!-- integration-agent:marker=ia:github-jira:42 -->}. Mappings never see it: it is
 * stripped from every body read, and put back on every body written.
 *
 * <p>So does the tombstone {@code <!-- integration-agent:deleted -->}: GitHub's REST API cannot
 * delete an issue, so a delete closes it as not planned and adds the tombstone, and the connector
 * reports a tombstoned issue as deleted (in the listing and webhooks) and as absent (to
 * {@code get} and marker look-ups). Without it the closed issue would read as a live, unlinked
 * change, and a sync plan would create it again on the other side.
 */
final class GitHubMarkers {
  static final String PREFIX = "integration-agent:marker=";
  static final String TOMBSTONE = "<!-- integration-agent:deleted -->";
  private static final Pattern COMMENT =
      Pattern.compile("(?:\\r?\\n){0,2}<!-- " + Pattern.quote(PREFIX) + "([^\\s<>]+) -->[ \\t]*");
  private static final Pattern TOMBSTONE_COMMENT = Pattern.compile("(?:\\r?\\n){0,2}" + Pattern.quote(TOMBSTONE) + "[ \\t]*");

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

  /** The body as people see it: without the marker comment and the tombstone. */
  static @Nullable String strip(@Nullable String body) {
    return body == null ? null : TOMBSTONE_COMMENT.matcher(COMMENT.matcher(body).replaceAll("")).replaceAll("");
  }

  /** Whether the connector deleted the issue of this body (see the class comment). */
  static boolean tombstoned(@Nullable String body) {
    return body != null && body.contains(TOMBSTONE);
  }

  /** The body, markers kept, with the tombstone appended. */
  static String withTombstone(@Nullable String body) {
    if (tombstoned(body)) {
      return body;
    }
    return body == null || body.isEmpty() ? TOMBSTONE : body + "\n\n" + TOMBSTONE;
  }
}
