package dev.integrationagent.connectors.redmine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.Pagination;
import dev.integrationagent.http.RestConnectorSupport;
import dev.integrationagent.mapping.text.TextFormats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One connection to one Redmine project. Thread-safe: state is the lookups' caches and the key check. */
final class RedmineSession extends RestConnectorSupport implements ConnectorSession {
  private static final Logger log = LoggerFactory.getLogger(RedmineSession.class);
  private static final int MAX_LIMIT = RedmineListing.MAX_LIMIT;
  private static final String ISSUE = "/issues/{id}.json";
  /** How long a successful key check is trusted before the next read checks again. */
  private static final Duration KEY_CHECK_INTERVAL = Duration.ofMinutes(10);

  private final RedmineConnector.Config config;
  private final String connectionId;
  private final Clock clock;
  private final RedmineLookups lookups;
  private final RedmineWrites writes;
  private final RedmineListing listing;
  private volatile @Nullable Instant keyCheckedAt;
  private volatile long currentUserId = -1;

  RedmineSession(ConnectorContext context, RedmineConnector.Config config) {
    super(pipeline(context, config), Pagination.offsetLimit("offset", "limit", MAX_LIMIT, "issues"));
    this.config = config;
    this.connectionId = context.connectionId();
    this.clock = context.clock();
    this.lookups = new RedmineLookups(connectionId,
        () -> get("/issue_statuses.json", Map.of()),
        () -> get("/enumerations/issue_priorities.json", Map.of()),
        () -> get("/trackers.json", Map.of()));
    this.writes = new RedmineWrites(connectionId, lookups);
    this.listing = new RedmineListing(connectionId, config.project(), config.listingOverlap(),
        query -> get("/issues.json", Map.of(), query));
  }

  private static HttpPipeline pipeline(ConnectorContext context, RedmineConnector.Config config) {
    HttpPipeline.Builder builder = pipeline(context, config.baseUrl(), config.auth(), config.settings());
    if (config.sleeper() != null) {
      builder.sleeper(config.sleeper());
    }
    return builder.build();
  }

  // ---- reading -------------------------------------------------------------------------------

