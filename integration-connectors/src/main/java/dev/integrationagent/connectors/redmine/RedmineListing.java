package dev.integrationagent.connectors.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change listing of one project: {@code GET /issues.json} by {@code updated_on}, turned into
 * pages that resume exactly after their last issue (see {@link RedmineCursor}).
 */
final class RedmineListing {
  private static final Logger log = LoggerFactory.getLogger(RedmineListing.class);
  static final int MAX_LIMIT = 100;

  private final String connectionId;
  private final String project;
  private final Duration overlap;
  private final Function<Map<String, Object>, JsonNode> fetch;

  /** {@code fetch} sends {@code GET /issues.json} with the given query and returns the body. */
  RedmineListing(String connectionId, String project, Duration overlap,
      Function<Map<String, Object>, JsonNode> fetch) {
    this.connectionId = connectionId;
    this.project = project;
    this.overlap = overlap;
    this.fetch = fetch;
  }

  /**
   * Issues of the project by {@code updated_on} then id, from the cursor's second (minus the
   * overlap) on, skipping states already seen. Each call starts at offset 0 so that issues moving
   * to the end of the listing while we read cannot shift an unread one past us; when one call
   * needs more than one HTTP page, the next page overlaps the previous by one issue, and a
   * mismatch there (the listing shifted) ends the call early with what was read so far.
   */
  ChangePage page(RedmineCursor at, int pageSize) {
    Instant from = at.since() == null ? null : at.since().minus(overlap);
    Map<String, ExternalItem> out = new LinkedHashMap<>();
    List<ChangePage.Rejected> rejected = new java.util.ArrayList<>();
    boolean more = false;
    int offset = 0;
    int limit = Math.min(MAX_LIMIT, pageSize + at.seen().size() + 1);
    JsonNode previousLast = null;
    walk:
    while (true) {
      JsonNode body = fetch.apply(listQuery(from, offset, limit));
      JsonNode issues = body.path("issues");
      if (!issues.isArray()) {
        throw new dev.integrationagent.api.IntegrationException(dev.integrationagent.api.ErrorCategory.VALIDATION,
            connectionId, connectionId + ": GET /issues.json answered without an 'issues' array ("
                + (issues.isMissingNode() ? "none" : issues.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                + "); the listing stops here and its cursor is kept", null);
      }
      int start = 0;
      if (previousLast != null) {
        if (issues.isEmpty() || !sameState(issues.get(0), previousLast)) {
          log.debug("{}: the issue listing shifted while paging; resuming from the cursor", connectionId);
          more = true;
          break;
        }
        start = 1;
      }
      for (int i = start; i < issues.size(); i++) {
        ExternalItem item;
        try {
          item = RedmineIssues.toItem(issues.get(i), connectionId);
        } catch (dev.integrationagent.api.IntegrationException e) {
          String id = issues.get(i).path("id").asText("");
          if (!id.isEmpty() && rejected.stream().noneMatch(r -> r.itemId().equals(id))) {
            rejected.add(new ChangePage.Rejected(id, e.getMessage())); // parked; the rest goes on
          }
          continue;
        }
        if (at.hasSeen(item.id(), item.version()) || (from != null && item.updatedAt().isBefore(from))) {
          // Redmine turns ">= T" into "> T - 1 s" on its stored (sub-second) time, so the second
          // before T comes back too: it was listed before this cursor was made
          continue;
        }
        if (out.size() == pageSize && !out.containsKey(item.id())) {
          more = true;
          break walk;
        }
        out.remove(item.id());
        out.put(item.id(), item);
      }
      int total = body.path("total_count").asInt(0);
      if (issues.size() < limit || offset + issues.size() >= total) {
        break;
      }
      previousLast = issues.get(issues.size() - 1);
      offset += issues.size() - 1;
      limit = MAX_LIMIT;
    }
    List<ExternalItem> items = List.copyOf(out.values());
    return new ChangePage(items, next(at, items).encode(), more, rejected);
  }

  private RedmineCursor next(RedmineCursor at, List<ExternalItem> items) {
    if (items.isEmpty()) {
      return at;
    }
    Instant last = items.get(items.size() - 1).updatedAt();
    Instant keepFrom = last.minus(overlap);
    Map<String, String> seen = new LinkedHashMap<>();
    at.seen().forEach((id, version) -> {
      if (!RedmineIssues.updatedOf(version).isBefore(keepFrom)) {
        seen.put(id, version);
      }
    });
    items.forEach(i -> {
      if (!i.updatedAt().isBefore(keepFrom)) {
        seen.put(i.id(), i.version());
      } else {
        seen.remove(i.id());
      }
    });
    return new RedmineCursor(last, seen);
  }

  private Map<String, Object> listQuery(@Nullable Instant from, int offset, int limit) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("project_id", project);
    query.put("status_id", "*");
    query.put("sort", "updated_on,id");
    if (from != null) {
      query.put("updated_on", ">=" + from);
    }
    query.put("offset", offset);
    query.put("limit", limit);
    return query;
  }

  private static boolean sameState(JsonNode a, JsonNode b) {
    return a.path("id").asLong() == b.path("id").asLong()
        && a.path("updated_on").asText().equals(b.path("updated_on").asText());
  }
}
