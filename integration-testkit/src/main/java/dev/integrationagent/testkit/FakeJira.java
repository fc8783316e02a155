package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.annotation.Nullable;

/**
 * Jira Cloud (platform REST API v3) in memory, for one project with the simplified workflow
 * {@code To Do → In Progress → Done} (status categories {@code new}, {@code indeterminate},
 * {@code done}; global transitions {@code 11}, {@code 21}, {@code 31}). It serves the resources
 * the Jira connector uses with Jira's paths, JSON shapes, error bodies and headers:
 * {@code POST /rest/api/3/search/jql} (a JQL subset, {@code nextPageToken} pages; the removed
 * {@code /rest/api/3/search} answers 410), issues, transitions, comments ({@code startAt}
 * pages), entity properties and {@code /myself}. Basic ({@code email:apiToken}) and bearer
 * credentials are checked; a rate limit announces {@code X-RateLimit-*} on every answer and
 * answers 429 with {@code Retry-After} and {@code RateLimit-Reason} once spent.
 *
 * <p>What it claims: answers have the shapes of Atlassian's OpenAPI description of the platform
 * API v3 ({@code JiraOpenApiConformanceTest} checks them, and the connector's requests, against
 * it), with Jira's {@code ErrorCollection} for refusals. Reads honour {@code fields} (ids,
 * {@code *all}, {@code *navigable}, {@code -id}) and {@code properties}; edits apply
 * {@code fields}, {@code update} operations ({@code add}/{@code remove}/{@code set} on labels,
 * {@code set} elsewhere), {@code properties} and a {@code transition}, and refuse an operation a
 * field does not take with 400, changing nothing; comments page by 100 and sort only by
 * {@code created}; {@code /myself} reports a region time zone. Every change goes to the issue's
 * changelog, which {@link #webhookBody} reports with the acting user and the documented
 * {@code issue_event_type_name}. It does not claim: screens, custom workflows beyond the
 * three statuses, worklogs, attachments, links, or JQL beyond {@code FakeJiraJql}'s subset.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock(Instant.parse("2026-01-05T10:00:00Z"));
 * try (FakeJira jira = FakeJira.start(clock)) {
 *   String id = jira.createIssue("Login fails");           // behind the connector's back
 *   jira.rateLimit(10, Duration.ofMinutes(1));             // shrink the budget
 *   JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
 *       .auth(Auth.basic(jira.email(), jira.apiToken()))...
 * }
 * }</pre>
 */
public final class FakeJira extends FakeServer {
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  private static final String PROJECT = "PAY";
  private static final String EMAIL = "bot@example.com";
  private static final String API_TOKEN = "ATATT3xFfGF0-fake-jira-token";
  private static final String ACCESS_TOKEN = "eyJ-fake-jira-oauth-access-token";
  private static final String BOT = "5b10a2844c20165700ede21g";
  private static final String OTHER = "5b10ac8d82e05b22cc7d4ef5";

  private final TreeMap<Long, FakeJiraIssue> issues = new TreeMap<>();
  private final List<String> accountIds = List.of(BOT, OTHER);
  private List<FakeJiraIssue.Status> workflow = FakeJiraIssue.WORKFLOW;
  private long nextId = 10_000;
  private long nextComment = 10_000;
  private int nextNumber = 1;
  private ZoneId userZone = ZoneId.of("UTC");
  private long nextChange = 10_000;
  private boolean propertiesIndexed = true;
  private PropertyClause propertyClause = PropertyClause.RESULTS;
  private int rateLimit = 100_000;
  private Duration rateWindow = Duration.ofMinutes(1);
  private int used;
  private int refused;
  private Instant windowStart;

  private FakeJira(Clock clock) {
    super(clock);
    windowStart = clock.instant();
    FakeJiraRoutes.register(this);
  }

  /** Starts a fake Jira on a free loopback port; timestamps come from {@code clock}. */
  public static FakeJira start(Clock clock) {
    FakeJira jira = new FakeJira(clock);
    jira.startServer();
    return jira;
  }

  // --- accessors for tests -------------------------------------------------------------------

  public String projectKey() {
    return PROJECT;
  }

  /** The account email accepted with {@link #apiToken()} in basic authentication. */
  public String email() {
    return EMAIL;
  }

  public String apiToken() {
    return API_TOKEN;
  }