  @Override
  public Set<Capability> capabilities() {
    return RedmineConnector.CAPABILITIES;
  }

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    requireNonNull(cursor, "cursor");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
    }
    RedmineCursor at = RedmineCursor.decode(cursor, connectionId);
    verifyKey();
    return listing.page(at, pageSize);
  }

  @Override
  public Optional<ExternalItem> get(String id) {
    requireNonNull(id, "id");
    if (!isIssueId(id)) {
      return Optional.empty();
    }
    verifyKey();
    try {
      return Optional.of(RedmineIssues.toItem(issue(id, false), connectionId));
    } catch (IntegrationException e) {
      if (e.category() == ErrorCategory.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private JsonNode issue(String id, boolean journals) {
    JsonNode body = journals
        ? get(ISSUE, Map.of("id", id), Map.of("include", "journals"))
        : get(ISSUE, Map.of("id", id));
    JsonNode issue = body.path("issue");
    if (!issue.isObject()) {
      throw RedmineIssues.malformed(connectionId, "a body without an issue for #" + id);
    }
    return issue;
  }

  /** Journal attribute names, and the pointers into the issue JSON they change. */
  private static final Map<String, List<String>> JOURNAL_ATTRIBUTES = Map.of(
      "subject", List.of("/subject"),
      "description", List.of("/description"),
      "status_id", List.of("/status/id", "/status/name"),
      "priority_id", List.of("/priority/id", "/priority/name"),
      "tracker_id", List.of("/tracker/id", "/tracker/name"),
      "assigned_to_id", List.of("/assigned_to/id", "/assigned_to/name"),
      "due_date", List.of("/due_date"),
      "start_date", List.of("/start_date"),
      "done_ratio", List.of("/done_ratio"));

  /**
   * From the issue's journals: each attribute change is a journal detail stamped with the
   * journal's time; an attribute never changed is as old as the issue. One GET.
   */
  @Override
  public Map<String, Instant> fieldsChangedAt(String itemId) {
    requireNonNull(itemId, "itemId");
    requireIssueId(itemId);
    verifyKey();
    JsonNode issue = issue(itemId, true);
    Instant created = RedmineIssues.timestamp(issue.path("created_on").asText(""), connectionId, itemId, "created_on");
    Map<String, Instant> out = new java.util.LinkedHashMap<>();
    out.put("", created);
    JOURNAL_ATTRIBUTES.values().forEach(pointers -> pointers.forEach(p -> out.put(p, created)));
    for (JsonNode journal : issue.path("journals")) {
      Instant at = RedmineIssues.timestamp(journal.path("created_on").asText(""), connectionId, itemId,
          "journal created_on");
      for (JsonNode detail : journal.path("details")) {
        if ("attr".equals(detail.path("property").asText())) {
          JOURNAL_ATTRIBUTES.getOrDefault(detail.path("name").asText(), List.of())
              .forEach(p -> out.merge(p, at, (x, y) -> x.isAfter(y) ? x : y));
        }
      }
    }
    return out;
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    requireNonNull(marker, "marker");
    verifyKey();
    String field = String.valueOf(config.markerFieldId());
    JsonNode body = get("/issues.json", Map.of(), Map.of("project_id", config.project(), "status_id", "*",
        "cf_" + field, marker, "sort", "id", "limit", MAX_LIMIT));
    List<ExternalItem> found = new ArrayList<>();
    for (JsonNode issue : body.path("issues")) {
      String value = markerOf(issue);
      if (marker.equals(value)) {
        found.add(RedmineIssues.toItem(issue, connectionId));
      } else if (value == null || !value.equalsIgnoreCase(marker)) {
        // filtering by the field did not happen: Redmine ignores filters on fields that are not filters
        throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId
            + ": Redmine did not filter issues by custom field " + field + "; make it an issue custom field"
            + " of format text, visible, enabled for the project's trackers and 'Used as a filter'.", null);
      }
    }
    if (found.size() > 1) {
      log.warn("{}: {} issues carry the same sync marker; using the oldest, #{}", connectionId, found.size(),
          found.get(0).id());
    }
    return found.stream().findFirst();
  }

  private @Nullable String markerOf(JsonNode issue) {
    for (JsonNode field : issue.path("custom_fields")) {
      if (field.path("id").asLong() == config.markerFieldId()) {
        return field.path("value").isTextual() ? field.path("value").textValue() : null;
      }
    }
    return null;
  }

  // ---- writing -------------------------------------------------------------------------------

  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    requireNonNull(fields, "fields");
    ObjectNode issue = writes.payload(fields);
    issue.put("project_id", config.project());
    if (!issue.has("tracker_id") && config.tracker() != null) {
      issue.put("tracker_id", lookups.trackerId(config.tracker()));
    }
    if (marker != null) {
      ArrayNode custom = issue.has("custom_fields") && issue.get("custom_fields").isArray()
          ? (ArrayNode) issue.get("custom_fields") : issue.putArray("custom_fields");
      custom.removeIf(f -> f.path("id").asLong() == config.markerFieldId());
      custom.addAll(RedmineWrites.markerField(config.markerFieldId(), marker));
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("issue", issue);
    JsonNode created;
    try {
      created = send(HttpCall.post("/issues.json", body).build());
    } catch (IntegrationException e) {
      if (marker != null && e.category() == ErrorCategory.TRANSIENT) {
        // the issue may exist although the answer was lost: the marker tells
        Optional<ExternalItem> existing = findByMarker(marker);
        if (existing.isPresent()) {
          log.info("{}: the create's answer was lost, but issue #{} carries its marker", connectionId,
              existing.get().id());
          return existing.get();
        }
      }
      throw e;
    }
    ExternalItem item = RedmineIssues.toItem(created.path("issue"), connectionId);
    log.debug("{}: created issue #{}", connectionId, item.id());
    JsonNode asked = issue.path("status_id");
    if (asked.canConvertToLong() && created.path("issue").path("status").path("id").asLong() != asked.asLong()) {
      // Redmine creates every issue in its tracker's default status, whatever status_id says:
      // the status the create asked for takes a second call
      put(item.id(), JsonNodeFactory.instance.objectNode().put("status_id", asked.asLong()));
      item = reread(item.id());
    }
    return item;
  }

  /**
   * Redmine's JSON has no lock version, so {@code expectedVersion} is not checked (no
   * {@code OPTIMISTIC_LOCKING}); the engine's three-way merge catches concurrent edits.
   */
  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    requireNonNull(id, "id");
    requireNonNull(patch, "patch");
    requireIssueId(id);
    ObjectNode issue = writes.payload(patch);
    if (!issue.isEmpty()) {
      put(id, issue);
    }
    return reread(id);
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    requireNonNull(itemId, "itemId");
    requireNonNull(targetStatus, "targetStatus");
    requireIssueId(itemId);
    long statusId = lookups.statusId(targetStatus);
    put(itemId, JsonNodeFactory.instance.objectNode().put("status_id", statusId));
    ExternalItem after = reread(itemId);
    if (after.data().path("status").path("id").asLong() != statusId) {
      // Redmine answers 204 and keeps the status when the role's workflow forbids the move
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": Redmine kept issue #"
          + itemId + " in status '" + after.data().path("status").path("name").asText() + "' instead of '"
          + targetStatus + "'; the workflow of the API user's role does not allow this transition.", null);
    }
    return after;
  }

  @Override
  public void delete(String id) {
    requireNonNull(id, "id");
    if (!isIssueId(id)) {
      return;
    }
    try {
      send(HttpCall.delete(ISSUE).pathParam("id", id).safeToRetry().build());
    } catch (IntegrationException e) {
      if (e.category() != ErrorCategory.NOT_FOUND) {
        throw e;
      }
      log.debug("{}: issue #{} was already gone", connectionId, id);
    }
  }

  private void put(String id, ObjectNode issue) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("issue", issue);
    // a PUT of the same fields twice leaves the same state; notes are the exception (see addComment)
    HttpCall.Builder call = HttpCall.put(ISSUE, body).pathParam("id", id);
    if (!issue.has("notes")) {
      call.safeToRetry();
    }
    send(call.build());
  }

  private ExternalItem reread(String id) {
    return RedmineIssues.toItem(issue(id, false), connectionId);
  }

  // ---- comments ------------------------------------------------------------------------------

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    requireNonNull(itemId, "itemId");
    requireIssueId(itemId);
    verifyKey();
    // Redmine keeps journal times to the second: a note of since's own second counts
    Instant floor = since == null ? null : since.truncatedTo(ChronoUnit.SECONDS);
    List<ExternalComment> out = new ArrayList<>();
    for (JsonNode journal : issue(itemId, true).path("journals")) {
      String notes = journal.path("notes").asText("");
      if (notes.isBlank()) {
        continue;
      }
      ExternalComment comment = toComment(itemId, journal, notes);
      if (floor == null || !comment.updatedAt().isBefore(floor)) {
        out.add(comment);
      }
    }
    return out;
  }

  private ExternalComment toComment(String itemId, JsonNode journal, String notes) {
    String id = journal.path("id").asText();
    Instant created = RedmineIssues.timestamp(journal.path("created_on").asText(""), connectionId, "#" + itemId);
    Instant updated = journal.hasNonNull("updated_on")
        ? RedmineIssues.timestamp(journal.path("updated_on").asText(""), connectionId, "#" + itemId)
        : created;
    String author = journal.path("user").path("name").asText(null);
    return new ExternalComment(id, itemId, author, TextFormats.textileToMarkdown(unix(notes)), created, updated);
  }

  /**
   * Adds a note. Not retried: Redmine would add a second journal. The note's id is not in the
   * 204 answer, so the issue's journals are read back and the newest one of ours with this text wins.
   */
  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    requireNonNull(itemId, "itemId");
    requireNonNull(markdownBody, "markdownBody");
    requireIssueId(itemId);
    if (markdownBody.isBlank()) {
      throw new IllegalArgumentException("a comment needs text, got '" + markdownBody + "'");
    }
    verifyKey();
    String textile = TextFormats.markdownToTextile(markdownBody);
    put(itemId, JsonNodeFactory.instance.objectNode().put("notes", textile));
    JsonNode ours = null;
    for (JsonNode journal : issue(itemId, true).path("journals")) {
      if (unix(journal.path("notes").asText("")).equals(unix(textile))
          && journal.path("user").path("id").asLong() == currentUserId) {
        ours = journal;
      }
    }
    if (ours == null) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId, connectionId + ": Redmine accepted a"
          + " note on issue #" + itemId + " but does not list it; check that the API user can view notes.", null);
    }
    return toComment(itemId, ours, ours.path("notes").asText());
  }

  private static String unix(String text) {
    return text.replace("\r\n", "\n");
  }

  // ---- health and credentials ----------------------------------------------------------------

  @Override
  public ConnectorHealth health() {
    Instant start = clock.instant();
    try {
      JsonNode user = get("/users/current.json", Map.of()).path("user");
      Duration latency = Duration.between(start, clock.instant());
      keyCheckedAt = clock.instant();
      currentUserId = user.path("id").asLong(-1);
      Map<String, String> details = Map.of("user", user.path("login").asText(""));
      if (latency.compareTo(config.slowHealth()) > 0) {
        return new ConnectorHealth(HealthStatus.DEGRADED, "Redmine answered in " + latency.toMillis()
            + " ms, more than " + config.slowHealth().toMillis() + " ms", latency, details);
      }
      return new ConnectorHealth(HealthStatus.UP, "", latency, details);
    } catch (IntegrationException e) {
      Duration latency = Duration.between(start, clock.instant());
      return switch (e.category()) {
        case RATE_LIMITED -> new ConnectorHealth(HealthStatus.DEGRADED,
            "Redmine (or a proxy in front of it) is limiting requests: " + e.getMessage(), latency, Map.of());
        case AUTHENTICATION -> ConnectorHealth.down("Redmine rejected the API key (401): check the key in"
            + " 'My account' and that the REST API is enabled.", latency);
        case AUTHORIZATION -> ConnectorHealth.down("Redmine refused the request (403): enable the REST API in"
            + " Administration > Settings > API.", latency);
        default -> ConnectorHealth.down(e.getMessage(), latency);
      };
    }
  }

  /**
   * Redmine treats an unknown API key as an anonymous user: reads of a public project succeed and
   * silently show less. So reads check the key with {@code /users/current.json} first (once per
   * {@link #KEY_CHECK_INTERVAL}), which answers 401 for a bad key.
   */
  private void verifyKey() {
    Instant checked = keyCheckedAt;
    Instant now = clock.instant();
    if (checked != null && Duration.between(checked, now).compareTo(KEY_CHECK_INTERVAL) < 0 && currentUserId >= 0) {
      return;
    }
    JsonNode user = get("/users/current.json", Map.of()).path("user");
    if (!user.path("id").canConvertToLong()) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, connectionId, connectionId
          + ": Redmine did not say who the API key belongs to; check the key.", null);
    }
    currentUserId = user.path("id").asLong();
    keyCheckedAt = now;
  }

  private static boolean isIssueId(String id) {
    return !id.isEmpty() && id.length() < 19 && id.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private void requireIssueId(String id) {
    if (!isIssueId(id)) {
      throw new IntegrationException(ErrorCategory.NOT_FOUND, connectionId,
          connectionId + ": '" + id + "' is not a Redmine issue id (a number).", null);
    }
  }
}
