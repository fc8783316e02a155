package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/**
 * An in-memory Redmine 5 with the REST API's JSON routes the connector uses: {@code /issues.json}
 * (filters {@code project_id}, {@code status_id} (open only unless {@code *}), {@code updated_on}
 * with {@code >=}/{@code <=}/{@code ><}, {@code cf_N}; {@code sort}; {@code offset}/{@code limit}
 * capped at 100 with {@code total_count}), {@code /issues/N.json} (GET with
 * {@code include=journals}, PUT answering 204, DELETE), statuses, priorities and trackers as
 * Redmine's default data loads them, {@code /users/current.json}, and a "Sync marker" issue
 * custom field used as a filter. Timestamps come from the clock, cut to the second like Redmine's.
 *
 * <p>Like the real server: an unknown or missing API key makes the request anonymous (reads of
 * the public project succeed, {@code /users/current.json} and writes answer 401 with an empty
 * body); validation errors are 422 {@code {"errors": [...]}}; unknown status ids on PUT are
 * ignored; malformed JSON is a 400. Redmine itself has no rate limit; {@link #limitRequests}
 * plays a proxy in front of it that answers 429 with {@code Retry-After}.
 *
 * <pre>{@code
 * try (FakeRedmine redmine = FakeRedmine.start(clock)) {
 *   RedmineConnector.builder().baseUrl(redmine.url()).project(FakeRedmine.PROJECT)
 *       .apiKey(redmine.apiKey()).markerFieldId(redmine.markerFieldId());
 *   int id = redmine.createIssue("Printer on fire");     // behind the connector's back
 *   redmine.editIssue(id, issue -> issue.put("subject", "Printer still on fire"));
 *   redmine.addNote(id, "Called the fire brigade");
 * }
 * }</pre>
 */
public final class FakeRedmine extends FakeServer {
  /** The project's identifier. */
  public static final String PROJECT = "demo";
  private static final String KEY_HEADER = "X-Redmine-API-Key";
  private static final int MARKER_FIELD = 1;
  private static final int MAX_LIMIT = 100;
  private static final Set<String> ANONYMOUS_READS = Set.of("GET /issues.json", "GET /issues/{file}",
      "GET /issue_statuses.json", "GET /trackers.json", "GET /enumerations/issue_priorities.json");

  private final String apiKey = "fake-redmine-key-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  private final TreeMap<Integer, ObjectNode> issues = new TreeMap<>();
  private final Map<Integer, List<ObjectNode>> journals = new LinkedHashMap<>();
  /** updated_on as stored, below the second that the JSON shows. */
  private final Map<Integer, Instant> updatedExactly = new LinkedHashMap<>();
  private final Set<Integer> closedStatusesDenied = new java.util.HashSet<>();
  private int nextIssue = 1;
  private int nextJournal = 1;
  private @Nullable Runnable beforeNextPage;
  private boolean loseNextCreate;
  private boolean slowedOne;
  private int budget = -1;
  private int budgetPerWindow;
  private Duration window = Duration.ZERO;
  private @Nullable Instant windowEnds;

  private FakeRedmine(Clock clock) {
    super(clock);
    route("GET", "/users/current.json", (s, r) -> currentUser());
    route("GET", "/issue_statuses.json", (s, r) -> Response.json(200, Map.of("issue_statuses", FakeRedmineData.statuses())));
    route("GET", "/enumerations/issue_priorities.json", (s, r) -> Response.json(200, Map.of("issue_priorities", FakeRedmineData.priorities())));
    route("GET", "/trackers.json", (s, r) -> Response.json(200, Map.of("trackers", FakeRedmineData.trackers())));
    route("GET", "/issues.json", (s, r) -> list(r));
    route("POST", "/issues.json", (s, r) -> create(r));
    route("GET", "/issues/{file}", (s, r) -> show(r));
    route("PUT", "/issues/{file}", (s, r) -> update(r));
    route("DELETE", "/issues/{file}", (s, r) -> delete(r));
  }

  /** Starts a fake Redmine on a free loopback port with Redmine's default data and project {@value #PROJECT}. */
  public static FakeRedmine start(Clock clock) {
    FakeRedmine fake = new FakeRedmine(clock);
    fake.startServer();
    return fake;
  }

