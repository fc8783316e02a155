package dev.integrationagent.connectors.github;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpException;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Page;
import dev.integrationagent.http.Pagination;
import dev.integrationagent.http.RestConnectorSupport;
import dev.integrationagent.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One connection to one GitHub repository's issues. Thread-safe. */
final class GitHubSession extends RestConnectorSupport implements ConnectorSession {
  private static final Logger log = LoggerFactory.getLogger(GitHubSession.class);
  private static final String ISSUES = "/repos/{owner}/{repo}/issues";
  private static final String ISSUE = "/repos/{owner}/{repo}/issues/{number}";
  private static final String COMMENTS = "/repos/{owner}/{repo}/issues/{number}/comments";
  private static final String EVENTS = "/repos/{owner}/{repo}/issues/{number}/events";
  /** GitHub asks to wait at least a minute after a secondary limit that names no wait. */
  private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofSeconds(60);

  /** Everything the builder decided. */
  record Settings(String baseUrl, String owner, String repo, dev.integrationagent.api.auth.AuthStrategy auth,
      HttpSettings http, Duration minWriteInterval, int listPageSize, int markerScanLimit,
      @Nullable String webhookSecret) {
    @Override
    public String toString() {
      return "GitHubSession.Settings[" + baseUrl + ", " + owner + "/" + repo + ", auth " + auth.describe() + "]";
    }
  }

  private final String connectionId;
  private final Map<String, String> repo;
  private final Clock clock;
  private final Sleeper sleeper;
  private final WriteSpacer spacer;
  private final HttpSettings httpSettings;
  private final int listPageSize;
  private final int markerScanLimit;
  private final @Nullable GitHubWebhooks webhooks;

  GitHubSession(ConnectorContext context, Settings s, Sleeper sleeper) {
    super(withSecret(pipeline(context, s.baseUrl(), s.auth(), s.http()), s.webhookSecret())
            .sleeper(sleeper)
            .interceptor(new GitHubHeaders())
            .build(),
        LISTING);
    this.connectionId = context.connectionId();
    this.repo = Map.of("owner", s.owner(), "repo", s.repo());
    this.clock = context.clock();
    this.sleeper = sleeper;
    this.spacer = new WriteSpacer(clock, sleeper, s.minWriteInterval(), connectionId);
    this.httpSettings = s.http();
    this.listPageSize = s.listPageSize();
    this.markerScanLimit = s.markerScanLimit();
    this.webhooks = s.webhookSecret() == null ? null
        : new GitHubWebhooks(s.webhookSecret(), connectionId, context.json());
  }

  private static dev.integrationagent.http.HttpPipeline.Builder withSecret(
      dev.integrationagent.http.HttpPipeline.Builder builder, @Nullable String secret) {
    return secret == null ? builder : builder.secret(secret);
  }

  // ---- reading ----

