package dev.integrationagent.connectors.jira;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpException;
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Pagination;
import dev.integrationagent.http.RestConnectorSupport;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.mapping.text.TextFormats;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jira Cloud connection on the HTTP pipeline. Thread-safe: it keeps no per-call state; what
 * it learns about creating issues ({@link JiraCreateProfiles}) is shared safely between threads.
 */
final class JiraSession extends RestConnectorSupport implements ConnectorSession {
  static final HttpSettings DEFAULTS = HttpSettings.custom().maxConcurrentCalls(8).build();
  static final String MARKER_PROPERTY = "integration-agent-marker";

  private static final Logger log = LoggerFactory.getLogger(JiraSession.class);
  private static final int SEARCH_PAGE = 100;
  /** Every field, custom ones included, but not the heavy collections the mapping never reads. */
  private static final List<String> SEARCH_FIELDS = List.of(
      "*all", "-comment", "-worklog", "-attachment", "-issuelinks", "-subtasks", "-watches", "-votes");
  private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

  record Config(String baseUrl, String project, String issueType, AuthStrategy auth, HttpSettings settings,
      @Nullable String webhookSecret, Duration overlap, Duration markerLookback, boolean provisionalCreates) {}

  private final Config config;
  private final ConnectorContext context;
  private final String connectionId;
  private final JiraMarkers markers;
  private final JiraWebhooks webhooks;
  private final JiraWrites writes;
  private volatile @Nullable ZoneId userZone;

  JiraSession(ConnectorContext context, Config config) {
    super(build(context, config), Pagination.startAt(100, "comments"));
    this.context = context;
    this.config = config;
    this.connectionId = context.connectionId();
    this.markers = new JiraMarkers(this, config.markerLookback());
    this.webhooks = new JiraWebhooks(context, config.project(), config.webhookSecret(), this::get,
        issueId -> comments(issueId, null));
    this.writes = new JiraWrites(this, context.clock(), config.provisionalCreates());
  }

  private static HttpPipeline build(ConnectorContext context, Config config) {
    HttpPipeline.Builder builder = pipeline(context, config.baseUrl(), config.auth(), config.settings());
    context.service(Sleeper.class).ifPresent(builder::sleeper);
    context.service(RandomGenerator.class).ifPresent(builder::random);
    return builder.build();
  }

  String connectionId() {
    return connectionId;
  }

  String project() {
    return config.project();
  }

