package dev.integrationagent.connectors.linear;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthStrategy;
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
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Pagination;
import dev.integrationagent.http.RestConnectorSupport;
import dev.integrationagent.http.Sleeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Linear connection on the HTTP pipeline: every call is a {@code POST /graphql} of one of
 * {@link LinearQueries}' documents. Thread-safe; the team (id and workflow states) is read once
 * and shared.
 */
final class LinearSession extends RestConnectorSupport implements ConnectorSession {
  static final HttpSettings DEFAULTS = HttpSettings.custom().maxConcurrentCalls(4).build();
  /** Linear's documented page size limit is 250; 100 keeps each query's complexity modest. */
  private static final int LINEAR_PAGE = 100;
  private static final Instant BEGINNING = Instant.EPOCH;
  private static final Logger log = LoggerFactory.getLogger(LinearSession.class);

  record Config(String baseUrl, String team, AuthStrategy auth, HttpSettings settings, @Nullable String webhookSecret) {}

  private final ConnectorContext context;
  private final Config config;
  private final String connectionId;
  private final @Nullable LinearWebhooks webhooks;
  private volatile @Nullable LinearTeam team;

  LinearSession(ConnectorContext context, Config config) {
    // the REST pagination helpers go unused: GraphQL pages travel in the documents' variables
    super(build(context, config), Pagination.cursor("endCursor", "after", "nodes"));
    this.context = context;
    this.config = config;
    this.connectionId = context.connectionId();
    this.webhooks = config.webhookSecret() == null ? null
        : new LinearWebhooks(connectionId, config.webhookSecret(), context.clock(), context.json(), () -> team().id());
  }

  private static HttpPipeline build(ConnectorContext context, Config config) {
    HttpPipeline.Builder builder = pipeline(context, config.baseUrl(), config.auth(), config.settings()).graphQl();
    if (config.webhookSecret() != null) {
      builder.secret(config.webhookSecret());
    }
    context.service(Sleeper.class).ifPresent(builder::sleeper);
    context.service(RandomGenerator.class).ifPresent(builder::random);
    return builder.build();
  }

  // --- listing -------------------------------------------------------------------------------

