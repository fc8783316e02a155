package dev.integrationagent.testkit;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The workspace behind {@link FakeLinear} — one team ({@code ENG}) with Linear's default workflow
 * states, two users, issues and comments — and the resolvers of the GraphQL fields the fake
 * serves: {@code viewer}, {@code teams} (filter on {@code key}/{@code id}) with
 * {@code Team.states}, {@code issues} ({@code first}/{@code after}, {@code orderBy},
 * {@code includeArchived}, and an {@code IssueFilter} subset: {@code team}, {@code id},
 * {@code updatedAt}, {@code createdAt}, {@code and}/{@code or}), {@code issue},
 * {@code Issue.comments}, {@code issueCreate}, {@code issueUpdate}, {@code issueDelete},
 * {@code commentCreate}, {@code commentUpdate}. Errors are Linear's: {@code "Entity not found"}
 * and argument validation as {@code extensions.type: "invalid input"}.
 */
final class FakeLinearData {
  static final String ORGANIZATION = "acme";
  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Set<String> SERVED = Set.of(
      "Query.viewer", "Query.teams", "Query.issues", "Query.issue", "Team.states", "Issue.comments",
      "Mutation.issueCreate", "Mutation.issueUpdate", "Mutation.issueDelete", "Mutation.commentCreate",
      "Mutation.commentUpdate");

  record State(String id, String name, String type, double position, String color) {}

  record User(String id, String name, String email) {}

  static final class Comment {
    final String id;
    final String issueId;
    final String userId;
    final Instant createdAt;
    String body;
    Instant updatedAt;
    @Nullable Instant editedAt;

    Comment(String id, String issueId, String userId, String body, Instant now) {
      this.id = id;
      this.issueId = issueId;
      this.userId = userId;
      this.body = body;
      this.createdAt = now;
      this.updatedAt = now;
    }
  }

  private final Clock clock;
  private final String teamId = "9cfb482a-81e3-4154-b5b9-2c805e70a02d";
  private final String teamKey = "ENG";
  final List<State> states = List.of(
      new State("0f7a4c06-57c4-4fa5-8d3e-2b1f5c6d7e01", "Backlog", "backlog", 0, "#bec2c8"),
      new State("0f7a4c06-57c4-4fa5-8d3e-2b1f5c6d7e02", "Todo", "unstarted", 1, "#e2e2e2"),
      new State("0f7a4c06-57c4-4fa5-8d3e-2b1f5c6d7e03", "In Progress", "started", 2, "#f2c94c"),
      new State("0f7a4c06-57c4-4fa5-8d3e-2b1f5c6d7e04", "Done", "completed", 3, "#5e6ad2"),
      new State("0f7a4c06-57c4-4fa5-8d3e-2b1f5c6d7e05", "Canceled", "canceled", 4, "#95a2b3"));
  final User bot = new User("5d6b3c2a-1e0f-4a9b-8c7d-6e5f4a3b2c10", "Integration Bot", "bot@acme.example");
  final User other = new User("5d6b3c2a-1e0f-4a9b-8c7d-6e5f4a3b2c11", "Dana Developer", "dana@acme.example");
  final Map<String, FakeLinearIssue> issues = new LinkedHashMap<>();
  final Map<String, Comment> comments = new LinkedHashMap<>();
  private long sequence = 1;
  private long lastSyncId = 1000;
  private int nextNumber = 1;
  /** The state new issues get when the create names none: the team's default, {@code Todo}. */
  String defaultStateId = states.get(1).id();

  FakeLinearData(Clock clock) {
    this.clock = clock;
  }

  static boolean serves(String type, String field) {
    return SERVED.contains(type + "." + field);
  }

  String teamKey() {
    return teamKey;
  }

  String teamId() {
    return teamId;
  }

  Instant now() {
    return clock.instant();
  }

  // --- JSON of the nested objects ------------------------------------------------------------

