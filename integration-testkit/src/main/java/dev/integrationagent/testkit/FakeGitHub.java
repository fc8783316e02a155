package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-memory GitHub Issues REST API (version 2022-11-28) for one repository, on a loopback
 * {@link FakeServer}. It serves what the GitHub connector uses, with GitHub's paths, JSON shapes,
 * {@code Link} pagination, {@code ETag}/{@code If-None-Match}, validation errors
 * ({@code 422 Validation Failed} with {@code errors[]}), {@code 401 Bad credentials}, and the
 * primary rate limit's {@code x-ratelimit-*} headers with a 403 once it is spent, plus secondary
 * limits with {@code retry-after}. Timestamps come from the injected clock, in whole seconds.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
 * try (FakeGitHub github = FakeGitHub.start(clock)) {
 *   int number = github.createIssue("Crash on start", "Steps: ...");
 *   github.rateLimit(5000, 3);                      // three calls left in this window
 *   ... GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
 *         .auth(Auth.bearer(github.token())) ...
 *   github.editIssue(number, "Crash on start (macOS)");   // behind the connector's back
 * }
 * }</pre>
 *
 * <p>Routes: {@code GET /rate_limit}, {@code GET|POST /repos/{owner}/{repo}/issues},
 * {@code GET|PATCH /repos/{owner}/{repo}/issues/{number}},
 * {@code GET /repos/{owner}/{repo}/issues/{number}/events},
 * {@code GET|POST /repos/{owner}/{repo}/issues/{number}/comments}, {@code GET /search/issues}, and
 * {@code POST /graphql} for the one query the connector sends.
 *
 * <p>What it claims: every REST answer has the shape GitHub's OpenAPI description of
 * api.github.com gives it (issues with every required field and resource URL, users as
 * {@code simple-user}, milestones, {@code pull_request} links, comments, issue events, search
 * results, rate limits, error bodies), and so do its webhook deliveries (the description's
 * {@code x-webhooks}: full repository, {@code changes} for {@code edited}), checked in this repository by
 * {@code GitHubOpenApiConformanceTest} against GitHub's own description. Where GitHub's live
 * API differs from its description (401, 403/429 and 304 on any call; {@code status} in
 * validation errors) the fake follows the API. It does not claim: labels as resources, reactions
 * (always zero), locking, timelines, or any route not listed, which answers 404 like an unknown
 * path on GitHub.
 */
public final class FakeGitHub extends FakeServer {
  static final String DOCS = "https://docs.github.com/rest";
  /** The login of the token's user: the author of everything the connector writes. */
  public static final String USER = "octocat";

  private volatile String repository;
  private final String token = "ghp_fake" + Long.toHexString(System.nanoTime()) + "TOKEN";
  private final FakeGitHubIssues issues;
  /** One rate-limit resource: GitHub counts core calls and search calls apart. */
  private static final class Budget {
    final String resource;
    final Duration window;
    int limit;
    int remaining;
    Instant resetAt;

    Budget(String resource, int limit, Duration window, Instant now) {
      this.resource = resource;
      this.limit = limit;
      this.remaining = limit;
      this.window = window;
      this.resetAt = now.plus(window);
    }

    void roll(Instant now) {
      if (!now.isBefore(resetAt)) {
        remaining = limit;
        resetAt = now.plus(window);
      }
    }

    ObjectNode json() {
      return JSON.createObjectNode().put("limit", limit).put("used", limit - remaining)
          .put("remaining", remaining).put("reset", resetAt.getEpochSecond());
    }
  }

  private final Budget core;
  private final Budget search;
  private Budget current;
  private int exhaustedStatus = 403;
  private int secondaryLimited;
  private Duration secondaryRetryAfter = Duration.ofSeconds(60);
  private long deliveries;
  private okhttp3.Headers lastHeaders = okhttp3.Headers.of();