  /** An OAuth 2.0 access token accepted as {@code Authorization: Bearer}. */
  public String accessToken() {
    return ACCESS_TOKEN;
  }

  /** The account id of the authenticated user ({@code /myself}). */
  public String accountId() {
    return BOT;
  }

  /** Another assignable account id. */
  public String otherAccountId() {
    return OTHER;
  }

  // --- behind the connector's back -----------------------------------------------------------

  /** Creates an issue in status To Do as a person would; returns its id. */
  public synchronized String createIssue(String summary) {
    ObjectNode fields = JSON.createObjectNode().put("summary", summary);
    return Long.toString(insert(fields, Map.of(), OTHER).id);
  }

  /** Changes an issue's summary as a person would, stamping a new {@code updated}. */
  public synchronized void editSummary(String id, String summary) {
    editIssue(id, fields -> fields.put("summary", summary));
  }

  /** Changes an issue's fields as a person would; stamps a new {@code updated}. */
  public synchronized void editIssue(String id, Consumer<ObjectNode> edit) {
    FakeJiraIssue issue = issue(id).orElseThrow(() -> new IllegalArgumentException("no issue " + id));
    FakeJiraIssue.Snapshot before = issue.snapshot();
    edit.accept(issue.fields);
    issue.touch(now());
    recordChange(issue, before, OTHER);
  }

  /** Adds a comment as another user would; returns its id. */
  public synchronized String addComment(String issueId, String text) {
    FakeJiraIssue issue = issue(issueId).orElseThrow(() -> new IllegalArgumentException("no issue " + issueId));
    return comment(issue, FakeJiraIssue.adf(text), OTHER).path("id").asText();
  }

  /** The issue as {@code GET /rest/api/3/issue/{id}} returns it, or empty. */
  public synchronized Optional<JsonNode> issueJson(String idOrKey) {
    return issue(idOrKey).map(i -> i.json(url()));
  }

  public synchronized int issueCount() {
    return issues.size();
  }

  /**
   * Sets the user's time zone, in which JQL dates are read; {@code /myself} reports it as Jira
   * does, a region id ({@code "Europe/Berlin"}). Default {@code "UTC"}. A bare offset is refused:
   * a Jira profile cannot have one.
   */
  public synchronized void userTimeZone(ZoneId zone) {
    requireNonNull(zone, "zone");
    if (zone instanceof ZoneOffset) {
      throw new IllegalArgumentException("a Jira user's time zone is a region id such as Europe/Berlin, not the offset '"
          + zone + "'");
    }
    this.userZone = zone;
  }

  /**
   * Makes {@code issue.property[...]} JQL clauses fail as on a site where no app indexes the
   * property (the real default for properties set through REST).
   */
  public synchronized void unindexedProperties() {
    propertyClause(PropertyClause.REFUSED);
  }

  /** How a site answers an {@code issue.property[...]} JQL clause. */
  public enum PropertyClause {
    /** The property is indexed by an app: the clause matches the issues that carry the value. */
    RESULTS,
    /** No app indexes it and the site refuses the clause with 400 (as {@link #unindexedProperties()}). */
    REFUSED,
    /** No app indexes it and the site accepts the clause but matches nothing: an empty 200. */
    EMPTY
  }

  /**
   * Chooses how {@code issue.property[...]} JQL clauses are answered; default {@link
   * PropertyClause#RESULTS}. Sites differ here, so a marker lookup must not depend on the answer.
   */
  public synchronized void propertyClause(PropertyClause answer) {
    this.propertyClause = requireNonNull(answer, "answer");
    this.propertiesIndexed = answer != PropertyClause.REFUSED;
  }

  /**
   * Search results are eventually consistent: the issue's current state stays out of JQL
   * results until {@code delay} after its {@code updated} stamp (it is readable by id at once).
   */
  public synchronized void delayIndexing(String id, Duration delay) {
    FakeJiraIssue issue = issue(id).orElseThrow(() -> new IllegalArgumentException("no issue " + id));
    issue.indexDelay = requireNonNull(delay, "delay");
  }

