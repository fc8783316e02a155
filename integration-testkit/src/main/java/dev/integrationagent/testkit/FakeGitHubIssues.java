package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.testkit.FakeServer.Request;
import dev.integrationagent.testkit.FakeServer.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;

/**
 * The issue tracker behind {@link FakeGitHub}: issues, comments and milestones of one repository,
 * with the REST API's JSON shapes, filters, pagination and validation errors.
 */
final class FakeGitHubIssues {
  static final Set<String> STATES = Set.of("open", "closed");
  static final Set<String> STATE_REASONS = Set.of("completed", "not_planned", "reopened", "duplicate");

  static final class Issue {
    final int number;
    String title;
    @Nullable String body;
    String state = "open";
    @Nullable String stateReason;
    final List<String> labels = new ArrayList<>();
    final List<String> assignees = new ArrayList<>();
    @Nullable Integer milestone;
    final Instant createdAt;
    Instant updatedAt;
    @Nullable Instant closedAt;
    /** Who closed it last, while it is closed. */
    @Nullable String closedBy;
    final boolean pullRequest;
    final String author;
    /** When the body was last edited after the issue was created (GraphQL's {@code lastEditedAt}); null if never. */
    @Nullable Instant bodyEditedAt;
    /** What the latest edit changed, as an {@code edited} webhook's {@code changes}: {@code {"title": {"from": ...}}}. */
    ObjectNode lastChanges = FakeServer.JSON.createObjectNode();
    /** The issue's events as GitHub lists them: renamed, closed, reopened; oldest first. */
    final List<ObjectNode> events = new ArrayList<>();

    Issue(int number, String title, @Nullable String body, Instant now, boolean pullRequest, String author) {
      this.number = number;
      this.title = title;
      this.body = body;
      this.createdAt = now;
      this.updatedAt = now;
      this.pullRequest = pullRequest;
      this.author = author;
    }
  }

  record Comment(long id, int issue, String body, String author, Instant createdAt, Instant updatedAt) {}

  private final FakeGitHub server;
  private final Clock clock;
  final TreeMap<Integer, Issue> issues = new TreeMap<>();
  final List<Comment> comments = new ArrayList<>();
  /** A milestone: who made it and when (the fake's milestones stay open, without a due date). */
  record Milestone(String title, String creator, Instant createdAt) {}

  final Map<Integer, Milestone> milestones = new TreeMap<>();
  final Set<String> assignable = new LinkedHashSet<>(List.of("octocat", "hubot"));
  private long nextCommentId = 1_000_001;
  Duration searchLag = Duration.ZERO;

  private final FakeGitHubJson render;