  private FakeGitHub(Clock clock, String repository) {
    super(clock);
    this.repository = repository;
    this.issues = new FakeGitHubIssues(this, clock);
    this.core = new Budget("core", 5000, Duration.ofHours(1), clock.instant());
    this.search = new Budget("search", 30, Duration.ofMinutes(1), clock.instant());
    this.current = core;
    String repo = "/repos/{owner}/{repo}";
    route("GET", "/rate_limit", (s, r) -> rateLimitBody());
    counted("GET", repo + "/issues", issues::list);
    counted("POST", repo + "/issues", issues::create);
    counted("GET", repo + "/issues/{number}", movable(issues::get));
    counted("PATCH", repo + "/issues/{number}", movable(issues::edit));
    counted("GET", repo + "/issues/{number}/events", movable(issues::events));
    counted("GET", repo + "/issues/{number}/comments", movable(issues::listComments));
    counted("POST", repo + "/issues/{number}/comments", movable(issues::addComment));
    counted("GET", repo, r -> Response.json(200, repositoryJson()));
    counted("GET", "/repositories/{id}", byId(r -> Response.json(200, repositoryJson())));
    counted("GET", "/repositories/{id}/issues/{number}", byId(movable(issues::get)));
    counted("PATCH", "/repositories/{id}/issues/{number}", byId(movable(issues::edit)));
    counted("GET", "/search/issues", issues::search);
    counted("POST", "/graphql", issues::graphql);
  }

  /** Starts a fake for repository {@code acme/app}. */
  public static FakeGitHub start(Clock clock) {
    return start(clock, "acme/app");
  }

  /** Starts a fake for the repository ({@code owner/repo}). */
  public static FakeGitHub start(Clock clock, String repository) {
    requireNonNull(repository, "repository");
    if (!repository.matches("[\\w.-]+/[\\w.-]+")) {
      throw new IllegalArgumentException("repository must be owner/repo but was '" + repository + "'");
    }
    FakeGitHub fake = new FakeGitHub(requireNonNull(clock, "clock"), repository);
    fake.startServer();
    return fake;
  }

  /** The repository served, {@code owner/repo}. */
  public String repository() {
    return repository;
  }

  /** A token the fake accepts; any other is refused with 401 Bad credentials. */
  public String token() {
    return token;
  }

  // ---- the repository, behind the connector's back ----

  /** Creates an issue as a person would; returns its number. */
  public synchronized int createIssue(String title, @Nullable String body) {
    return issues.add(requireNonNull(title, "title"), body, false, "hubot").number;
  }

  /** Creates a pull request, which the issues listing also returns (with a {@code pull_request} key). */
  public synchronized int createPullRequest(String title) {
    return issues.add(requireNonNull(title, "title"), null, true, "hubot").number;
  }

  /** Changes an issue's title, stamping {@code updated_at}. */
  public synchronized void editIssue(int number, String title) {
    FakeGitHubIssues.Issue issue = existing(number);
    issue.lastChanges = JSON.createObjectNode();
    issues.renamed(issue, requireNonNull(title, "title"), "hubot");
    issue.updatedAt = issues.now();
  }

  /** Adds a label to an issue as a person would, stamping {@code updated_at}. */
  public synchronized void addLabel(int number, String label) {
    FakeGitHubIssues.Issue issue = existing(number);
    issue.lastChanges = JSON.createObjectNode();
    if (!issue.labels.contains(requireNonNull(label, "label"))) {
      issue.labels.add(label);
    }
    issue.updatedAt = issues.now();
  }

  /** Replaces an issue's body, stamping {@code updated_at}. */
  public synchronized void editBody(int number, @Nullable String body) {
    FakeGitHubIssues.Issue issue = existing(number);
    issue.lastChanges = JSON.createObjectNode();
    issues.bodyEdited(issue, body);
    issue.updatedAt = issues.now();
  }

  /** Closes ({@code "closed"}, reason completed) or reopens ({@code "open"}) an issue. */
  public synchronized void setState(int number, String state) {
    if (!FakeGitHubIssues.STATES.contains(state)) {
      throw new IllegalArgumentException("state must be open or closed but was '" + state + "'");
    }
    FakeGitHubIssues.Issue issue = existing(number);
    issues.stateChanged(issue, state, "completed", "hubot");
    issue.updatedAt = issues.now();
  }

  /** Adds a comment by another user; returns its id. */
  public synchronized long addComment(int number, String body) {
    return issues.comment(existing(number), requireNonNull(body, "body"), "hubot").id();
  }

  /** Creates a milestone; returns its number. */
  public synchronized int createMilestone(String title) {
    int number = issues.milestones.size() + 1;
    issues.milestones.put(number, new FakeGitHubIssues.Milestone(requireNonNull(title, "title"), "hubot", issues.now()));
    return number;
  }