  /**
   * Issues updated at or after the cursor's second, oldest first, dropping those the cursor has
   * seen. Pages of the listing are followed only while they hold nothing new, so an issue
   * edited during the listing (which moves to the end and shifts later pages) cannot make this
   * call skip one: what is not returned now is found again from the cursor's second.
   */
  @Override
  public Set<Capability> capabilities() {
    return GitHubConnector.CAPABILITIES;
  }

  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive but was " + pageSize);
    }
    GitHubCursor start = GitHubCursor.parse(cursor, connectionId);
    ChangePage page = start.page() > 1 ? changes(start, pageSize, start.page()) : null;
    if (page == null) {
      page = changes(start, pageSize, 1);
    }
    return java.util.Objects.requireNonNull(page);
  }

  /**
   * Whether no issue can still be stamped with the cursor's second: then the issues of that
   * second only leave it (edited again, they move to the end). Within a few minutes of it,
   * allowing for clock skew, an issue edited now could be stamped with it and sort onto a page
   * the listing has already read.
   */
  private boolean settled(GitHubCursor cursor) {
    return cursor.at().plus(SETTLED_AFTER).isBefore(clock.instant());
  }

  private static final Duration SETTLED_AFTER = Duration.ofMinutes(5);

  /**
   * The listing from page {@code firstPage} of the issues updated at or after the cursor's
   * second; null when that page no longer begins with an issue the cursor has seen (issues
   * before it left the second, and an unseen one may have moved onto an earlier page).
   *
   * <p>A listing that skips the pages before {@code firstPage} while they could still have
   * received issues (the second was young when they were read, or still is) does not leave the
   * second: where it would, it stops, and the next call reads the second again from its first
   * page. Each issue of a crowded second is so read about twice, not once per call.
   */
  private @Nullable ChangePage changes(GitHubCursor start, int pageSize, int firstPage) {
    HttpCall.Builder call = HttpCall.get(ISSUES).pathParams(repo)
        .query("state", "all").query("sort", "updated").query("direction", "asc")
        .query("since", start.since()).query("per_page", listPageSize);
    if (firstPage > 1) {
      call.query("page", firstPage);
    }
    boolean trusting = firstPage > 1 && (start.recheck() || !settled(start));
    List<ExternalItem> items = new ArrayList<>();
    List<ChangePage.Rejected> rejected = new ArrayList<>();
    GitHubCursor next = start;
    boolean more = false;
    boolean recheck = false;
    int stoppedOn = firstPage;
    try (Stream<Page> pages = pages(call.build(), LISTING)) {
      Iterator<Page> it = pages.iterator();
      while (!more && !recheck && it.hasNext()) { // hasNext() may fetch the next page: ask only when it is wanted
        Page page = it.next();
        stoppedOn = firstPage + page.number() - 1;
        if (page.number() == 1 && firstPage > 1 && !beginsSeen(start, page)) {
          log.debug("{}: page {} of the listing shifted since the last call; listing from the first page",
              connectionId, firstPage);
          return null;
        }
        GitHubCursor before = next;
        for (JsonNode issue : page.items()) {
          int number = issue.path("number").asInt();
          Instant updated;
          try {
            updated = GitHubPayloads.updatedAt(issue, connectionId);
          } catch (IntegrationException e) {
            // one unreadable issue is parked with its reason; it never blocks the rest
            if (number > 0 && rejected.stream().noneMatch(r -> r.itemId().equals(Integer.toString(number)))) {
              rejected.add(new ChangePage.Rejected(Integer.toString(number), e.getMessage()));
            }
            continue;
          }
          String fingerprint = GitHubPayloads.fingerprint(issue);
          if (start.alreadySeen(number, updated, fingerprint) || next.alreadySeen(number, updated, fingerprint)) {
            continue;
          }
          if (trusting && updated.isAfter(start.at())) {
            recheck = true; // leaving a second read on trust: read it from its first page first
            break;
          }
          if (items.size() == pageSize) {
            more = true;
            break;
          }
          next = next.after(number, updated, fingerprint);
          if (!issue.has("pull_request")) {
            items.add(GitHubPayloads.toItem(issue, connectionId));
          }
        }
        if (!more && !recheck && !next.equals(before) && LISTING.next(page).isPresent()) {
          more = true; // progress on this page: resume from the cursor rather than a shifted page
        }
      }
    }
    if (recheck) {
      log.debug("{}: reading the issues of {} again from the first page before listing later ones",
          connectionId, start.at());
      GitHubCursor fromFirstPage = next.resumingAt(1, false);
      return items.isEmpty() && rejected.isEmpty() ? changes(fromFirstPage, pageSize, 1)
          : new ChangePage(items, fromFirstPage.encode(), true, rejected);
    }
    if (next.at().equals(start.at())) {
      // the same listing (same since) goes on from this page; pages skipped while the second is
      // young are owed a second reading
      next = next.resumingAt(stoppedOn, stoppedOn > 1 && (trusting || !settled(start)));
    }
    log.debug("{}: {} changed issues after {}", connectionId, items.size(), start.at());
    return new ChangePage(items, next.encode(), more, rejected);
  }

  private boolean beginsSeen(GitHubCursor cursor, Page page) {
    if (page.items().isEmpty()) {
      return false;
    }
    JsonNode first = page.items().get(0);
    try {
      return cursor.alreadySeen(first.path("number").asInt(), GitHubPayloads.updatedAt(first, connectionId),
          GitHubPayloads.fingerprint(first));
    } catch (IntegrationException unreadable) {
      return false;
    }
  }

  /** GitHub's Link pagination; a revalidated full page asks for the next by number (its 304 has no Link). */
  private static final Pagination LISTING = Pagination.linkHeader("", "page", "per_page");

  @Override
  public Optional<ExternalItem> get(String id) {
    Integer number = number(id);
    if (number == null) {
      return Optional.empty();
    }
    try {
      JsonNode issue = issue(number);
      return issue.has("pull_request") || GitHubMarkers.tombstoned(issue.path("body").asText(null)) ? Optional.empty()
          : Optional.of(GitHubPayloads.toItem(issue, connectionId));
    } catch (IntegrationException e) {
      if (e.category() == ErrorCategory.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private JsonNode current(String id) {
    Integer number = number(id);
    if (number == null) {
      throw notFound(id);
    }
    return issue(number);
  }

  /**
   * Reads an issue of this repository. GitHub answers {@code 301} for an issue that was
   * transferred to another repository, and for any issue of a repository that was renamed; only
   * the second is followed (it points to this repository's id): a transferred issue is gone from
   * this connection, never read from the other repository as if it were this one.
   */
  private JsonNode issue(int number) {
    try {
      return send(HttpCall.get(ISSUE).pathParams(with("number", number)).noRedirects().build());
    } catch (HttpException e) {
      return send(HttpCall.get(ISSUE).absoluteUrl(renamedAddress(number, e, 301, 308)).build());
    }
  }

  /**
   * Where a redirect of a call for issue {@code number} points, when it stays in this repository
   * (it was renamed); a redirect elsewhere means the issue was transferred, and anything else is
   * rethrown as it is.
   */
  private String renamedAddress(int number, HttpException e, int... followed) {
    String location = e.location().orElse(null);
    if (location == null || java.util.Arrays.stream(followed).noneMatch(status -> status == e.status())) {
      throw e;
    }
    if (!inThisRepository(location)) {
      throw transferred(number, e);
    }
    return location;
  }

  /** Whether a redirect points into this repository by id ({@code /repositories/{id}/…}), as after a rename. */
  private boolean inThisRepository(String location) {
    okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(location);
    if (url == null || url.pathSize() < 2 || !url.pathSegments().get(0).equals("repositories")) {
      return false;
    }
    return url.pathSegments().get(1).equals(repositoryId());
  }

  private volatile @Nullable String repositoryId;

  /** This repository's id, read once (a renamed repository's old name redirects to it). */
  private String repositoryId() {
    String id = repositoryId;
    if (id == null) {
      id = send(HttpCall.get("/repos/{owner}/{repo}").pathParams(repo).build()).path("id").asText();
      repositoryId = id;
    }
    return id;
  }

  private IntegrationException transferred(int number, HttpException moved) {
    return new IntegrationException(ErrorCategory.NOT_FOUND, connectionId, connectionId + ": issue #" + number
        + " was moved out of " + repo.get("owner") + "/" + repo.get("repo")
        + " (transferred to another repository); it is no longer part of this connection", moved);
  }

  // ---- writing ----

  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    ObjectNode payload = GitHubPayloads.writePayload(fields, connectionId);
    JsonNode state = payload.remove("state");
    JsonNode reason = payload.remove("state_reason");
    if (marker != null) {
      String body = payload.path("body").isTextual() ? payload.path("body").textValue() : null;
      payload.put("body", GitHubMarkers.withMarker(body, GitHubMarkers.checked(marker)));
    }
    JsonNode created = write(HttpCall.post(ISSUES, payload).pathParams(repo).build());
    if (state != null && "closed".equals(state.asText())) {
      // GitHub creates issues open; closing is a second write
      ObjectNode close = payload.objectNode().put("state", "closed");
      if (reason != null && reason.isTextual()) {
        close.set("state_reason", reason);
      }
      created = write(HttpCall.patch(ISSUE, close).pathParams(with("number", created.path("number").asInt()))
          .safeToRetry().build());
    }
    ExternalItem item = GitHubPayloads.toItem(created, connectionId);
    log.debug("{}: created issue {}", connectionId, item.key());
    return item;
  }

  /**
   * Patches the given fields. GitHub has no conditional update for issues: with an expected
   * version the issue is read first and a different {@code updated_at} fails with CONFLICT, which
   * narrows but cannot close the window for a concurrent edit.
   */
  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    ObjectNode payload = GitHubPayloads.writePayload(patch, connectionId);
    JsonNode current = null;
    if (expectedVersion != null || payload.has("body") || payload.isEmpty()) {
      current = current(id);
      String version = current.path("updated_at").asText();
      if (expectedVersion != null && !expectedVersion.equals(version)) {
        throw new IntegrationException(ErrorCategory.CONFLICT, connectionId,
            connectionId + ": issue #" + id + " changed since version " + expectedVersion + " (now " + version
                + "); reload it and apply the change again.", null);
      }
    }
    if (payload.isEmpty()) {
      return GitHubPayloads.toItem(current, connectionId);
    }
    if (payload.has("body") && current != null) {
      String marker = GitHubMarkers.find(current.path("body").asText(null)).orElse(null);
      String body = payload.path("body").isTextual() ? payload.path("body").textValue() : null;
      String kept = GitHubMarkers.withMarker(GitHubMarkers.strip(body), marker);
      if (kept == null) {
        payload.putNull("body");
      } else {
        payload.put("body", kept);
      }
    }
    return patch(id, payload);
  }

  private ExternalItem patch(String id, ObjectNode payload) {
    Integer number = number(id);
    if (number == null) {
      throw notFound(id);
    }
    // a PATCH sets absolute values, so repeating it has no further effect
    JsonNode updated;
    try {
      updated = write(HttpCall.patch(ISSUE, payload).pathParams(with("number", number)).safeToRetry().build());
    } catch (HttpException e) {
      // the repository was renamed: the same issue, at its address by id
      updated = write(HttpCall.patch(ISSUE, payload).absoluteUrl(renamedAddress(number, e, 301, 307, 308))
          .safeToRetry().build());
    }
    return GitHubPayloads.toItem(updated, connectionId);
  }

  /**
   * GitHub cannot delete issues through the API: the issue is closed as not planned and its body
   * gets the tombstone, so that this connector reports it deleted from then on (see
   * {@link GitHubMarkers}). An issue already gone counts as deleted.
   */
  @Override
  public void delete(String id) {
    JsonNode current;
    try {
      current = current(id);
    } catch (IntegrationException e) {
      if (e.category() == ErrorCategory.NOT_FOUND) {
        return;
      }
      throw e;
    }
    patch(id, payloadNode().put("state", "closed").put("state_reason", "not_planned")
        .put("body", GitHubMarkers.withTombstone(current.path("body").asText(null))));
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    GitHubStatuses.Target target = GitHubStatuses.resolve(targetStatus, connectionId);
    ObjectNode payload = payloadNode().put("state", target.state());
    if (target.reason() != null) {
      payload.put("state_reason", target.reason());
    }
    return patch(itemId, payload);
  }

  /**
   * From the issue's events: {@code renamed} stamps the title, {@code closed} and {@code reopened}
   * the state; both are as old as the issue when never changed. The REST API keeps no time of a
   * body edit: that is GraphQL's {@code lastEditedAt}, asked in one query ({@code /body} is left
   * out when the query fails, as on a server without GraphQL). A GET, one per hundred events, and
   * the query.
   */
  @Override
  public java.util.Map<String, Instant> fieldsChangedAt(String itemId) {
    Integer number = number(itemId);
    if (number == null) {
      throw notFound(itemId);
    }
    Instant created = get(itemId).map(ExternalItem::data)
        .map(issue -> parseTime(issue.path("created_at"), itemId)).orElseThrow(() -> notFound(itemId));
    java.util.Map<String, Instant> out = new java.util.LinkedHashMap<>();
    out.put("", created);
    out.put("/title", created);
    out.put("/state", created);
    try (Stream<JsonNode> all = list(HttpCall.get(EVENTS).pathParams(with("number", number)).query("per_page", 100)
        .build())) {
      all.forEach(event -> {
        String pointer = switch (event.path("event").asText()) {
          case "renamed" -> "/title";
          case "closed", "reopened" -> "/state";
          default -> null;
        };
        if (pointer != null) {
          out.merge(pointer, parseTime(event.path("created_at"), itemId), (x, y) -> x.isAfter(y) ? x : y);
        }
      });
    }
    bodyEditedAt(number, itemId).ifPresent(at -> out.put("/body", at.isBefore(created) ? created : at));
    if (!out.containsKey("/body")) {
      log.debug("{}: no body edit time for issue #{}", connectionId, number);
    }
    return out;
  }

  private static final String LAST_EDITED = "query($owner: String!, $name: String!, $number: Int!) "
      + "{ repository(owner: $owner, name: $name) { issue(number: $number) { lastEditedAt createdAt } } }";

  /** When the body was last edited (its creation when never), from GraphQL; empty when it cannot tell. */
  private Optional<Instant> bodyEditedAt(int number, String itemId) {
    ObjectNode query = payloadNode().put("query", LAST_EDITED);
    query.putObject("variables").put("owner", repo.get("owner")).put("name", repo.get("repo")).put("number", number);
    try {
      JsonNode issue = send(HttpCall.post("/graphql", query).safeToRetry().build()).path("data")
          .path("repository").path("issue");
      JsonNode edited = issue.path("lastEditedAt");
      if (edited.isTextual()) {
        return Optional.of(parseTime(edited, itemId));
      }
      return issue.path("createdAt").isTextual() ? Optional.of(parseTime(issue.path("createdAt"), itemId))
          : Optional.empty();
    } catch (IntegrationException e) {
      log.debug("{}: GraphQL could not tell when the body of #{} was edited: {}", connectionId, number, e.getMessage());
      return Optional.empty();
    }
  }

  private Instant parseTime(JsonNode text, String itemId) {
    try {
      return Instant.parse(text.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw GitHubPayloads.malformed(connectionId, "issue " + itemId + " with an unreadable time ('"
          + text.asText() + "')");
    }
  }

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    Integer number = number(itemId);
    if (number == null) {
      throw notFound(itemId);
    }
    HttpCall.Builder call = HttpCall.get(COMMENTS).pathParams(with("number", number)).query("per_page", 100);
    if (since != null) {
      call.query("since", since.truncatedTo(ChronoUnit.SECONDS).toString()); // GitHub: whole seconds
    }
    try (Stream<JsonNode> all = list(call.build())) {
      return all.map(c -> comment(c, itemId))
          .filter(c -> since == null || !c.updatedAt().isBefore(since))
          .sorted(Comparator.comparing(ExternalComment::createdAt))
          .toList();
    }
  }

  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    Integer number = number(itemId);
    if (number == null) {
      throw notFound(itemId);
    }
    JsonNode created = write(HttpCall.post(COMMENTS, payloadNode().put("body", markdownBody))
        .pathParams(with("number", number)).build());
    return comment(created, itemId);
  }

  private ExternalComment comment(JsonNode c, String itemId) {
    if (!c.path("id").canConvertToLong()) {
      throw GitHubPayloads.malformed(connectionId, "a comment without id");
    }
    try {
      Instant created = Instant.parse(c.path("created_at").asText());
      Instant updated = Instant.parse(c.path("updated_at").asText(c.path("created_at").asText()));
      JsonNode login = c.path("user").path("login");
      return new ExternalComment(c.path("id").asText(), itemId, login.isTextual() ? login.textValue() : null,
          c.path("body").asText(""), created, updated);
    } catch (java.time.format.DateTimeParseException e) {
      throw GitHubPayloads.malformed(connectionId, "a comment with a bad timestamp");
    }
  }

  /**
   * Sends a write after the write spacing. Calls the pipeline may not repeat (POSTs) are repeated
   * here only after a rate-limit answer, which GitHub gives before acting: then nothing was
   * created and sending again cannot duplicate.
   */
  private JsonNode write(HttpCall call) {
    for (int attempt = 1; ; attempt++) {
      spacer.awaitTurn();
      try {
        return send(call);
      } catch (HttpException e) {
        if (call.retryable() || e.category() != ErrorCategory.RATE_LIMITED
            || attempt >= httpSettings.maxAttempts()) {
          throw e;
        }
        Duration wait = e.retryAfter().orElse(SECONDARY_LIMIT_WAIT);
        if (wait.compareTo(httpSettings.maxRetryAfter()) > 0) {
          throw e;
        }
        log.info("{}: {} rate limited, trying again in {} s", connectionId, call, wait.toSeconds());
        WriteSpacer.sleep(sleeper, wait, connectionId);
      }
    }
  }

  // ---- markers ----

  /**
   * Looks for the marker among the most recently created issues first (consistent, and where a
   * create lost to a crash is), then through the search API, which also finds older issues but
   * indexes new ones with a delay. Either way the body must carry the exact marker comment.
   */
  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    String comment = GitHubMarkers.comment(GitHubMarkers.checked(marker));
    HttpCall recent = HttpCall.get(ISSUES).pathParams(repo).query("state", "all")
        .query("sort", "created").query("direction", "desc").query("per_page", Math.min(100, markerScanLimit))
        .build();
    Optional<JsonNode> found;
    try (Stream<JsonNode> issues = list(recent)) {
      found = issues.limit(markerScanLimit).filter(i -> carries(i, comment))
          .min(Comparator.comparingInt(i -> i.path("number").asInt()));
    }
    if (found.isEmpty()) {
      HttpCall search = HttpCall.get("/search/issues")
          .query("q", "repo:" + repo.get("owner") + "/" + repo.get("repo") + " is:issue in:body \""
              + GitHubMarkers.PREFIX + marker + "\"")
          .query("per_page", 100).build();
      JsonNode result = send(search);
      if (result.path("incomplete_results").asBoolean(false)) {
        log.warn("{}: GitHub search for a marker returned incomplete results", connectionId);
      }
      List<JsonNode> hits = new ArrayList<>();
      result.path("items").forEach(hits::add);
      found = hits.stream().filter(i -> carries(i, comment))
          .min(Comparator.comparingInt(i -> i.path("number").asInt()));
    }
    return found.map(i -> GitHubPayloads.toItem(i, connectionId));
  }

  private static boolean carries(JsonNode issue, String markerComment) {
    String body = issue.path("body").asText("");
    return !issue.has("pull_request") && body.contains(markerComment) && !GitHubMarkers.tombstoned(body);
  }

  // ---- health and webhooks ----

  @Override
  public ConnectorHealth health() {
    return GitHubHealth.check(http(), clock, connectionId);
  }

  @Override
  public Optional<WebhookHandler> webhooks() {
    return Optional.ofNullable(webhooks);
  }

  // ---- helpers ----

  private Map<String, Object> with(String name, Object value) {
    return Map.of("owner", repo.get("owner"), "repo", repo.get("repo"), name, value);
  }

  private ObjectNode payloadNode() {
    return http().json().createObjectNode();
  }

  private static @Nullable Integer number(String id) {
    String digits = id.startsWith("#") ? id.substring(1) : id;
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(digits);
  }

  private IntegrationException notFound(String id) {
    return new IntegrationException(ErrorCategory.NOT_FOUND, connectionId,
        connectionId + ": '" + id + "' is not a GitHub issue number of " + repo.get("owner") + "/"
            + repo.get("repo") + ".", null);
  }
}