  FakeGitHubIssues(FakeGitHub server, Clock clock) {
    this.server = server;
    this.clock = clock;
    this.render = new FakeGitHubJson(server, this);
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  Issue add(String title, @Nullable String body, boolean pullRequest, String author) {
    int number = issues.isEmpty() ? 1 : issues.lastKey() + 1;
    Issue issue = new Issue(number, title, body, now(), pullRequest, author);
    issues.put(number, issue);
    return issue;
  }

  Comment comment(Issue issue, String body, String author) {
    Instant now = now();
    Comment c = new Comment(nextCommentId++, issue.number, body, author, now, now);
    comments.add(c);
    issue.updatedAt = now;
    return c;
  }

  // ---- handlers ----

  Response list(Request r) {
    String state = orDefault(r.query("state"), "open");
    if (!Set.of("open", "closed", "all").contains(state)) {
      return invalid("state", state);
    }
    String sort = orDefault(r.query("sort"), "created");
    if (!Set.of("created", "updated", "comments").contains(sort)) {
      return invalid("sort", sort);
    }
    String direction = orDefault(r.query("direction"), "desc");
    if (!Set.of("asc", "desc").contains(direction)) {
      return invalid("direction", direction);
    }
    Instant since;
    try {
      since = r.query("since") == null ? Instant.EPOCH : Instant.parse(r.query("since"));
    } catch (DateTimeParseException e) {
      return invalid("since", r.query("since"));
    }
    Comparator<Issue> order = switch (sort) {
      case "updated" -> Comparator.comparing((Issue i) -> i.updatedAt);
      case "comments" -> Comparator.comparingLong(i -> commentsOf(i.number).size());
      default -> Comparator.comparing((Issue i) -> i.createdAt);
    };
    order = order.thenComparingInt(i -> i.number);
    if (direction.equals("desc")) {
      order = order.reversed();
    }
    List<Issue> matching = issues.values().stream()
        .filter(i -> state.equals("all") || i.state.equals(state))
        .filter(i -> !i.updatedAt.isBefore(since))
        .sorted(order)
        .toList();
    return paged(r, matching.stream().map(this::json).toList());
  }

  /** The request's JSON object body, or null when it is not one (GitHub answers 400 then). */
  private static @Nullable JsonNode object(Request r) {
    try {
      JsonNode in = r.json();
      return in.isObject() ? in : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A new body; GitHub stamps its {@code lastEditedAt} when it differs. */
  void bodyEdited(Issue issue, @Nullable String body) {
    if (!java.util.Objects.equals(body, issue.body)) {
      issue.lastChanges.putObject("body").put("from", issue.body == null ? "" : issue.body);
      issue.body = body;
      issue.bodyEditedAt = now();
    }
  }

  /**
   * {@code POST /graphql}, for the one query the connector sends: an issue's {@code lastEditedAt}
   * and {@code createdAt} by owner, name and number. Like GitHub, it answers 200 with
   * {@code errors} for a query it cannot run, and a null issue with a NOT_FOUND error.
   */
  Response graphql(Request r) {
    JsonNode in = object(r);
    if (in == null || !in.path("query").isTextual()) {
      return server.errorResponse(400, "Problems parsing JSON");
    }
    String query = in.path("query").textValue().replaceAll("\\s+", " ").trim();
    String expected = "query($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) "
        + "{ issue(number: $number) { lastEditedAt createdAt } } }";
    if (!query.equals(expected)) {
      return Response.json(200, FakeServer.JSON.createObjectNode().set("errors", FakeServer.JSON.createArrayNode()
          .add(FakeServer.JSON.createObjectNode().put("message", "this fake answers only the query GitHubSession sends"))));
    }
    JsonNode vars = in.path("variables");
    ObjectNode out = FakeServer.JSON.createObjectNode();
    ObjectNode data = out.putObject("data");
    if (!(vars.path("owner").asText() + "/" + vars.path("name").asText()).equalsIgnoreCase(server.repository())) {
      data.putNull("repository");
      out.putArray("errors").addObject().put("type", "NOT_FOUND")
          .put("message", "Could not resolve to a Repository with the name '" + vars.path("owner").asText() + "/"
              + vars.path("name").asText() + "'.");
      return Response.json(200, out);
    }
    Issue issue = issues.get(vars.path("number").asInt(-1));
    ObjectNode repository = data.putObject("repository");
    if (issue == null) {
      repository.putNull("issue");
      out.putArray("errors").addObject().put("type", "NOT_FOUND")
          .put("message", "Could not resolve to an Issue with the number of " + vars.path("number").asText() + ".");
      return Response.json(200, out);
    }
    ObjectNode node = repository.putObject("issue");
    if (issue.bodyEditedAt == null) {
      node.putNull("lastEditedAt");
    } else {
      node.put("lastEditedAt", issue.bodyEditedAt.toString());
    }
    node.put("createdAt", issue.createdAt.toString());
    return Response.json(200, out);
  }

  /** A new title, with its {@code renamed} event when it differs. */
  void renamed(Issue issue, String title, String actor) {
    if (!title.equals(issue.title)) {
      ObjectNode event = event(issue, "renamed", actor);
      event.putObject("rename").put("from", issue.title).put("to", title);
      issue.lastChanges.putObject("title").put("from", issue.title);
      issue.title = title;
    }
  }

  /** A new state, with its {@code closed} or {@code reopened} event; GitHub ignores state_reason unless the state changes. */
  void stateChanged(Issue issue, String state, String reason, String actor) {
    if (state.equals("closed") && issue.state.equals("open")) {
      issue.closedAt = now();
      issue.closedBy = actor;
      issue.stateReason = reason;
      event(issue, "closed", actor); // the description's issue events carry no state_reason
    } else if (state.equals("open") && issue.state.equals("closed")) {
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = "reopened";
      event(issue, "reopened", actor);
    }
    issue.state = state;
  }

  private ObjectNode event(Issue issue, String type, String actor) {
    long id = 900_000L + nextEventId++;
    ObjectNode e = FakeServer.JSON.createObjectNode().put("id", id).put("node_id", "IE_kw" + id)
        .put("url", server.url() + "/repos/" + server.repository() + "/issues/events/" + id);
    e.set("actor", user(actor));
    e.put("event", type).putNull("commit_id").putNull("commit_url").put("created_at", now().toString());
    e.putNull("performed_via_github_app");
    issue.events.add(e);
    return e;
  }

  private long nextEventId = 1;

  /** {@code GET /repos/{owner}/{repo}/issues/{number}/events}, paged like GitHub's lists. */
  Response events(Request r) {
    Issue issue = find(r);
    if (issue == null) {
      return server.errorResponse(404, "Not Found");
    }
    int perPage = Math.min(100, Math.max(1, parseOr(r.query("per_page"), 30)));
    int page = Math.max(1, parseOr(r.query("page"), 1));
    int from = Math.min(issue.events.size(), (page - 1) * perPage);
    int to = Math.min(issue.events.size(), from + perPage);
    com.fasterxml.jackson.databind.node.ArrayNode out = FakeServer.JSON.createArrayNode();
    issue.events.subList(from, to).forEach(e -> out.add(e.deepCopy()));
    Response response = Response.json(200, out);
    if (to < issue.events.size()) {
      String next = server.url() + r.url().encodedPath() + "?per_page=" + perPage + "&page=" + (page + 1);
      response = response.withHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    return response;
  }

  private static int parseOr(@Nullable String text, int fallback) {
    try {
      return text == null ? fallback : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  Response get(Request r) {
    Issue issue = find(r);
    return issue == null ? server.errorResponse(404, "Not Found") : Response.json(200, json(issue));
  }

  Response create(Request r) {
    JsonNode in = object(r);
    if (in == null) {
      return server.errorResponse(400, "Problems parsing JSON");
    }
    JsonNode title = in.path("title");
    if (title.isMissingNode() || title.isNull() || (title.isTextual() && title.textValue().isBlank())) {
      return validationFailed("title", "missing_field");
    }
    Response bad = check(in);
    if (bad != null) {
      return bad;
    }
    Issue issue = add(title.asText(), null, false, FakeGitHub.USER);
    apply(issue, in);
    issue.updatedAt = issue.createdAt;
    return Response.json(201, json(issue))
        .withHeader("Location", server.url() + "/repos/" + server.repository() + "/issues/" + issue.number);
  }

  Response edit(Request r) {
    Issue issue = find(r);
    if (issue == null) {
      return server.errorResponse(404, "Not Found");
    }
    JsonNode in = object(r);
    if (in == null) {
      return server.errorResponse(400, "Problems parsing JSON");
    }
    JsonNode title = in.path("title");
    if (title.isTextual() && title.textValue().isBlank()) {
      return validationFailed("title", "missing_field");
    }
    Response bad = check(in);
    if (bad != null) {
      return bad;
    }
    apply(issue, in);
    issue.updatedAt = now();
    return Response.json(200, json(issue));
  }

  Response listComments(Request r) {
    Issue issue = find(r);
    if (issue == null) {
      return server.errorResponse(404, "Not Found");
    }
    Instant since;
    try {
      since = r.query("since") == null ? Instant.EPOCH : Instant.parse(r.query("since"));
    } catch (DateTimeParseException e) {
      return invalid("since", r.query("since"));
    }
    return paged(r, commentsOf(issue.number).stream()
        .filter(c -> !c.updatedAt().isBefore(since)).map(this::json).toList());
  }

  Response addComment(Request r) {
    Issue issue = find(r);
    if (issue == null) {
      return server.errorResponse(404, "Not Found");
    }
    JsonNode in;
    try {
      in = r.json();
    } catch (IOException e) {
      return server.errorResponse(400, "Problems parsing JSON");
    }
    JsonNode body = in.path("body");
    if (!body.isTextual() || body.textValue().isBlank()) {
      return server.errorResponse(422, "Validation Failed", "IssueComment", "body", "missing_field");
    }
    return Response.json(201, json(comment(issue, body.textValue(), FakeGitHub.USER)));
  }

  /** {@code GET /search/issues?q=repo:o/r in:body "phrase"}: the qualifiers the connector uses. */
  Response search(Request r) {
    String q = r.query("q");
    if (q == null || q.isBlank()) {
      return validationFailed("q", "missing");
    }
    List<String> phrases = new ArrayList<>();
    String rest = q;
    int open;
    while ((open = rest.indexOf('"')) >= 0) {
      int close = rest.indexOf('"', open + 1);
      if (close < 0) {
        break;
      }
      phrases.add(rest.substring(open + 1, close).toLowerCase(Locale.ROOT));
      rest = rest.substring(0, open) + " " + rest.substring(close + 1);
    }
    String repo = null;
    boolean issuesOnly = false;
    for (String token : rest.trim().split("\\s+")) {
      if (token.startsWith("repo:")) {
        repo = token.substring(5);
      } else if (token.equals("is:issue") || token.equals("type:issue")) {
        issuesOnly = true;
      }
    }
    Instant indexed = clock.instant().minus(searchLag);
    boolean onlyIssues = issuesOnly;
    List<JsonNode> found = repo == null || !repo.equalsIgnoreCase(server.repository()) ? List.of()
        : issues.values().stream()
            .filter(i -> !i.createdAt.isAfter(indexed))
            .filter(i -> !onlyIssues || !i.pullRequest)
            .filter(i -> phrases.stream().allMatch(p -> i.body != null && i.body.toLowerCase(Locale.ROOT).contains(p)))
            .map(i -> (JsonNode) json(i).put("score", 1.0))
            .toList();
    ObjectNode result = FakeServer.JSON.createObjectNode();
    result.put("total_count", found.size());
    result.put("incomplete_results", false);
    result.put("search_type", "lexical"); // qualifiers and a quoted phrase: GitHub searches lexically
    result.putArray("items").addAll(found);
    return Response.json(200, result);
  }

  // ---- validation and writing ----

  private @Nullable Response check(JsonNode in) {
    for (String field : List.of("title", "body", "state", "state_reason")) {
      JsonNode v = in.path(field);
      if (!v.isMissingNode() && !v.isNull() && !v.isTextual()) {
        return notAString(field, v);
      }
    }
    if (in.path("state").isTextual() && !STATES.contains(in.path("state").textValue())) {
      return validationFailed("state", "invalid");
    }
    if (in.path("state_reason").isTextual() && !STATE_REASONS.contains(in.path("state_reason").textValue())) {
      return validationFailed("state_reason", "invalid");
    }
    JsonNode labels = in.path("labels");
    if (!labels.isMissingNode() && !labels.isNull()) {
      if (!labels.isArray()) {
        return notAString("labels", labels);
      }
      for (JsonNode l : labels) {
        if (!l.isTextual() && !(l.isObject() && l.path("name").isTextual())) {
          return validationFailed("labels", "invalid");
        }
      }
    }
    JsonNode assignees = in.path("assignees");
    if (!assignees.isMissingNode() && !assignees.isNull()) {
      if (!assignees.isArray()) {
        return notAString("assignees", assignees);
      }
      for (JsonNode a : assignees) {
        if (!a.isTextual() || !assignable.contains(a.textValue())) {
          return validationFailed("assignees", "invalid");
        }
      }
    }
    JsonNode milestone = in.path("milestone");
    if (!milestone.isMissingNode() && !milestone.isNull()
        && !(milestone.canConvertToInt() && milestones.containsKey(milestone.asInt()))) {
      return validationFailed("milestone", "invalid");
    }
    return null;
  }

  private void apply(Issue issue, JsonNode in) {
    issue.lastChanges = FakeServer.JSON.createObjectNode();
    if (in.path("title").isTextual()) {
      renamed(issue, in.path("title").textValue(), FakeGitHub.USER);
    }
    if (in.has("body")) {
      bodyEdited(issue, in.path("body").isNull() ? null : in.path("body").textValue());
    }
    if (in.path("state").isTextual()) {
      String state = in.path("state").textValue();
      String reason = in.path("state_reason").isTextual() ? in.path("state_reason").textValue() : "completed";
      stateChanged(issue, state, reason, FakeGitHub.USER);
    }
    if (in.path("labels").isArray()) {
      issue.labels.clear();
      in.path("labels").forEach(l -> issue.labels.add(l.isTextual() ? l.textValue() : l.path("name").textValue()));
    }
    if (in.path("assignees").isArray()) {
      issue.assignees.clear();
      in.path("assignees").forEach(a -> issue.assignees.add(a.textValue()));
    }
    if (in.has("milestone")) {
      issue.milestone = in.path("milestone").isNull() ? null : in.path("milestone").asInt();
    }
  }

  private Response notAString(String field, JsonNode value) {
    return Response.json(422, FakeServer.JSON.createObjectNode()
        .put("message", "Invalid request.\n\nFor 'properties/" + field + "', " + value + " is not a "
            + (field.equals("labels") || field.equals("assignees") ? "array" : "string") + ".")
        .put("documentation_url", FakeGitHub.DOCS));
  }

  private Response validationFailed(String field, String code) {
    return server.errorResponse(422, "Validation Failed", "Issue", field, code);
  }

  private Response invalid(String field, @Nullable String value) {
    return server.errorResponse(422, "Validation Failed", "Issue", field, "invalid");
  }

  // ---- rendering ----

  /** Issues transferred to another repository: their number here, and where GitHub now sends requests for them. */
  final Map<Integer, String> transferred = new java.util.HashMap<>();

  /**
   * GitHub's answer for a transferred issue: {@code 301 Moved Permanently} to the issue in its new
   * repository ({@code /repositories/{id}/issues/{number}}), for reads and writes alike.
   */
  @Nullable Response moved(Request r) {
    if (!(r.param("owner") + "/" + r.param("repo")).equalsIgnoreCase(server.repository())) {
      return null;
    }
    String to;
    try {
      to = transferred.get(Integer.parseInt(r.param("number")));
    } catch (NumberFormatException e) {
      return null;
    }
    if (to == null) {
      return null;
    }
    return Response.json(301, FakeServer.JSON.createObjectNode().put("message", "Moved Permanently").put("url", to)
        .put("documentation_url", "https://docs.github.com/v3/#http-redirects")).withHeader("Location", to);
  }

  private @Nullable Issue find(Request r) {
    if (!(r.param("owner") + "/" + r.param("repo")).equalsIgnoreCase(server.repository())) {
      return null;
    }
    try {
      return issues.get(Integer.parseInt(r.param("number")));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  List<Comment> commentsOf(int number) {
    return comments.stream().filter(c -> c.issue() == number).toList();
  }

  ObjectNode json(Issue i) {
    return render.issue(i);
  }

  ObjectNode json(Comment c) {
    return render.comment(c);
  }

  ObjectNode user(String login) {
    return render.user(login);
  }

  ObjectNode repository() {
    return render.repository();
  }

  /** One page of {@code all} per {@code page}/{@code per_page}, with GitHub's {@code Link} header. */
  private Response paged(Request r, List<? extends JsonNode> all) {
    int perPage;
    int page;
    try {
      perPage = Math.min(100, Math.max(1, Integer.parseInt(orDefault(r.query("per_page"), "30"))));
      page = Math.max(1, Integer.parseInt(orDefault(r.query("page"), "1")));
    } catch (NumberFormatException e) {
      return invalid("per_page", r.query("per_page"));
    }
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    ArrayNode body = FakeServer.JSON.createArrayNode();
    all.subList(from, to).forEach(body::add);
    Response response = Response.json(200, body);
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    List<String> links = new ArrayList<>();
    if (page < last) {
      links.add(link(r.url(), page + 1, "next"));
      links.add(link(r.url(), last, "last"));
    }
    if (page > 1) {
      links.add(link(r.url(), page - 1, "prev"));
      links.add(link(r.url(), 1, "first"));
    }
    return links.isEmpty() ? response : response.withHeader("Link", String.join(", ", links));
  }

  private static String link(HttpUrl url, int page, String rel) {
    return "<" + url.newBuilder().setQueryParameter("page", Integer.toString(page)).build() + ">; rel=\"" + rel + "\"";
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }
}