  /** Logins that may be assigned; others are refused with 422. Octocat and hubot are. */
  public synchronized void addAssignable(String login) {
    issues.assignable.add(requireNonNull(login, "login"));
  }

  /** The issue as {@code GET /repos/{owner}/{repo}/issues/{number}} returns it. */
  public synchronized JsonNode issue(int number) {
    return issues.json(existing(number));
  }

  /**
   * Transfers an issue to another repository, as GitHub's "Transfer issue" does: it leaves this
   * repository's listing, and every request for it here answers {@code 301 Moved Permanently}
   * to its new address, {@code /repositories/{repositoryId}/issues/{newNumber}}.
   */
  public synchronized void transferIssue(int number, long repositoryId, int newNumber) {
    JsonNode issue = issue(number);
    if (issues.issues.remove(number) == null) {
      throw new IllegalArgumentException("no issue #" + number);
    }
    String path = "/repositories/" + repositoryId + "/issues/" + newNumber;
    issues.transferred.put(number, url() + path);
    ObjectNode copy = issue.deepCopy();
    copy.put("number", newNumber).put("url", url() + path);
    elsewhere.put(path, copy);
  }

  /** Issues transferred away, as their new repository serves them, by path. */
  private final Map<String, ObjectNode> elsewhere = new java.util.HashMap<>();

  /** The repository's id, as GitHub's {@code /repositories/{id}/…} addresses name it. */
  public static final long REPOSITORY_ID = 1296269L;
  private @Nullable String renamedFrom;

  /**
   * Renames the repository, as GitHub's settings do: requests under the old name answer
   * {@code 301 Moved Permanently} to the same path under {@code /repositories/{id}}, which is served.
   */
  public synchronized void renameRepository(String newFullName) {
    if (!newFullName.matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException("owner/name expected but was " + newFullName);
    }
    renamedFrom = repository;
    repository = newFullName;
  }

  private Response renamed(Request r) {
    String path = r.url().encodedPath();
    String rest = path.substring(("/repos/" + renamedFrom).length());
    String to = url() + "/repositories/" + REPOSITORY_ID + rest;
    return Response.json(301, FakeServer.JSON.createObjectNode().put("message", "Moved Permanently").put("url", to)
        .put("documentation_url", "https://docs.github.com/v3/#http-redirects")).withHeader("Location", to);
  }

  /** A {@code /repositories/{id}/…} request served as the same request under the repository's name. */
  private java.util.function.Function<Request, Response> byId(java.util.function.Function<Request, Response> handler) {
    return r -> {
      if (!r.param("id").equals(Long.toString(REPOSITORY_ID))) {
        // another repository: only the issues transferred there from here are known
        ObjectNode copy = elsewhere.get(r.url().encodedPath());
        return copy == null ? errorResponse(404, "Not Found") : Response.json(200, copy);
      }
      Map<String, String> params = new java.util.LinkedHashMap<>(r.params());
      params.put("owner", repository.substring(0, repository.indexOf('/')));
      params.put("repo", repository.substring(repository.indexOf('/') + 1));
      return handler.apply(new Request(r.method(), r.url(), r.headers(), r.body(), params));
    };
  }