  /** The API key of the admin user ("Redmine Admin", id 1). */
  public String apiKey() {
    return apiKey;
  }

  /** The id of the "Sync marker" issue custom field (text, used as a filter). */
  public long markerFieldId() {
    return MARKER_FIELD;
  }

  // ---- behind the connector's back ---------------------------------------------------------------

  /** Creates an issue as user jsmith would; returns its id. */
  public synchronized int createIssue(String subject) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("issue").put("project_id", PROJECT).put("subject", requireNonNull(subject, "subject"));
    return create(body.get("issue"), 2).path("id").asInt();
  }

  /** Edits an issue's JSON as jsmith would (e.g. {@code i -> i.put("subject", "x")}); stamps updated_on. */
  public synchronized void editIssue(int id, Consumer<ObjectNode> edit) {
    ObjectNode issue = existing(id);
    edit.accept(issue);
    touch(issue);
  }

  /** Adds a note (a journal with notes) by jsmith; returns the journal id. */
  public synchronized int addNote(int id, String notes) {
    ObjectNode issue = existing(id);
    ObjectNode journal = journal(id, 2, notes);
    touch(issue);
    return journal.path("id").asInt();
  }

  /** Deletes an issue as an administrator would: it leaves the listing and reads answer 404. */
  public synchronized void deleteIssue(int id) {
    existing(id);
    issues.remove(id);
    journals.remove(id);
    updatedExactly.remove(id);
  }

  /** The issue as stored, or null. */
  public synchronized @Nullable JsonNode issue(int id) {
    ObjectNode issue = issues.get(id);
    return issue == null ? null : issue.deepCopy();
  }

  /** Every issue id, ascending. */
  public synchronized List<Integer> issueIds() {
    return List.copyOf(issues.keySet());
  }

  /** Like a role's workflow that does not allow moving to this status: PUTs answer 204 and keep the status. */
  public synchronized void denyTransitionsTo(String statusName) {
    closedStatusesDenied.add(FakeRedmineData.statusByName(statusName).path("id").asInt());
  }

  /**
   * Runs {@code change} (e.g. an {@link #editIssue}) just before the next {@code GET /issues.json}
   * that asks for a later page ({@code offset > 0}) is answered: an edit made while a client pages.
   */
  public synchronized void beforeNextPage(Runnable change) {
    beforeNextPage = requireNonNull(change, "change");
  }

  /**
   * The next {@code POST /issues.json} creates the issue but answers only after two seconds, so
   * a client with a shorter read timeout never sees the answer (a lost response). Later requests
   * are answered at once.
   */
  public synchronized void loseNextCreateAnswer() {
    loseNextCreate = true;
  }

  /**
   * Plays a proxy with a request budget: the next {@code requests} requests pass, then every
   * request answers 429 with {@code Retry-After} until {@code window} has passed on the clock;
   * then the budget refills.
   */
  public synchronized void limitRequests(int requests, Duration window) {
    if (requests < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("need requests >= 0 and a positive window, got " + requests + ", " + window);
    }
    this.budget = requests;
    this.budgetPerWindow = requests;
    this.window = window;
    this.windowEnds = null;
  }

  // ---- the server side ---------------------------------------------------------------------------

  @Override
  protected Response errorResponse(int status, String message) {
    if (status == 422) {
      return Response.json(422, Map.of("errors", List.of(message)));
    }
    // Redmine answers 401, 403, 404 and 5xx of the API with an empty body
    return Response.empty(status);
  }

  @Override
  protected synchronized @Nullable Response authenticate(Request request, String route) {
    if (slowedOne) {
      latency(Duration.ZERO);
      slowedOne = false;
    }
    Response limited = rateLimit();
    if (limited != null) {
      return limited;
    }
    String key = request.header(KEY_HEADER);
    if (key == null) {
      key = request.query("key");
    }
    if (apiKey.equals(key)) {
      return null;
    }
    // Redmine: an unknown key is the anonymous user, who may read the public project
    return ANONYMOUS_READS.contains(route) ? null : errorResponse(401, "");
  }

  private @Nullable Response rateLimit() {
    if (budget < 0) {
      return null;
    }
    Instant now = clock.instant();
    if (windowEnds != null && !now.isBefore(windowEnds)) {
      budget = budgetPerWindow;
      windowEnds = null;
    }
    if (budget > 0) {
      budget--;
      return null;
    }
    if (windowEnds == null) {
      windowEnds = now.plus(window);
    }
    long seconds = Math.max(1, (long) Math.ceil(Duration.between(now, windowEnds).toMillis() / 1000.0));
    return new Response(429, Map.of("Content-Type", "text/plain", "Retry-After", String.valueOf(seconds)),
        "Too Many Requests");
  }

  private Response currentUser() {
    ObjectNode user = JSON.createObjectNode().put("id", 1).put("login", "admin").put("admin", true)
        .put("firstname", "Redmine").put("lastname", "Admin").put("mail", "admin@example.net")
        .put("created_on", "2026-01-01T00:00:00Z").put("api_key", apiKey).put("status", 1);
    return Response.json(200, Map.of("user", user));
  }

  private Response list(Request r) {
    if (beforeNextPage != null && intParam(r.query("offset"), 0) > 0) {
      Runnable change = beforeNextPage;
      beforeNextPage = null;
      change.run();
    }
    List<Predicate<ObjectNode>> filters = new ArrayList<>();
    String project = r.query("project_id");
    if (project != null) {
      if (!PROJECT.equals(project) && !"1".equals(project)) {
        return errorResponse(404, "");
      }
    }
    String status = r.query("status_id");
    if (status == null || "open".equals(status)) {
      filters.add(i -> !i.path("status").path("is_closed").asBoolean());
    } else if ("closed".equals(status)) {
      filters.add(i -> i.path("status").path("is_closed").asBoolean());
    } else if (!"*".equals(status)) {
      Set<String> ids = Set.of(status.split("\\|"));
      filters.add(i -> ids.contains(i.path("status").path("id").asText()));
    }
    String updated = r.query("updated_on");
    if (updated != null) {
      Predicate<ObjectNode> byTime = FakeRedmineQuery.timeFilter(updated, this::updatedOf);
      if (byTime == null) {
        return errorResponse(422, "Updated is invalid");
      }
      filters.add(byTime);
    }
    for (String name : r.url().queryParameterNames()) {
      if (name.equals("cf_" + MARKER_FIELD)) {
        String value = r.query(name);
        filters.add(i -> value != null && value.equals(markerOf(i)));
      }
    }
    int offset = intParam(r.query("offset"), 0);
    int limit = Math.min(MAX_LIMIT, Math.max(1, intParam(r.query("limit"), 25)));
    List<ObjectNode> matching = issues.values().stream().filter(i -> filters.stream().allMatch(f -> f.test(i)))
        .sorted(FakeRedmineQuery.order(r.query("sort"), this::updatedOf)).toList();
    List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
    ObjectNode body = JSON.createObjectNode();
    body.putArray("issues").addAll(page.stream().map(ObjectNode::deepCopy).toList());
    body.put("total_count", matching.size()).put("offset", offset).put("limit", limit);
    return Response.json(200, body);
  }

  private Response create(Request r) {
    JsonNode body;
    try {
      body = r.json();
    } catch (IOException e) {
      return Response.empty(400);
    }
    if (!body.path("issue").isObject()) {
      return errorResponse(422, "Subject cannot be blank");
    }
    List<String> errors = new ArrayList<>();
    JsonNode project = body.path("issue").path("project_id");
    if (project.isMissingNode() || !(PROJECT.equals(project.asText()) || "1".equals(project.asText()))) {
      errors.add("Project cannot be blank");
    }
    errors.addAll(validate(body.path("issue"), true));
    if (!errors.isEmpty()) {
      return Response.json(422, Map.of("errors", errors));
    }
    if (loseNextCreate) {
      loseNextCreate = false;
      slowedOne = true;
      latency(Duration.ofSeconds(2));
    }
    return Response.json(201, Map.of("issue", create(body.path("issue"), 1)));
  }

  private ObjectNode create(JsonNode in, int authorId) {
    int id = nextIssue++;
    String now = now();
    ObjectNode issue = JSON.createObjectNode().put("id", id);
    issue.putObject("project").put("id", 1).put("name", "Demo");
    issue.set("tracker", FakeRedmineData.tracker(in.path("tracker_id").asInt(1)));
    // as Redmine 5 does: a new issue starts in the default status, whatever status_id says
    issue.set("status", FakeRedmineData.status(1));
    issue.set("priority", FakeRedmineData.priority(in.path("priority_id").asInt(2)));
    issue.set("author", FakeRedmineData.user(authorId));
    issue.put("subject", in.path("subject").asText());
    issue.put("description", crlf(in.path("description").asText("")));
    issue.put("start_date", LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).toString());
    issue.set("due_date", in.path("due_date").isTextual() ? in.get("due_date") : JSON.nullNode());
    issue.put("done_ratio", in.path("done_ratio").asInt(0)).put("is_private", false);
    issue.putNull("estimated_hours").putNull("total_estimated_hours");
    issue.put("spent_hours", 0.0).put("total_spent_hours", 0.0);
    issue.putArray("custom_fields").addObject().put("id", MARKER_FIELD).put("name", "Sync marker").put("value", "");
    issue.put("created_on", now).put("updated_on", now).putNull("closed_on");
    ObjectNode fields = in.deepCopy();
    fields.remove("status_id");
    apply(issue, fields);
    issues.put(id, issue);
    touch(issue);
    journals.put(id, new ArrayList<>());
    return issue.deepCopy();
  }

  private List<String> validate(JsonNode in, boolean creating) {
    List<String> errors = new ArrayList<>();
    if ((creating || in.has("subject")) && in.path("subject").asText("").isBlank()) {
      errors.add("Subject cannot be blank");
    }
    if (in.has("priority_id") && FakeRedmineData.priority(in.path("priority_id").asInt(-1)) == null) {
      errors.add("Priority cannot be blank");
    }
    if (in.has("tracker_id") && FakeRedmineData.tracker(in.path("tracker_id").asInt(-1)) == null) {
      errors.add("Tracker cannot be blank");
    }
    JsonNode assignee = in.path("assigned_to_id");
    if (!assignee.isMissingNode() && !assignee.asText("").isEmpty() && FakeRedmineData.user(assignee.asInt(-1)) == null) {
      errors.add("Assignee is invalid");
    }
    JsonNode due = in.path("due_date");
    if (due.isTextual() && !due.textValue().isEmpty()) {
      try {
        LocalDate.parse(due.textValue());
      } catch (DateTimeParseException e) {
        errors.add("Due date is not a valid date");
      }
    }
    return errors;
  }

  /** Applies writable attributes; returns the journal details of what changed. */
  private ArrayNode apply(ObjectNode issue, JsonNode in) {
    ArrayNode details = JSON.createArrayNode();
    for (String field : List.of("subject", "description", "due_date", "done_ratio")) {
      if (in.has(field)) {
        JsonNode value = "description".equals(field) ? JSON.getNodeFactory().textNode(crlf(in.get(field).asText()))
            : "due_date".equals(field) && in.get(field).asText().isEmpty() ? JSON.nullNode() : in.get(field);
        change(issue, field, field, value, details);
      }
    }
    if (in.has("status_id")) {
      ObjectNode status = FakeRedmineData.status(in.path("status_id").asInt(-1));
      // unknown ids and transitions the workflow forbids are ignored, as Redmine does
      if (status != null && !closedStatusesDenied.contains(status.path("id").asInt())) {
        change(issue, "status", "status_id", status, details);
        issue.set("closed_on", status.path("is_closed").asBoolean() ? JSON.getNodeFactory().textNode(now()) : JSON.nullNode());
      }
    }
    if (in.has("priority_id")) {
      change(issue, "priority", "priority_id", FakeRedmineData.priority(in.path("priority_id").asInt()), details);
    }
    if (in.has("tracker_id")) {
      change(issue, "tracker", "tracker_id", FakeRedmineData.tracker(in.path("tracker_id").asInt()), details);
    }
    if (in.has("assigned_to_id")) {
      String value = in.path("assigned_to_id").asText("");
      if (value.isEmpty()) {
        if (issue.has("assigned_to")) {
          details.addObject().put("property", "attr").put("name", "assigned_to_id")
              .put("old_value", issue.path("assigned_to").path("id").asText()).putNull("new_value");
          issue.remove("assigned_to");
        }
      } else {
        change(issue, "assigned_to", "assigned_to_id", FakeRedmineData.user(Integer.parseInt(value)), details);
      }
    }
    for (JsonNode field : in.path("custom_fields")) {
      for (JsonNode existing : issue.withArray("custom_fields")) {
        if (existing.path("id").asInt() == field.path("id").asInt()) {
          String value = field.path("value").isNull() ? "" : field.path("value").asText();
          if (!existing.path("value").asText().equals(value)) {
            details.addObject().put("property", "cf").put("name", field.path("id").asText())
                .put("old_value", existing.path("value").asText()).put("new_value", value);
            ((ObjectNode) existing).put("value", value);
          }
        }
      }
    }
    return details;
  }

  private static void change(ObjectNode issue, String field, String name, @Nullable JsonNode value, ArrayNode details) {
    JsonNode old = issue.path(field);
    if (value == null || old.equals(value)) {
      return;
    }
    details.addObject().put("property", "attr").put("name", name)
        .put("old_value", old.isObject() ? old.path("id").asText() : old.asText(null))
        .put("new_value", value.isObject() ? value.path("id").asText() : value.asText(null));
    issue.set(field, value);
  }

  private Response show(Request r) {
    Integer id = issueId(r.param("file"));
    ObjectNode issue = id == null ? null : issues.get(id);
    if (issue == null) {
      return errorResponse(404, "");
    }
    ObjectNode out = issue.deepCopy();
    String include = r.query("include");
    if (include != null && List.of(include.split(",")).contains("journals")) {
      out.putArray("journals").addAll(journals.get(id).stream().map(ObjectNode::deepCopy).toList());
    }
    return Response.json(200, Map.of("issue", out));
  }

  private Response update(Request r) {
    Integer id = issueId(r.param("file"));
    ObjectNode issue = id == null ? null : issues.get(id);
    if (issue == null) {
      return errorResponse(404, "");
    }
    JsonNode body;
    try {
      body = r.json();
    } catch (IOException e) {
      return Response.empty(400);
    }
    JsonNode in = body.path("issue");
    List<String> errors = validate(in, false);
    if (!errors.isEmpty()) {
      return Response.json(422, Map.of("errors", errors));
    }
    ArrayNode details = apply(issue, in);
    String notes = in.path("notes").asText("");
    if (!details.isEmpty() || !notes.isEmpty()) {
      ObjectNode journal = journal(id, 1, notes);
      journal.set("details", details);
    }
    // Redmine saves the issue on every PUT, which stamps updated_on even when nothing changed
    touch(issue);
    return Response.empty(204);
  }

  private Response delete(Request r) {
    Integer id = issueId(r.param("file"));
    if (id == null || issues.remove(id) == null) {
      return errorResponse(404, "");
    }
    journals.remove(id);
    updatedExactly.remove(id);
    return Response.empty(204);
  }

  private ObjectNode journal(int issueId, int userId, String notes) {
    ObjectNode journal = JSON.createObjectNode().put("id", nextJournal++);
    journal.set("user", FakeRedmineData.user(userId));
    journal.put("notes", crlf(notes)).put("created_on", now()).put("private_notes", false);
    journal.putArray("details");
    journals.get(issueId).add(journal);
    return journal;
  }

  private void touch(ObjectNode issue) {
    issue.put("updated_on", now());
    updatedExactly.put(issue.path("id").asInt(), clock.instant());
  }

  private Instant updatedOf(ObjectNode issue) {
    return updatedExactly.getOrDefault(issue.path("id").asInt(), Instant.parse(issue.path("updated_on").asText()));
  }

  private ObjectNode existing(int id) {
    ObjectNode issue = issues.get(id);
    if (issue == null) {
      throw new IllegalArgumentException("no issue #" + id + "; have " + issues.keySet());
    }
    return issue;
  }

  private static @Nullable Integer issueId(String file) {
    if (!file.matches("\\d{1,9}\\.json")) {
      return null;
    }
    return Integer.valueOf(file.substring(0, file.length() - ".json".length()));
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }

  private static @Nullable String markerOf(JsonNode issue) {
    for (JsonNode field : issue.path("custom_fields")) {
      if (field.path("id").asInt() == MARKER_FIELD) {
        return field.path("value").asText();
      }
    }
    return null;
  }

  private static int intParam(@Nullable String value, int fallback) {
    try {
      return value == null ? fallback : Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