  // --- listing -------------------------------------------------------------------------------

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
    }
    JiraCursor at = JiraCursor.decode(cursor, connectionId);
    String jql = at.continuedQuery();
    String token = at.continuedToken();
    Instant bound = null;
    if (jql == null || token == null) {
      bound = at.lowerBound(config.overlap());
      jql = windowQuery(bound);
      token = null;
    }
    List<ExternalItem> items = new ArrayList<>();
    List<ChangePage.Rejected> rejected = new ArrayList<>();
    boolean more = false;
    while (true) {
      if (items.size() == pageSize) {
        more = true;
        at.continueWith(jql, token); // the search's next page is where the next call goes on
        break;
      }
      JsonNode page;
      try {
        page = listingPage(jql, token, Math.min(SEARCH_PAGE, pageSize - items.size()));
      } catch (HttpException e) {
        if (e.status() != 400 || token == null || bound != null) {
          throw e;
        }
        log.debug("{}: Jira refused the stored page token ({}); listing the window again", connectionId,
            e.getMessage());
        at.restart();
        bound = at.lowerBound(config.overlap());
        jql = windowQuery(bound);
        token = null;
        continue;
      }
      JsonNode issues = page.path("issues");
      if (!issues.isArray()) {
        throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId
            + ": POST /rest/api/3/search/jql answered without an 'issues' array; the listing stops here and its"
            + " cursor is kept", null);
      }
      for (JsonNode issue : issues) {
        ExternalItem item;
        try {
          item = JiraJson.item(issue, connectionId);
        } catch (IntegrationException e) {
          String id = issue.path("id").asText("");
          if (!id.isEmpty() && rejected.stream().noneMatch(r -> r.itemId().equals(id))) {
            rejected.add(new ChangePage.Rejected(id, e.getMessage())); // parked; the rest goes on
          }
          continue;
        }
        if ((bound != null && item.updatedAt().isBefore(bound)) || at.alreadySeen(item.id(), item.updatedAt())) {
          continue;
        }
        items.add(item);
        at.handedOut(item.id(), item.updatedAt(), config.overlap());
      }
      String next = page.path("isLast").asBoolean(false) ? null : page.path("nextPageToken").asText(null);
      if (next == null) {
        at.restart(); // the end: the next listing reads the window again, for late-indexed changes
        break;
      }
      token = next;
    }
    log.debug("{}: listed {} changed Jira issues (more: {}, remembered: {})", connectionId, items.size(), more,
        at.seenCount());
    return new ChangePage(items, at.encode(), more, rejected);
  }

  /** Every issue of the project changed at or after {@code bound} (all when null), oldest change first. */
  private String windowQuery(@Nullable Instant bound) {
    return "project = " + quote(config.project())
        + (bound == null ? "" : " AND updated >= " + quote(JQL_TIME.format(wallTime(bound, zone()))))
        + " ORDER BY updated ASC, id ASC";
  }

  /**
   * The wall time in {@code zone} no later than {@code bound} however Jira reads it. In the hour a
   * fall-back repeats, a wall time names two instants and Jira takes the later (standard time):
   * written as is, a bound in the first run of the hour would skip up to an hour of changes. Such
   * a bound is written as the last minute before the repeated hour instead, the earlier offset's
   * side; the listing drops what it re-reads before the bound, so nothing is listed twice.
   */
  static LocalDateTime wallTime(Instant bound, ZoneId zone) {
    ZonedDateTime at = bound.atZone(zone);
    LocalDateTime local = at.toLocalDateTime();
    ZoneOffsetTransition overlap = zone.getRules().getTransition(local);
    if (overlap != null && overlap.isOverlap() && at.getOffset().equals(overlap.getOffsetBefore())) {
      return overlap.getDateTimeAfter().minusMinutes(1);
    }
    return local;
  }

  private JsonNode listingPage(String jql, @Nullable String token, int maxResults) {
    try {
      return search(jql, maxResults, token, List.of(MARKER_PROPERTY));
    } catch (IntegrationException e) {
      if (e instanceof HttpException http && http.status() == 400
          && http.vendorMessages().stream().anyMatch(m -> m.contains("for the field 'project'"))) {
        throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId,
            "Jira project '" + config.project() + "' does not exist or this account cannot browse it; "
                + "check the project key and the account's Browse projects permission", e);
      }
      throw e;
    }
  }

  /** One page of {@code POST /rest/api/3/search/jql}; a read, so it is safe to retry. */
  JsonNode search(String jql, int maxResults, @Nullable String nextPageToken, List<String> properties) {
    ObjectNode body = context.json().createObjectNode();
    body.put("jql", jql);
    body.put("maxResults", maxResults);
    ArrayNode fields = body.putArray("fields");
    SEARCH_FIELDS.forEach(fields::add);
    if (!properties.isEmpty()) {
      ArrayNode props = body.putArray("properties");
      properties.forEach(props::add);
    }
    if (nextPageToken != null) {
      body.put("nextPageToken", nextPageToken);
    }
    return send(HttpCall.post("/rest/api/3/search/jql", body).safeToRetry().build());
  }

  /** JQL compares dates in the Jira user's time zone, read once from {@code /myself}. */
  private ZoneId zone() {
    ZoneId zone = userZone;
    if (zone == null) {
      String name = get("/rest/api/3/myself", Map.of()).path("timeZone").asText("UTC");
      try {
        zone = ZoneId.of(name);
      } catch (java.time.DateTimeException e) {
        log.warn("{}: Jira user time zone '{}' is unknown; JQL dates are sent in UTC", connectionId, name);
        zone = ZoneOffset.UTC;
      }
      userZone = zone;
    }
    return zone;
  }

  static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  // --- items ---------------------------------------------------------------------------------

  @Override
  public Optional<ExternalItem> get(String id) {
    requireId(id);
    try {
      return Optional.of(JiraJson.item(
          get("/rest/api/3/issue/{id}", Map.of("id", id), Map.of("properties", MARKER_PROPERTY)), connectionId));
    } catch (IntegrationException e) {
      if (e.category() == ErrorCategory.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * {@code POST /rest/api/3/issue}, with the marker property and, when a status other than the
   * workflow's initial one is asked for, the transition, in the same request. The first create
   * of each issue type reads the new issue once to learn the workflow; later ones return an item
   * built from the request (see {@link JiraWrites}).
   */
  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    requireNonNull(fields, "fields");
    JsonNode given = fields.path("fields");
    ObjectNode write = JiraJson.writableFields(given, true);
    write.putObject("project").put("key", config.project());
    String requested = given.path("issuetype").path("name").asText("");
    String issueType = requested.isBlank() ? config.issueType() : requested;
    write.putObject("issuetype").put("name", issueType);
    ObjectNode body = context.json().createObjectNode();
    body.set("fields", write);
    if (marker != null) {
      // the marker travels with the create itself, so no issue exists without it
      ObjectNode property = body.putArray("properties").addObject();
      property.put("key", MARKER_PROPERTY);
      property.putObject("value").put("marker", marker);
    }
    return writes.create(issueType, body, JiraJson.targetStatus(given), marker);
  }

  /**
   * {@code PUT /rest/api/3/issue/{id}?returnIssue=true}, then the workflow transition when
   * {@code fields.status} asks for another status. {@code expectedVersion} is not checked: Jira
   * has no conditional edit, so a read before the write would only narrow the window for a lost
   * update (and the engine has just read the issue); the connector does not claim
   * {@code OPTIMISTIC_LOCKING}.
   */
  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    requireId(id);
    requireNonNull(patch, "patch");
    JsonNode given = patch.path("fields");
    return writes.update(id, JiraJson.writableFields(given, false), JiraJson.targetStatus(given));
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    return markers.find(requireNonNull(marker, "marker"));
  }

  @Override
  public void delete(String id) {
    requireId(id);
    send(HttpCall.delete("/rest/api/3/issue/{id}").pathParam("id", id).build());
  }

  // --- comments and transitions --------------------------------------------------------------

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    requireId(itemId);
    List<ExternalComment> out = new ArrayList<>();
    list(HttpCall.get("/rest/api/3/issue/{id}/comment").pathParam("id", itemId).query("orderBy", "created").build())
        .map(c -> JiraJson.comment(c, itemId, connectionId))
        .filter(c -> since == null || !c.updatedAt().isBefore(since))
        .forEach(out::add);
    return List.copyOf(out);
  }

  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    requireId(itemId);
    ObjectNode body = context.json().createObjectNode();
    body.set("body", TextFormats.markdownToAdf(requireNonNull(markdownBody, "markdownBody")));
    JsonNode comment = send(HttpCall.post("/rest/api/3/issue/{id}/comment", body).pathParam("id", itemId).build());
    return JiraJson.comment(comment, itemId, connectionId);
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    requireId(itemId);
    if (requireNonNull(targetStatus, "targetStatus").isBlank()) {
      throw new IllegalArgumentException("targetStatus is blank: '" + targetStatus + "'");
    }
    return writes.transition(itemId, targetStatus);
  }

  // --- health and webhooks -------------------------------------------------------------------

  @Override
  public ConnectorHealth health() {
    return JiraHealth.check(http(), context.clock());
  }

  @Override
  public Optional<WebhookHandler> webhooks() {
    return Optional.of(webhooks);
  }

  /** One call through the pipeline, for the session's helpers. */
  JsonNode call(HttpCall call) {
    return send(call);
  }

  private static void requireId(String id) {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("issue id is blank: '" + id + "'");
    }
  }
}
