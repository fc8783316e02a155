package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Linear's GraphQL API in memory, for one team ({@code ENG}) with Linear's default workflow
 * states (Backlog, Todo, In Progress, Done, Canceled). Every {@code POST /graphql} is parsed,
 * validated and executed by graphql-java against Linear's published schema, so a document that
 * names a field, argument or type the schema lacks, or passes a variable of the wrong type, is
 * refused with HTTP 400 and a {@code GRAPHQL_VALIDATION_FAILED} error, and answers have the
 * schema's shape. The fields it serves are listed in {@code FakeLinearData}; others answer null.
 *
 * <p>As Linear does: a personal API key is accepted as {@code Authorization: <key>} and an OAuth
 * token as {@code Authorization: Bearer <token>}; anything else is refused with 401 and an
 * {@code AUTHENTICATION_ERROR}. Every answer announces both budgets,
 * {@code X-RateLimit-Requests-Limit/Remaining/Reset} and {@code X-Complexity} with
 * {@code X-RateLimit-Complexity-Limit/Remaining/Reset} (resets in epoch milliseconds); a spent
 * budget answers 400 with an error of type {@code ratelimited}, code {@code RATELIMITED}.
 * {@code issues} pages with {@code first}/{@code after} and {@code pageInfo}, latest first by
 * {@code orderBy} ({@code createdAt} by default, or {@code updatedAt}), and filters by
 * {@code updatedAt: { gte: ... }} among others. {@link #webhook} builds deliveries signed as
 * Linear signs them: {@code Linear-Signature} is the hex HMAC-SHA256 of the raw body, the body
 * carries {@code webhookTimestamp} in epoch milliseconds, {@code Linear-Delivery} names the
 * delivery.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
 * try (FakeLinear linear = FakeLinear.start(clock)) {
 *   String id = linear.createIssue("Login fails");          // behind the connector's back
 *   LinearConnector.builder().baseUrl(linear.url()).team(linear.teamKey()).apiKey(linear.apiKey())...
 * }
 * }</pre>
 *
 * <p>It does not claim: labels, projects, cycles, attachments, subscriptions, filters beyond
 * {@code team}, {@code id}, {@code updatedAt}, {@code createdAt}, {@code and}, {@code or}, or
 * Linear's exact complexity scores (it charges 1 per object and 0.1 per scalar, times each
 * connection's {@code first}).
 */
public final class FakeLinear extends FakeServer {
  private static final String API_KEY = "lin_api_fakeLinearPersonalKey0123456789abcdef";
  private static final String ACCESS_TOKEN = "lin_oauth_fakeLinearAccessToken0123456789";

  private final FakeLinearData data;
  private final GraphQL graphQl;
  private int requestLimit = 5_000;
  private int complexityLimit = 3_000_000;
  private Duration window = Duration.ofHours(1);
  private Instant windowStart;
  private int requestsUsed;
  private long complexityUsed;
  private long deliveries;

  private FakeLinear(Clock clock) {
    super(clock);
    this.data = new FakeLinearData(clock);
    this.graphQl = GraphQL.newGraphQL(FakeLinearSchema.schema()).build();
    this.windowStart = clock.instant();
    route("POST", "/graphql", (server, request) -> ((FakeLinear) server).graphql(request));
  }

  /** Starts a fake Linear on a free loopback port; timestamps come from {@code clock}. */
  public static FakeLinear start(Clock clock) {
    FakeLinear linear = new FakeLinear(clock);
    linear.startServer();
    return linear;
  }

  /** Linear's published schema as graphql-java reads it, to validate documents against. */
  public static GraphQLSchema schema() {
    return FakeLinearSchema.schema();
  }

  // --- accessors for tests -------------------------------------------------------------------

  public String teamKey() {
    return data.teamKey();
  }

  public String teamId() {
    return data.teamId();
  }

  /** A personal API key, accepted as {@code Authorization: <key>}. */
  public String apiKey() {
    return API_KEY;
  }

  /** An OAuth access token, accepted as {@code Authorization: Bearer <token>}. */
  public String accessToken() {
    return ACCESS_TOKEN;
  }

  /** The id of the user the credentials belong to ({@code viewer}). */
  public String viewerId() {
    return data.bot.id();
  }

  /** Another assignable user. */
  public String otherUserId() {
    return data.other.id();
  }

  // --- behind the connector's back -----------------------------------------------------------