  private ObjectNode repositoryJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", REPOSITORY_ID).put("node_id", "MDEwOlJlcG9zaXRvcnkxMjk2MjY5")
        .put("name", repository.substring(repository.indexOf('/') + 1)).put("full_name", repository)
        .put("private", false).put("html_url", "https://github.com/" + repository)
        .put("url", url() + "/repos/" + repository).put("has_issues", true);
    return o;
  }

  private java.util.function.Function<Request, Response> movable(java.util.function.Function<Request, Response> handler) {
    return r -> {
      Response moved = issues.moved(r);
      return moved != null ? moved : handler.apply(r);
    };
  }

  /** Number of issues and pull requests. */
  public synchronized int issueCount() {
    return issues.issues.size();
  }

  /** Search finds an issue only this long after it was created (the index lags; default none). */
  public synchronized void searchLag(Duration lag) {
    issues.searchLag = requireNonNull(lag, "lag");
  }

  /** A header of the latest routed request ({@code Accept}, {@code X-GitHub-Api-Version}), or null. */
  public synchronized @Nullable String lastRequestHeader(String name) {
    return lastHeaders.get(requireNonNull(name, "name"));
  }

  // ---- rate limits ----

  /** Sets the primary limit and what is left of it in the current window. */
  public synchronized void rateLimit(int limit, int remaining) {
    if (limit < 1 || remaining < 0 || remaining > limit) {
      throw new IllegalArgumentException("rate limit must have 0 <= remaining <= limit but was "
          + remaining + " of " + limit);
    }
    core.limit = limit;
    core.remaining = remaining;
  }

  /** When the current window ends and the budget is full again. */
  public synchronized void rateLimitResetAt(Instant reset) {
    core.resetAt = requireNonNull(reset, "reset");
  }

  /** What is left of the primary (core) limit. */
  public synchronized int rateLimitRemaining() {
    return core.remaining;
  }

  /** What is left of the search limit (30 a minute). */
  public synchronized int searchRateLimitRemaining() {
    return search.remaining;
  }

  /** Answer a spent primary limit with 403 (GitHub's usual) or 429. */
  public synchronized void exhaustedStatus(int status) {
    if (status != 403 && status != 429) {
      throw new IllegalArgumentException("status must be 403 or 429 but was " + status);
    }
    exhaustedStatus = status;
  }

  /** The next {@code count} calls hit a secondary rate limit: 403 with {@code retry-after}. */
  public synchronized void secondaryRateLimitNext(int count, Duration retryAfter) {
    secondaryLimited = count;
    secondaryRetryAfter = requireNonNull(retryAfter, "retryAfter");
  }

  // ---- webhooks ----

  /** A webhook delivery as GitHub would POST it: headers and raw body. */
  public record Delivery(Map<String, List<String>> headers, byte[] body) {
    public Delivery {
      headers = Map.copyOf(headers);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The same delivery with another {@code X-Hub-Signature-256} (or none, for null). */
    public Delivery withSignature(@Nullable String signature) {
      Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      h.putAll(headers);
      h.remove("X-Hub-Signature-256");
      if (signature != null) {
        h.put("X-Hub-Signature-256", List.of(signature));
      }
      return new Delivery(h, body);
    }
  }

  /**
   * An {@code issues} delivery (action {@code opened}, {@code edited}, {@code closed}, …) for an
   * issue's current state, signed with {@code secret}.
   */
  public synchronized Delivery issuesDelivery(String secret, String action, int number) {
    FakeGitHubIssues.Issue issue = existing(number);
    ObjectNode payload = JSON.createObjectNode().put("action", action);
    if (action.equals("edited")) {
      payload.set("changes", issue.lastChanges.deepCopy());
    }
    payload.set("issue", webhookIssue(issue));
    return delivery(secret, "issues", payload);
  }

  /** An {@code issue_comment} delivery (action {@code created}) for the issue's latest comment. */
  public synchronized Delivery commentDelivery(String secret, int number) {
    List<FakeGitHubIssues.Comment> comments = issues.commentsOf(existing(number).number);
    if (comments.isEmpty()) {
      throw new IllegalArgumentException("issue " + number + " has no comment");
    }
    ObjectNode payload = JSON.createObjectNode().put("action", "created");
    payload.set("issue", webhookIssue(existing(number)));
    payload.set("comment", issues.json(comments.get(comments.size() - 1)));
    return delivery(secret, "issue_comment", payload);
  }

  /** A {@code ping} delivery, sent when a webhook is created. */
  public synchronized Delivery pingDelivery(String secret) {
    return delivery(secret, "ping", JSON.createObjectNode().put("zen", "Keep it logically awesome.").put("hook_id", 1));
  }

  private Delivery delivery(String secret, String event, ObjectNode payload) {
    payload.set("repository", issues.repository());
    payload.set("sender", issues.user("hubot"));
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("X-GitHub-Event", List.of(event));
    headers.put("X-GitHub-Delivery", List.of(String.format("72d3162e-cc78-11e3-81ab-%012d", ++deliveries)));
    headers.put("X-Hub-Signature-256", List.of(signature(secret, body)));
    headers.put("Content-Type", List.of("application/json"));
    headers.put("User-Agent", List.of("GitHub-Hookshot/044aadd"));
    return new Delivery(headers, body);
  }

  /** The issue as deliveries carry it: the REST shape without {@code closed_by}, which webhooks leave out. */
  private ObjectNode webhookIssue(FakeGitHubIssues.Issue issue) {
    ObjectNode json = issues.json(issue);
    json.remove("closed_by");
    return json;
  }

  /** GitHub's signature of a body: {@code sha256=} and the hex HMAC-SHA256 with the secret. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  // ---- the server ----

  private FakeGitHubIssues.Issue existing(int number) {
    FakeGitHubIssues.Issue issue = issues.issues.get(number);
    if (issue == null) {
      throw new IllegalArgumentException("no issue " + number + " in " + repository);
    }
    return issue;
  }

  private void counted(String method, String template, java.util.function.Function<Request, Response> handler) {
    BiFunction<FakeServer, Request, Response> wrapped = (s, r) -> {
      String named = template.startsWith("/repos/") ? r.param("owner") + "/" + r.param("repo") : null;
      Response response = named != null && renamedFrom != null && named.equalsIgnoreCase(renamedFrom)
          ? renamed(r)
          : named != null && !named.equalsIgnoreCase(repository) ? errorResponse(404, "Not Found") : handler.apply(r);
      response = conditional(r, response);
      if (response.status() == 304) {
        current.remaining++; // conditional requests answered 304 do not count against the limit
      }
      return withRateHeaders(response);
    };
    route(method, template, wrapped);
  }

  private Response conditional(Request r, Response response) {
    if (!r.method().equals("GET") || response.status() != 200) {
      return response;
    }
    String etag = "W/\"" + sha256(response.body()).substring(0, 32) + "\"";
    if (etag.equals(r.header("If-None-Match"))) {
      return withRateHeaders(new Response(304, Map.of("ETag", etag), ""));
    }
    return response.withHeader("ETag", etag);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response withRateHeaders(Response response) {
    return response
        .withHeader("x-ratelimit-limit", Integer.toString(current.limit))
        .withHeader("x-ratelimit-remaining", Integer.toString(current.remaining))
        .withHeader("x-ratelimit-used", Integer.toString(current.limit - current.remaining))
        .withHeader("x-ratelimit-reset", Long.toString(current.resetAt.getEpochSecond()))
        .withHeader("x-ratelimit-resource", current.resource)
        .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28");
  }

  private Response rateLimitBody() {
    core.roll(clock.instant());
    search.roll(clock.instant());
    current = core;
    ObjectNode body = JSON.createObjectNode();
    ObjectNode resources = body.putObject("resources");
    resources.set("core", core.json());
    resources.set("search", search.json());
    body.set("rate", core.json());
    return withRateHeaders(Response.json(200, body));
  }

  @Override
  protected @Nullable Response authenticate(Request request, String route) {
    lastHeaders = request.headers();
    String auth = request.header("Authorization");
    if (auth == null) {
      return errorResponse(401, "Requires authentication");
    }
    if (!auth.equals("Bearer " + token) && !auth.equals("token " + token)) {
      return errorResponse(401, "Bad credentials");
    }
    current = core;
    if (route.equals("GET /rate_limit")) {
      return null; // does not count against the limit
    }
    current = route.equals("GET /search/issues") ? search : core;
    current.roll(clock.instant());
    if (secondaryLimited > 0) {
      secondaryLimited--;
      return errorResponse(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
          .withHeader("retry-after", Long.toString(secondaryRetryAfter.toSeconds()));
    }
    if (current.remaining == 0) {
      return withRateHeaders(errorResponse(exhaustedStatus,
          "API rate limit exceeded for user ID 583231. If you reach out to GitHub Support for help, please include the request ID."));
    }
    current.remaining--;
    return null;
  }

  @Override
  protected Response errorResponse(int status, String message) {
    return Response.json(status, JSON.createObjectNode().put("message", message)
        .put("documentation_url", DOCS).put("status", Integer.toString(status)));
  }

  /** GitHub's validation error: a message and one {@code errors[]} entry. */
  Response errorResponse(int status, String message, String resource, String field, String code) {
    ObjectNode body = JSON.createObjectNode().put("message", message);
    body.putArray("errors").addObject().put("resource", resource).put("field", field).put("code", code);
    body.put("documentation_url", DOCS).put("status", Integer.toString(status));
    return Response.json(status, body);
  }
}