  /**
   * Gives the transition into {@code status} a new id, as an administrator replacing the
   * workflow would: the old id is refused from then on (400 on {@code POST .../transitions} and
   * on a create that names it).
   */
  public synchronized void renumberTransition(String status, String transitionId) {
    requireNonNull(transitionId, "transitionId");
    List<FakeJiraIssue.Status> changed = new ArrayList<>();
    boolean found = false;
    for (FakeJiraIssue.Status s : workflow) {
      if (s.name().equals(status)) {
        found = true;
        changed.add(new FakeJiraIssue.Status(s.name(), s.id(), s.category(), s.categoryId(), s.categoryName(),
            s.color(), transitionId));
      } else {
        changed.add(s);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no status '" + status + "' in the workflow");
    }
    workflow = List.copyOf(changed);
  }

  /** How many requests were refused with 429 so far. */
  public synchronized int rateLimitedCount() {
    return refused;
  }

  /** Shrinks the rate limit: {@code limit} requests per {@code window}, starting now. */
  public synchronized void rateLimit(int limit, Duration window) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    this.rateLimit = limit;
    this.rateWindow = requireNonNull(window, "window");
    this.used = 0;
    this.windowStart = clock.instant();
  }

  /**
   * A webhook body as Jira sends it for {@code event} about an issue, in Jira's webhook shape:
   * {@code timestamp}, {@code webhookEvent}, the issue (its description as text, as webhooks
   * carry it) and, by event:
   * <ul>
   *   <li>{@code jira:issue_created}: {@code issue_event_type_name} {@code issue_created} and the
   *       creating {@code user};
   *   <li>{@code jira:issue_updated}: the issue's latest change as {@code changelog}
   *       ({@code id}, {@code items}), its author as {@code user}, and
   *       {@code issue_event_type_name} {@code issue_generic} for a status change,
   *       {@code issue_assigned} for an assignee change alone, {@code issue_updated} otherwise;
   *       with a {@code commentId}, {@code issue_commented} with the comment instead of a
   *       changelog. An issue that never changed has no update to report: that is refused;
   *   <li>{@code jira:issue_deleted}: {@code issue_deleted} and the {@code user};
   *   <li>{@code comment_created}, {@code comment_updated}, {@code comment_deleted}: the comment
   *       (its body as text) and the issue, without {@code user} or
   *       {@code issue_event_type_name}, as Jira sends comment events.
   * </ul>
   */
  public synchronized String webhookBody(String event, String issueId, @Nullable String commentId) {
    requireNonNull(event, "event");
    FakeJiraIssue issue = issue(issueId).orElseThrow(() -> new IllegalArgumentException("no issue " + issueId));
    return FakeJiraWebhooks.body(this, event, issue, commentId);
  }

  /** Adds the change since {@code before} to the issue's changelog, when there is one. */
  void recordChange(FakeJiraIssue issue, FakeJiraIssue.Snapshot before, String author) {
    List<ObjectNode> items = issue.changesSince(before);
    if (!items.isEmpty()) {
      issue.history.add(new FakeJiraIssue.Change(Long.toString(nextChange++), author, now(), items));
    }
  }

  // --- used by the routes --------------------------------------------------------------------

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  String nowText() {
    return TIMESTAMP.format(now().atOffset(ZoneOffset.UTC));
  }

  ZoneId userZone() {
    return userZone;
  }

  /** The workflow's statuses, the initial one first; each has one global transition into it. */
  List<FakeJiraIssue.Status> workflow() {
    return workflow;
  }

  boolean propertiesIndexed() {
    return propertiesIndexed;
  }

  /** Whether an accepted property clause matches by value (false: it matches nothing). */
  boolean propertiesAnswered() {
    return propertiesIndexed && propertyClause != PropertyClause.EMPTY;
  }

  List<String> accountIds() {
    return accountIds;
  }

  Optional<FakeJiraIssue> issue(String idOrKey) {
    if (idOrKey.matches("\\d{1,18}")) {
      return Optional.ofNullable(issues.get(Long.parseLong(idOrKey)));
    }
    return issues.values().stream().filter(i -> i.key.equals(idOrKey)).findFirst();
  }

  boolean indexed(FakeJiraIssue issue) {
    return !clock.instant().isBefore(issue.updated.plus(issue.indexDelay));
  }

  List<FakeJiraIssue> allIssues() {
    return new ArrayList<>(issues.values());
  }

  void remove(FakeJiraIssue issue) {
    issues.remove(issue.id);
  }

  FakeJiraIssue insert(ObjectNode fields, Map<String, JsonNode> properties, String creator) {
    long id = nextId++;
    FakeJiraIssue issue =
        new FakeJiraIssue(id, PROJECT + "-" + nextNumber++, PROJECT, fields, now(), workflow.get(0), creator);
    issue.properties.putAll(properties);
    issues.put(id, issue);
    return issue;
  }