  /** Creates an issue in the team's default state as a person would; returns its id. */
  public synchronized String createIssue(String title) {
    return data.insert(null, title, data.defaultStateId).id;
  }

  /** Changes an issue's title as a person would, stamping a new {@code updatedAt}. */
  public synchronized void editTitle(String id, String title) {
    FakeLinearIssue issue = existing(id);
    issue.title = requireNonNull(title, "title");
    issue.touch(clock.instant());
  }

  /** Moves an issue to the team's state of that name as a person would. */
  public synchronized void moveTo(String id, String stateName) {
    FakeLinearIssue issue = existing(id);
    issue.stateId = data.states.stream().filter(s -> s.name().equals(stateName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no state " + stateName)).id();
    issue.touch(clock.instant());
  }

  /** Adds a comment as another user would; returns its id. */
  public synchronized String addComment(String issueId, String body) {
    return data.comment(existing(issueId).id, data.other.id(), body).id;
  }

  /** The issue as the {@code issue} query answers its fields, or empty. */
  public synchronized Optional<JsonNode> issueJson(String id) {
    FakeLinearIssue issue = data.issue(id);
    return issue == null ? Optional.empty() : Optional.of(JSON.valueToTree(issue.json(data)));
  }

  /** Ids of every issue, trashed ones included, in creation order. */
  public synchronized List<String> issueIds() {
    return List.copyOf(data.issues.keySet());
  }

  public synchronized int issueCount() {
    return data.issues.size();
  }

  /** Shrinks the budgets: {@code requests} calls and {@code complexity} points per {@code window}. */
  public synchronized void rateLimit(int requests, int complexity, Duration window) {
    this.requestLimit = requests;
    this.complexityLimit = complexity;
    this.window = requireNonNull(window, "window");
    this.windowStart = clock.instant();
    this.requestsUsed = 0;
    this.complexityUsed = 0;
  }

  /** A webhook delivery as Linear sends it. */
  public record Delivery(Map<String, List<String>> headers, byte[] body) {
    public Delivery {
      headers = Map.copyOf(headers);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * An {@code Issue} delivery ({@code action} create, update or remove) for the issue as it is
   * now, signed with {@code secret} and stamped with the clock's time.
   */
  public synchronized Delivery webhook(String action, String issueId, String secret) {
    FakeLinearIssue issue = existing(issueId);
    Map<String, Object> issueData = new LinkedHashMap<>(issue.json(data));
    issueData.remove("__typename");
    issueData.put("teamId", data.teamId());
    issueData.put("stateId", issue.stateId);
    issueData.put("assigneeId", issue.assigneeId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action);
    body.put("actor", Map.of("id", data.other.id(), "name", data.other.name(), "type", "user"));
    body.put("createdAt", FakeLinearIssue.TIMESTAMP.format(clock.instant()));
    body.put("data", issueData);
    body.put("url", issueData.get("url"));
    body.put("type", "Issue");
    body.put("organizationId", "3a5b7c9d-0000-4000-8000-00000000a11e");
    body.put("webhookTimestamp", clock.instant().toEpochMilli());
    body.put("webhookId", "7e1d0c3b-0000-4000-8000-0000000000e5");
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String delivery = new UUID(0x5e1d_0000_0000_4000L, 0x8000_0000_0000_0000L | ++deliveries).toString();
    return new Delivery(Map.of("Linear-Signature", List.of(sign(secret, bytes)), "Linear-Delivery", List.of(delivery),
        "Linear-Event", List.of("Issue"), "Content-Type", List.of("application/json; charset=utf-8"),
        "User-Agent", List.of("Linear-Webhook")), bytes);
  }

  /** The hex HMAC-SHA256 of {@code body} with {@code secret}, as {@code Linear-Signature} carries it. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private FakeLinearIssue existing(String id) {
    FakeLinearIssue issue = data.issue(requireNonNull(id, "id"));
    if (issue == null) {
      throw new IllegalArgumentException("no issue " + id);
    }
    return issue;
  }

  // --- the API -------------------------------------------------------------------------------

  private Response graphql(Request request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (IOException e) {
      return error(400, "Request body is not JSON", "graphql error", "BAD_REQUEST");
    }
    String query = body.path("query").asText("");
    if (query.isBlank()) {
      return error(400, "Must provide query string.", "graphql error", "BAD_REQUEST");
    }
    Map<String, Object> variables = body.path("variables").isObject()
        ? JSON.convertValue(body.path("variables"), new TypeReference<Map<String, Object>>() {}) : Map.of();
    long cost = FakeLinearComplexity.of(query, variables);
    if (cost > 10_000) {
      return budget(error(400, "Query too complex: " + cost + " points, at most 10000", "invalid input",
          "INPUT_ERROR"), cost);
    }
    complexityUsed += cost;
    if (complexityUsed > complexityLimit) {
      return budget(error(400, "Rate limit exceeded: complexity", "ratelimited", "RATELIMITED"), cost);
    }
    ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(query).variables(variables)
        .graphQLContext(Map.of(FakeLinearSchema.DATA, data));
    if (body.path("operationName").isTextual()) {
      input.operationName(body.path("operationName").asText());
    }
    ExecutionResult result = graphQl.execute(input.build());
    boolean refused = result.getErrors().stream().anyMatch(FakeLinear::requestError);
    Map<String, Object> answer = new LinkedHashMap<>();
    if (refused) {
      answer.put("errors", result.getErrors().stream().map(FakeLinear::validationError).toList());
      return budget(Response.json(400, answer), cost);
    }
    if (!result.getErrors().isEmpty()) {
      answer.put("errors", result.getErrors().stream().map(GraphQLError::toSpecification).toList());
    }
    answer.put("data", result.getData());
    return budget(Response.json(200, answer), cost);
  }

  /** A refusal before execution: the document does not parse or does not validate against the schema. */
  private static boolean requestError(GraphQLError e) {
    return e.getErrorType() == ErrorType.InvalidSyntax || e.getErrorType() == ErrorType.ValidationError;
  }

  private static Map<String, Object> validationError(GraphQLError e) {
    Map<String, Object> out = new LinkedHashMap<>(e.toSpecification());
    out.put("extensions", Map.of("type", "graphql error", "code",
        e.getErrorType() == ErrorType.InvalidSyntax ? "GRAPHQL_PARSE_FAILED" : "GRAPHQL_VALIDATION_FAILED",
        "userError", true));
    return out;
  }

  private Response budget(Response response, long cost) {
    Instant reset = windowStart.plus(window);
    return response
        .withHeader("X-RateLimit-Requests-Limit", Integer.toString(requestLimit))
        .withHeader("X-RateLimit-Requests-Remaining", Long.toString(Math.max(0, requestLimit - requestsUsed)))
        .withHeader("X-RateLimit-Requests-Reset", Long.toString(reset.toEpochMilli()))
        .withHeader("X-Complexity", Long.toString(cost))
        .withHeader("X-RateLimit-Complexity-Limit", Integer.toString(complexityLimit))
        .withHeader("X-RateLimit-Complexity-Remaining", Long.toString(Math.max(0, complexityLimit - complexityUsed)))
        .withHeader("X-RateLimit-Complexity-Reset", Long.toString(reset.toEpochMilli()));
  }

  private static Response error(int status, String message, String type, String code) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("type", type);
    extensions.put("code", code);
    extensions.put("userPresentableMessage", message);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("extensions", extensions);
    return Response.json(status, Map.of("errors", List.of(error)));
  }

  @Override
  protected Response errorResponse(int status, String message) {
    return switch (status) {
      case 400 -> error(400, message, "invalid input", "INPUT_ERROR");
      case 401 -> error(401, message, "authentication error", "AUTHENTICATION_ERROR");
      case 403 -> error(403, message, "forbidden", "FORBIDDEN");
      case 404 -> error(404, message, "graphql error", "NOT_FOUND");
      case 429 -> error(429, message, "ratelimited", "RATELIMITED");
      default -> error(status, message, "internal error", "INTERNAL_SERVER_ERROR");
    };
  }

  @Override
  protected synchronized @Nullable Response authenticate(Request request, String route) {
    String authorization = request.header("Authorization");
    if (authorization == null || !(authorization.equals(API_KEY) || authorization.equals("Bearer " + ACCESS_TOKEN))) {
      return error(401, "Authentication required, not authenticated", "authentication error", "AUTHENTICATION_ERROR");
    }
    Instant now = clock.instant();
    if (!now.isBefore(windowStart.plus(window))) {
      windowStart = now;
      requestsUsed = 0;
      complexityUsed = 0;
    }
    requestsUsed++;
    if (requestsUsed > requestLimit) {
      return budget(error(400, "Rate limit exceeded", "ratelimited", "RATELIMITED"), 0);
    }
    return null;
  }
}