  Map<String, Object> teamJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("__typename", "Team");
    out.put("id", teamId);
    out.put("key", teamKey);
    out.put("name", "Engineering");
    return out;
  }

  Map<String, Object> stateJson(String id) {
    State s = states.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("__typename", "WorkflowState");
    out.put("id", s.id());
    out.put("name", s.name());
    out.put("type", s.type());
    out.put("position", s.position());
    out.put("color", s.color());
    return out;
  }

  @Nullable Map<String, Object> userJson(String id) {
    for (User u : List.of(bot, other)) {
      if (u.id().equals(id)) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("__typename", "User");
        out.put("id", u.id());
        out.put("name", u.name());
        out.put("displayName", u.name().split(" ")[0].toLowerCase(java.util.Locale.ROOT));
        out.put("email", u.email());
        return out;
      }
    }
    return null;
  }

  Map<String, Object> commentJson(Comment c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("__typename", "Comment");
    out.put("id", c.id);
    out.put("body", c.body);
    out.put("issueId", c.issueId);
    out.put("createdAt", FakeLinearIssue.TIMESTAMP.format(c.createdAt));
    out.put("updatedAt", FakeLinearIssue.TIMESTAMP.format(c.updatedAt));
    out.put("editedAt", c.editedAt == null ? null : FakeLinearIssue.TIMESTAMP.format(c.editedAt));
    out.put("user", userJson(c.userId));
    return out;
  }

  // --- writes behind the connector's back and through the API --------------------------------

  FakeLinearIssue insert(@Nullable String id, String title, String stateId) {
    String issueId = id != null ? id : newId();
    FakeLinearIssue issue = new FakeLinearIssue(issueId, nextNumber++, title, stateId, now());
    issues.put(issueId, issue);
    lastSyncId++;
    return issue;
  }

  Comment comment(String issueId, String userId, String body) {
    Comment c = new Comment(newId(), issueId, userId, body, now());
    comments.put(c.id, c);
    lastSyncId++;
    return c;
  }

  private String newId() {
    long n = sequence++;
    return new UUID(0x1ea2_0000_0000_4000L | (n << 16 & 0xFFFF_0000L), 0x8000_0000_0000_0000L | n).toString();
  }

  @Nullable FakeLinearIssue issue(String idOrIdentifier) {
    FakeLinearIssue byId = issues.get(idOrIdentifier);
    if (byId != null) {
      return byId;
    }
    return issues.values().stream().filter(i -> (teamKey + "-" + i.number).equals(idOrIdentifier)).findFirst()
        .orElse(null);
  }

  // --- resolvers -----------------------------------------------------------------------------

  Object fetch(String type, String field, DataFetchingEnvironment env) {
    return switch (type + "." + field) {
      case "Query.viewer" -> userJson(bot.id());
      case "Query.teams" -> teams(env);
      case "Team.states" -> connection(states.stream().map(s -> stateJson(s.id())).toList(), env);
      case "Query.issues" -> issues(env);
      case "Query.issue" -> issueById(env);
      case "Issue.comments" -> issueComments(env);
      case "Mutation.issueCreate" -> issueCreate(env);
      case "Mutation.issueUpdate" -> issueUpdate(env);
      case "Mutation.issueDelete" -> issueDelete(env);
      case "Mutation.commentCreate" -> commentCreate(env);
      case "Mutation.commentUpdate" -> commentUpdate(env);
      default -> throw new IllegalStateException("FakeLinear does not serve " + type + "." + field);
    };
  }

  private Object teams(DataFetchingEnvironment env) {
    Map<String, Object> filter = map(env.getArgument("filter"));
    boolean match = true;
    if (filter.containsKey("key")) {
      match = comparator(map(filter.get("key")), teamKey);
    }
    if (filter.containsKey("id")) {
      match &= comparator(map(filter.get("id")), teamId);
    }
    return connection(match ? List.of(teamJson()) : List.of(), env);
  }

  private Object issues(DataFetchingEnvironment env) {
    Map<String, Object> filter = map(env.getArgument("filter"));
    boolean archived = Boolean.TRUE.equals(env.getArgument("includeArchived"));
    String orderBy = env.getArgumentOrDefault("orderBy", "createdAt");
    Comparator<FakeLinearIssue> order = "updatedAt".equals(orderBy)
        ? Comparator.comparing((FakeLinearIssue i) -> i.updatedAt) : Comparator.comparing((FakeLinearIssue i) -> i.createdAt);
    // Linear lists the latest first
    List<Map<String, Object>> nodes = issues.values().stream()
        .filter(i -> archived || i.archivedAt == null)
        .filter(i -> matches(i, filter))
        .sorted(order.thenComparing(i -> i.id).reversed())
        .map(i -> i.json(this)).toList();
    return connection(nodes, env);
  }

  private boolean matches(FakeLinearIssue issue, Map<String, Object> filter) {
    for (Map.Entry<String, Object> clause : filter.entrySet()) {
      Map<String, Object> value = map(clause.getValue());
      boolean ok = switch (clause.getKey()) {
        case "team" -> (!value.containsKey("id") || comparator(map(value.get("id")), teamId))
            && (!value.containsKey("key") || comparator(map(value.get("key")), teamKey));
        case "id" -> comparator(value, issue.id);
        case "updatedAt" -> dates(value, issue.updatedAt);
        case "createdAt" -> dates(value, issue.createdAt);
        case "and" -> list(clause.getValue()).stream().allMatch(f -> matches(issue, map(f)));
        case "or" -> list(clause.getValue()).stream().anyMatch(f -> matches(issue, map(f)));
        default -> throw new IllegalArgumentException("FakeLinear does not filter issues by " + clause.getKey());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private boolean comparator(Map<String, Object> c, String actual) {
    return (!c.containsKey("eq") || actual.equals(c.get("eq")))
        && (!c.containsKey("neq") || !actual.equals(c.get("neq")))
        && (!c.containsKey("in") || list(c.get("in")).contains(actual));
  }

  private boolean dates(Map<String, Object> c, Instant actual) {
    for (Map.Entry<String, Object> e : c.entrySet()) {
      Instant bound = dateOrDuration(String.valueOf(e.getValue()));
      boolean ok = switch (e.getKey()) {
        case "gte" -> !actual.isBefore(bound);
        case "gt" -> actual.isAfter(bound);
        case "lte" -> !actual.isAfter(bound);
        case "lt" -> actual.isBefore(bound);
        case "eq" -> actual.equals(bound);
        default -> throw new IllegalArgumentException("FakeLinear does not compare dates by " + e.getKey());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code DateTimeOrDuration}: an ISO-8601 instant, or a duration from now ({@code -P2W}, {@code -PT1H}). */
  private Instant dateOrDuration(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notInstant) {
      return now().plus(Duration.parse(value));
    }
  }

  private Object issueById(DataFetchingEnvironment env) {
    FakeLinearIssue issue = issue(env.getArgument("id"));
    return issue == null ? notFound(env, "Issue") : issue.json(this);
  }

  private Object issueComments(DataFetchingEnvironment env) {
    Object source = env.getSource();
    String issueId = String.valueOf(map(source).get("id"));
    List<Map<String, Object>> nodes = comments.values().stream().filter(c -> c.issueId.equals(issueId))
        .sorted(Comparator.comparing((Comment c) -> c.createdAt).thenComparing(c -> c.id))
        .map(this::commentJson).toList();
    return connection(nodes, env);
  }

  private Object issueCreate(DataFetchingEnvironment env) {
    Map<String, Object> input = map(env.getArgument("input"));
    if (!teamId.equals(input.get("teamId"))) {
      return invalid(env, "teamId: no team with this id in the workspace");
    }
    Object id = input.get("id");
    if (id != null && !UUID_V4.matcher(id.toString()).matches()) {
      return invalid(env, "id must be a UUID v4");
    }
    if (id != null && issues.containsKey(id.toString())) {
      return invalid(env, "an issue with this id exists already");
    }
    String title = input.get("title") == null ? "" : input.get("title").toString();
    if (title.isBlank()) {
      return invalid(env, "title should not be empty");
    }
    String problem = problem(input);
    if (problem != null) {
      return invalid(env, problem);
    }
    FakeLinearIssue issue = insert(id == null ? null : id.toString(), title,
        input.get("stateId") != null ? input.get("stateId").toString() : defaultStateId);
    apply(issue, input);
    return payload(issue);
  }

  private Object issueUpdate(DataFetchingEnvironment env) {
    FakeLinearIssue issue = issue(env.getArgument("id"));
    if (issue == null || issue.trashed) {
      return notFound(env, "Issue");
    }
    Map<String, Object> input = map(env.getArgument("input"));
    if (input.containsKey("title") && (input.get("title") == null || input.get("title").toString().isBlank())) {
      return invalid(env, "title should not be empty");
    }
    String problem = problem(input);
    if (problem != null) {
      return invalid(env, problem);
    }
    apply(issue, input);
    issue.touch(now());
    lastSyncId++;
    return payload(issue);
  }

  private Object issueDelete(DataFetchingEnvironment env) {
    FakeLinearIssue issue = issue(env.getArgument("id"));
    if (issue == null || issue.trashed) {
      return notFound(env, "Issue");
    }
    issue.trashed = true;
    issue.archivedAt = now();
    issue.touch(now());
    lastSyncId++;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("lastSyncId", (double) lastSyncId);
    out.put("entity", issue.json(this));
    return out;
  }

  private Object commentCreate(DataFetchingEnvironment env) {
    Map<String, Object> input = map(env.getArgument("input"));
    FakeLinearIssue issue = input.get("issueId") == null ? null : issue(input.get("issueId").toString());
    if (issue == null || issue.trashed) {
      return notFound(env, "Issue");
    }
    String body = input.get("body") == null ? "" : input.get("body").toString();
    if (body.isBlank()) {
      return invalid(env, "body should not be empty");
    }
    return commentPayload(comment(issue.id, bot.id(), body));
  }

  private Object commentUpdate(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    Comment c = comments.get(id);
    if (c == null) {
      return notFound(env, "Comment");
    }
    Map<String, Object> input = map(env.getArgument("input"));
    if (input.get("body") != null) {
      c.body = input.get("body").toString();
    }
    c.updatedAt = now();
    c.editedAt = now();
    lastSyncId++;
    return commentPayload(c);
  }

  private @Nullable String problem(Map<String, Object> input) {
    if (input.containsKey("priority")) {
      Object p = input.get("priority");
      if (!(p instanceof Number n) || n.intValue() < 0 || n.intValue() > 4) {
        return "priority must be an integer from 0 to 4";
      }
    }
    if (input.get("stateId") != null && states.stream().noneMatch(s -> s.id().equals(input.get("stateId")))) {
      return "stateId: no workflow state with this id in team " + teamKey;
    }
    if (input.get("assigneeId") != null && userJson(input.get("assigneeId").toString()) == null) {
      return "assigneeId: no user with this id";
    }
    if (input.get("dueDate") != null) {
      try {
        LocalDate.parse(input.get("dueDate").toString());
      } catch (DateTimeParseException e) {
        return "dueDate must be a date (YYYY-MM-DD)";
      }
    }
    return null;
  }

  private static void apply(FakeLinearIssue issue, Map<String, Object> input) {
    if (input.containsKey("title")) {
      issue.title = input.get("title").toString();
    }
    if (input.containsKey("description")) {
      issue.description = input.get("description") == null ? null : input.get("description").toString();
    }
    if (input.containsKey("priority")) {
      issue.priority = ((Number) input.get("priority")).intValue();
    }
    if (input.containsKey("dueDate")) {
      issue.dueDate = input.get("dueDate") == null ? null : input.get("dueDate").toString();
    }
    if (input.containsKey("estimate")) {
      issue.estimate = input.get("estimate") == null ? null : ((Number) input.get("estimate")).doubleValue();
    }
    if (input.get("stateId") != null) {
      issue.stateId = input.get("stateId").toString();
    }
    if (input.containsKey("assigneeId")) {
      issue.assigneeId = input.get("assigneeId") == null ? null : input.get("assigneeId").toString();
    }
  }

  private Map<String, Object> payload(FakeLinearIssue issue) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("lastSyncId", (double) lastSyncId);
    out.put("issue", issue.json(this));
    return out;
  }

  private Map<String, Object> commentPayload(Comment c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("lastSyncId", (double) lastSyncId);
    out.put("comment", commentJson(c));
    return out;
  }

  /** Relay pagination as Linear does it: {@code first} (default 50, at most 250) after an opaque cursor. */
  private Object connection(List<Map<String, Object>> all, DataFetchingEnvironment env) {
    Object firstArg = env.getArgument("first");
    int first = firstArg == null ? 50 : ((Number) firstArg).intValue();
    if (first < 0 || first > 250) {
      return invalid(env, "first must be between 0 and 250");
    }
    String after = env.getArgument("after");
    int start = 0;
    if (after != null) {
      String id = cursorId(after);
      start = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).get("id").equals(id)) {
          start = i + 1;
        }
      }
      if (start < 0) {
        return invalid(env, "after: not a cursor of this connection");
      }
    }
    List<Map<String, Object>> nodes = all.subList(Math.min(start, all.size()), Math.min(start + first, all.size()));
    List<Map<String, Object>> edges = new ArrayList<>();
    for (Map<String, Object> node : nodes) {
      edges.add(Map.of("node", node, "cursor", cursor(node.get("id").toString())));
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", start + nodes.size() < all.size());
    pageInfo.put("hasPreviousPage", start > 0);
    pageInfo.put("startCursor", nodes.isEmpty() ? null : cursor(nodes.get(0).get("id").toString()));
    pageInfo.put("endCursor", nodes.isEmpty() ? null : cursor(nodes.get(nodes.size() - 1).get("id").toString()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", nodes);
    out.put("edges", edges);
    out.put("pageInfo", pageInfo);
    return out;
  }

  private static String cursor(String id) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("node:" + id).getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  private static @Nullable String cursorId(String cursor) {
    try {
      String decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
      return decoded.startsWith("node:") ? decoded.substring(5) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static DataFetcherResult<Object> notFound(DataFetchingEnvironment env, String entity) {
    return error(env, "Entity not found: " + entity, "invalid input", "INPUT_ERROR",
        "Could not find referenced " + entity + ".");
  }

  private static DataFetcherResult<Object> invalid(DataFetchingEnvironment env, String message) {
    return error(env, "Argument Validation Error", "invalid input", "INPUT_ERROR", message);
  }

  private static DataFetcherResult<Object> error(DataFetchingEnvironment env, String message, String type, String code,
      String presentable) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("type", type);
    extensions.put("code", code);
    extensions.put("userError", true);
    extensions.put("userPresentableMessage", presentable);
    return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env).message(message)
        .extensions(extensions).build()).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(@Nullable Object value) {
    return value instanceof List<?> l ? l : List.of();
  }
}