  ObjectNode comment(FakeJiraIssue issue, JsonNode adf, String author) {
    ObjectNode comment = JSON.createObjectNode();
    String id = Long.toString(nextComment++);
    comment.put("self", url() + "/rest/api/3/issue/" + issue.id + "/comment/" + id);
    comment.put("id", id);
    comment.putObject("author").put("accountId", author).put("active", true);
    comment.set("body", adf);
    comment.put("created", nowText());
    comment.put("updated", nowText());
    comment.put("jsdPublic", true);
    issue.comments.add(comment);
    issue.touch(now());
    return comment;
  }

  /**
   * A next-page token: opaque to clients; here, like Jira's keyset pagination, the sort values of
   * the last issue returned, so that an issue edited while a client pages moves without shifting
   * the pages that follow.
   */
  static String token(FakeJiraJql.Row last) {
    String key = "k" + last.id() + ":" + last.created().toEpochMilli() + ":" + last.updated().toEpochMilli();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The position a token stands for: the last issue returned, as it was then. */
  static FakeJiraJql.Row after(String token) {
    String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    if (!text.startsWith("k")) {
      throw new IllegalArgumentException("bad token");
    }
    String[] parts = text.substring(1).split(":");
    long id = Long.parseLong(parts[0]);
    Instant created = Instant.ofEpochMilli(Long.parseLong(parts[1]));
    Instant updated = Instant.ofEpochMilli(Long.parseLong(parts[2]));
    return new SortKey(id, created, updated);
  }

  /** Where a page ended: the last issue's sort values, as they were then. */
  private record SortKey(long id, Instant created, Instant updated) implements FakeJiraJql.Row {
    @Override
    public String project() {
      return "";
    }

    @Override
    public @Nullable String property(String key, String path) {
      return null;
    }
  }

  /** Jira's error body: {@code {"errorMessages": [...], "errors": {field: message}}}. */
  static Response errors(int status, List<String> messages, Map<String, String> fieldErrors) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("errorMessages");
    messages.forEach(list::add);
    ObjectNode errors = body.putObject("errors");
    fieldErrors.forEach(errors::put);
    return Response.json(status, body);
  }

  @Override
  protected Response errorResponse(int status, String message) {
    Response response = errors(status, List.of(message), Map.of());
    if (status == 429 || status == 503) {
      response = response.withHeader("Retry-After", "1");
    }
    return response;
  }

  @Override
  protected synchronized @Nullable Response authenticate(Request request, String route) {
    String authorization = request.header("Authorization");
    String basic = "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(authorization) && !("Bearer " + ACCESS_TOKEN).equals(authorization)) {
      return new Response(401, Map.of("Content-Type", "text/plain;charset=UTF-8",
          "WWW-Authenticate", "Basic realm=\"protected-area\""), "Client must be authenticated to access this resource.");
    }
    Instant now = clock.instant();
    if (!now.isBefore(windowStart.plus(rateWindow))) {
      windowStart = now;
      used = 0;
    }
    if (used >= rateLimit) {
      refused++;
      long seconds = Math.max(1, Duration.between(now, windowStart.plus(rateWindow)).toSeconds());
      return withRateHeaders(errors(429, List.of("Rate limit exceeded."), Map.of()))
          .withHeader("Retry-After", Long.toString(seconds))
          .withHeader("RateLimit-Reason", "jira-burst-based");
    }
    used++;
    return null;
  }

  /** Adds the rate-limit headers Jira announces. */
  synchronized Response withRateHeaders(Response response) {
    return response
        .withHeader("X-RateLimit-Limit", Integer.toString(rateLimit))
        .withHeader("X-RateLimit-Remaining", Integer.toString(Math.max(0, rateLimit - used)))
        .withHeader("X-RateLimit-Reset", DateTimeFormatter.ISO_INSTANT.format(
            windowStart.plus(rateWindow).truncatedTo(ChronoUnit.SECONDS)));
  }

  /** Declares a route whose answers carry the rate-limit headers. */
  void on(String method, String template, java.util.function.BiFunction<FakeJira, Request, Response> handler) {
    route(method, template, (server, request) -> {
      FakeJira jira = (FakeJira) server;
      synchronized (jira) {
        return jira.withRateHeaders(handler.apply(jira, request));
      }
    });
  }
}