  /**
   * Reads every issue of the team changed at or after the cursor's instant, page by page, sorts
   * them oldest change first (ties by id) and hands out {@code pageSize} of those the cursor does
   * not cover. Linear pages newest first, so the oldest changes come last: the whole window is
   * read each time, and what is not handed out is read again by the next call (an item changed
   * meanwhile moves to a later instant, where that call finds it).
   */
  @Override
  public ChangePage changes(Cursor cursor, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
    }
    LinearCursor at = LinearCursor.decode(cursor, connectionId);
    Instant since = at.at() == null ? BEGINNING : at.at();
    List<ExternalItem> window = new ArrayList<>();
    List<ChangePage.Rejected> rejected = new ArrayList<>();
    String after = null;
    do {
      ObjectNode variables = context.json().createObjectNode()
          .put("teamId", team().id()).put("since", since.toString()).put("first", LINEAR_PAGE);
      if (after != null) {
        variables.put("after", after);
      }
      JsonNode issues = query(LinearQueries.ISSUES_CHANGED, variables).path("data").path("issues");
      JsonNode nodes = issues.path("nodes");
      if (!nodes.isArray()) {
        throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId
            + ": Linear answered the issues query without 'nodes'; the listing stops here and its cursor is kept", null);
      }
      for (JsonNode node : nodes) {
        try {
          window.add(LinearJson.item(node, connectionId));
        } catch (IntegrationException e) {
          String id = node.path("id").asText("");
          if (!id.isEmpty()) {
            rejected.add(new ChangePage.Rejected(id, e.getMessage()));
          }
        }
      }
      JsonNode pageInfo = issues.path("pageInfo");
      after = pageInfo.path("hasNextPage").asBoolean(false) ? pageInfo.path("endCursor").asText(null) : null;
    } while (after != null);
    window.sort(Comparator.comparing(ExternalItem::updatedAt).thenComparing(ExternalItem::id));
    List<ExternalItem> items = new ArrayList<>();
    LinearCursor next = at;
    boolean more = false;
    Set<String> listed = new java.util.HashSet<>();
    for (ExternalItem item : window) {
      if (at.covers(item.id(), item.updatedAt()) || !listed.add(item.id())) {
        continue;
      }
      if (items.size() == pageSize) {
        more = true;
        break;
      }
      items.add(item);
      next = next.after(item.id(), item.updatedAt());
    }
    log.debug("{}: listed {} changed Linear issues of {} read (more: {})", connectionId, items.size(), window.size(),
        more);
    return new ChangePage(items, next.encode(), more, rejected);
  }

  // --- items ---------------------------------------------------------------------------------

  @Override
  public Optional<ExternalItem> get(String id) {
    requireId(id);
    try {
      JsonNode issue = query(LinearQueries.ISSUE, variables().put("id", id)).path("data").path("issue");
      if (!issue.isObject()) {
        return Optional.empty();
      }
      ExternalItem item = LinearJson.item(issue, connectionId);
      return item.deleted() ? Optional.empty() : Optional.of(item);
    } catch (IntegrationException e) {
      if (e.category() == ErrorCategory.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * {@code issueCreate} in the connection's team, with the state asked for and, given a marker,
   * the issue id derived from it ({@link LinearMarkers}): such a create is safe to repeat, and
   * one refused because the id exists already (its first attempt's answer was lost) answers the
   * issue that attempt made.
   */
  @Override
  public ExternalItem create(JsonNode fields, @Nullable String marker) {
    requireNonNull(fields, "fields");
    ObjectNode input = LinearJson.input(fields);
    input.put("teamId", team().id());
    stateId(fields).ifPresent(s -> input.put("stateId", s));
    String id = marker == null ? null : LinearMarkers.issueId(marker);
    if (id != null) {
      input.put("id", id);
    }
    ObjectNode variables = variables();
    variables.set("input", input);
    try {
      return written(mutate(LinearQueries.ISSUE_CREATE, variables, id != null), "issueCreate");
    } catch (IntegrationException e) {
      if (id != null && (e.category() == ErrorCategory.VALIDATION || e.category() == ErrorCategory.CONFLICT)) {
        Optional<ExternalItem> made = get(id);
        if (made.isPresent()) {
          return made.get();
        }
      }
      throw e;
    }
  }

  /**
   * {@code issueUpdate} with the given fields and, when {@code state} is among them, the state's
   * id. Linear has no conditional update: {@code expectedVersion} is not checked, and the
   * connector does not claim {@code OPTIMISTIC_LOCKING}.
   */
  @Override
  public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
    requireId(id);
    requireNonNull(patch, "patch");
    ObjectNode input = LinearJson.input(patch);
    stateId(patch).ifPresent(s -> input.put("stateId", s));
    return updateWith(id, input);
  }

  private ExternalItem updateWith(String id, ObjectNode input) {
    ObjectNode variables = variables().put("id", id);
    variables.set("input", input);
    // setting fields to values is idempotent, so a lost answer may be asked again
    return written(mutate(LinearQueries.ISSUE_UPDATE, variables, true), "issueUpdate");
  }

  @Override
  public Optional<ExternalItem> findByMarker(String marker) {
    return get(LinearMarkers.issueId(requireNonNull(marker, "marker")));
  }

  /** {@code issueDelete}: the issue goes to the trash; the listing then reports it deleted. */
  @Override
  public void delete(String id) {
    requireId(id);
    mutate(LinearQueries.ISSUE_DELETE, variables().put("id", id), true);
  }

  @Override
  public ExternalItem transition(String itemId, String targetStatus) {
    requireId(itemId);
    if (requireNonNull(targetStatus, "targetStatus").isBlank()) {
      throw new IllegalArgumentException("targetStatus is blank: '" + targetStatus + "'");
    }
    LinearTeam t = team();
    LinearTeam.State state = t.state(targetStatus, targetStatus)
        .orElseThrow(() -> t.unknownState(targetStatus, "", connectionId));
    return updateWith(itemId, variables().put("stateId", state.id()));
  }

  private Optional<String> stateId(JsonNode fields) {
    JsonNode state = LinearJson.state(fields);
    if (state == null) {
      return Optional.empty();
    }
    String name = state.path("name").asText("");
    String type = state.path("type").asText("");
    if (name.isEmpty() && type.isEmpty()) {
      return Optional.empty();
    }
    LinearTeam t = team();
    return Optional.of(t.state(name, type).orElseThrow(() -> t.unknownState(name, type, connectionId)).id());
  }

  private ExternalItem written(JsonNode answer, String mutation) {
    JsonNode issue = answer.path("data").path(mutation).path("issue");
    if (!issue.isObject()) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId,
          connectionId + ": Linear answered " + mutation + " without the issue", null);
    }
    return LinearJson.item(issue, connectionId);
  }

  // --- comments ------------------------------------------------------------------------------

  @Override
  public List<ExternalComment> comments(String itemId, @Nullable Instant since) {
    requireId(itemId);
    List<ExternalComment> out = new ArrayList<>();
    String after = null;
    do {
      ObjectNode variables = variables().put("id", itemId).put("first", LINEAR_PAGE);
      if (after != null) {
        variables.put("after", after);
      }
      JsonNode issue = query(LinearQueries.COMMENTS, variables).path("data").path("issue");
      if (!issue.isObject()) {
        throw new IntegrationException(ErrorCategory.NOT_FOUND, connectionId,
            connectionId + ": Linear has no issue " + itemId, null);
      }
      JsonNode comments = issue.path("comments");
      for (JsonNode c : comments.path("nodes")) {
        ExternalComment comment = LinearJson.comment(c, itemId, connectionId);
        if (since == null || !comment.updatedAt().isBefore(since)) {
          out.add(comment);
        }
      }
      JsonNode pageInfo = comments.path("pageInfo");
      after = pageInfo.path("hasNextPage").asBoolean(false) ? pageInfo.path("endCursor").asText(null) : null;
    } while (after != null);
    out.sort(Comparator.comparing(ExternalComment::createdAt).thenComparing(ExternalComment::id));
    return List.copyOf(out);
  }

  @Override
  public ExternalComment addComment(String itemId, String markdownBody) {
    requireId(itemId);
    ObjectNode variables = variables();
    variables.putObject("input").put("issueId", itemId).put("body", requireNonNull(markdownBody, "markdownBody"));
    JsonNode comment = mutate(LinearQueries.COMMENT_CREATE, variables, false).path("data").path("commentCreate")
        .path("comment");
    return LinearJson.comment(comment, itemId, connectionId);
  }

  @Override
  public ExternalComment updateComment(String itemId, String commentId, String markdownBody) {
    requireId(itemId);
    requireId(commentId);
    ObjectNode variables = variables().put("id", commentId);
    variables.putObject("input").put("body", requireNonNull(markdownBody, "markdownBody"));
    JsonNode comment = mutate(LinearQueries.COMMENT_UPDATE, variables, true).path("data").path("commentUpdate")
        .path("comment");
    return LinearJson.comment(comment, itemId, connectionId);
  }

  // --- health, webhooks, capabilities --------------------------------------------------------

  @Override
  public ConnectorHealth health() {
    return LinearHealth.check(http(), context.clock(), context.json());
  }

  @Override
  public Optional<WebhookHandler> webhooks() {
    return Optional.ofNullable(webhooks);
  }

  @Override
  public Set<Capability> capabilities() {
    return LinearConnector.CAPABILITIES;
  }

  // --- calls ---------------------------------------------------------------------------------

  /** The team, read on first use; a configuration error (no such team) is not remembered. */
  LinearTeam team() {
    LinearTeam t = team;
    if (t == null) {
      t = LinearTeam.from(query(LinearQueries.TEAM, variables().put("key", config.team())), config.team(),
          connectionId);
      team = t;
    }
    return t;
  }

  private ObjectNode variables() {
    return context.json().createObjectNode();
  }

  /** A query: a read, so always safe to repeat. */
  private JsonNode query(String document, ObjectNode variables) {
    return mutate(document, variables, true);
  }

  private JsonNode mutate(String document, ObjectNode variables, boolean safeToRetry) {
    ObjectNode body = context.json().createObjectNode().put("query", document);
    body.set("variables", variables);
    HttpCall.Builder call = HttpCall.post("/graphql", body);
    if (safeToRetry) {
      call.safeToRetry();
    }
    return send(call.build());
  }

  private static void requireId(String id) {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id is blank: '" + id + "'");
    }
  }
}
