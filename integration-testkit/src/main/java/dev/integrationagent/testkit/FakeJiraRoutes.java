package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.testkit.FakeServer.Request;
import dev.integrationagent.testkit.FakeServer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The REST resources of {@link FakeJira}, with Jira's status codes and error bodies. */
final class FakeJiraRoutes {
  private static final String API = "/rest/api/3";
  private static final String REMOVED = "The requested API has been removed. Please migrate to the /rest/api/3/search/jql"
      + " API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046";
  private static final String NO_ISSUE = "Issue does not exist or you do not have permission to see it.";
  private static final int SEARCH_MAX = 100;
  /** Jira's default {@code maxResults} for a page of comments. */
  private static final int COMMENT_PAGE = 100;
  private static final Set<String> COMMENT_ORDERS = Set.of("created", "+created", "-created");

  private FakeJiraRoutes() {}

  static void register(FakeJira jira) {
    jira.on("POST", API + "/search/jql", FakeJiraRoutes::search);
    jira.on("GET", API + "/search", (j, r) -> FakeJira.errors(410, List.of(REMOVED), Map.of()));
    jira.on("POST", API + "/search", (j, r) -> FakeJira.errors(410, List.of(REMOVED), Map.of()));
    jira.on("GET", API + "/myself", FakeJiraRoutes::myself);
    jira.on("POST", API + "/issue", FakeJiraRoutes::create);
    jira.on("GET", API + "/issue/{issueIdOrKey}", (j, r) -> withIssue(j, r, i -> Response.json(200, issue(j, r, i))));
    jira.on("PUT", API + "/issue/{issueIdOrKey}", FakeJiraRoutes::edit);
    jira.on("DELETE", API + "/issue/{issueIdOrKey}", (j, r) -> withIssue(j, r, i -> {
      j.remove(i);
      return Response.empty(204);
    }));
    jira.on("GET", API + "/issue/{issueIdOrKey}/transitions",
        (j, r) -> withIssue(j, r, i -> Response.json(200, transitions(j, i))));
    jira.on("POST", API + "/issue/{issueIdOrKey}/transitions", FakeJiraRoutes::transition);
    jira.on("GET", API + "/issue/{issueIdOrKey}/comment", FakeJiraRoutes::comments);
    jira.on("POST", API + "/issue/{issueIdOrKey}/comment", FakeJiraRoutes::addComment);
    jira.on("GET", API + "/issue/{issueIdOrKey}/properties/{propertyKey}", FakeJiraRoutes::property);
    jira.on("PUT", API + "/issue/{issueIdOrKey}/properties/{propertyKey}", FakeJiraRoutes::putProperty);
  }

  private interface IssueHandler {
    Response handle(FakeJiraIssue issue) throws IOException;
  }

  private static Response withIssue(FakeJira jira, Request request, IssueHandler handler) {
    Optional<FakeJiraIssue> issue = jira.issue(request.param("issueIdOrKey"));
    if (issue.isEmpty()) {
      return FakeJira.errors(404, List.of(NO_ISSUE), Map.of());
    }
    try {
      return handler.handle(issue.get());
    } catch (IOException malformed) {
      return badJson(malformed);
    }
  }

  private static Response badJson(IOException e) {
    String message = e.getMessage() == null ? "malformed JSON" : e.getMessage().split("\n")[0];
    return FakeJira.errors(400, List.of(message), Map.of());
  }

  private static Response search(FakeJira jira, Request request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (IOException e) {
      return badJson(e);
    }
    String jql = body.path("jql").asText("");
    if (jql.isBlank() || jql.strip().toUpperCase(java.util.Locale.ROOT).startsWith("ORDER BY")) {
      return FakeJira.errors(400, List.of("Unbounded JQL queries are not allowed here. "
          + "Please add a search restriction to your query."), Map.of());
    }
    FakeJiraJql query;
    try {
      query = FakeJiraJql.parse(jql, jira.userZone(), jira.now(), jira.propertiesIndexed(), jira.propertiesAnswered(),
          jira.projectKey());
    } catch (FakeJiraJql.JqlException e) {
      return FakeJira.errors(400, List.of(e.getMessage()), Map.of());
    }
    FakeJiraJql.Row after = null;
    if (body.hasNonNull("nextPageToken")) {
      try {
        after = FakeJira.after(body.get("nextPageToken").asText());
      } catch (RuntimeException e) {
        return FakeJira.errors(400, List.of("The provided next page token is invalid or expired."), Map.of());
      }
    }
    int max = Math.min(SEARCH_MAX, Math.max(1, body.path("maxResults").asInt(50)));
    List<FakeJiraIssue> matches = new ArrayList<>();
    for (FakeJiraIssue issue : jira.allIssues()) {
      if (jira.indexed(issue) && query.filter.test(issue)) {
        matches.add(issue);
      }
    }
    matches.sort(query.order);
    int offset = 0;
    if (after != null) {
      while (offset < matches.size() && query.order.compare(matches.get(offset), after) <= 0) {
        offset++;
      }
    }
    Set<String> fields = new HashSet<>();
    body.path("fields").forEach(f -> fields.add(f.asText()));
    List<String> properties = new ArrayList<>();
    body.path("properties").forEach(p -> properties.add(p.asText()));
    ObjectNode out = FakeServer.JSON.createObjectNode();
    ArrayNode issues = out.putArray("issues");
    int end = Math.min(matches.size(), offset + max);
    for (int i = offset; i < end; i++) {
      issues.add(searchResult(jira, matches.get(i), fields, properties));
    }
    if (end < matches.size()) {
      out.put("nextPageToken", FakeJira.token(matches.get(end - 1)));
      out.put("isLast", false);
    } else {
      out.put("isLast", true);
    }
    return Response.json(200, out);
  }

  /**
   * The issue as {@code GET /issue/{id}} answers it, honouring the request's {@code properties}
   * and {@code expand=transitions} (also used by {@code PUT ?returnIssue=true}).
   */
  private static ObjectNode issue(FakeJira jira, Request request, FakeJiraIssue issue) {
    ObjectNode json = withProperties(FakeJiraEdits.selectFields(issue.json(jira.url()),
        request.url().queryParameterValues("fields").stream().filter(java.util.Objects::nonNull).toList()),
        issue, csv(request.query("properties")));
    if (csv(request.query("expand")).contains("transitions")) {
      json.set("transitions", transitions(jira, issue).get("transitions"));
    }
    return json;
  }

  private static List<String> csv(@javax.annotation.Nullable String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
  }

  private static ObjectNode searchResult(FakeJira jira, FakeJiraIssue issue, Set<String> fields, List<String> properties) {
    ObjectNode full = issue.json(jira.url());
    ObjectNode result = FakeServer.JSON.createObjectNode();
    result.put("id", full.get("id").asText());
    if (!fields.isEmpty()) {
      result.put("self", full.get("self").asText());
      result.put("key", full.get("key").asText());
      if (fields.contains("*all") || fields.contains("*navigable")) {
        ObjectNode all = (ObjectNode) full.get("fields");
        fields.stream().filter(f -> f.startsWith("-")).forEach(f -> all.remove(f.substring(1)));
        result.set("fields", all);
      } else {
        ObjectNode chosen = result.putObject("fields");
        fields.forEach(f -> {
          if (full.get("fields").has(f)) {
            chosen.set(f, full.get("fields").get(f));
          }
        });
      }
    }
    return withProperties(result, issue, properties);
  }

  /** Adds {@code "properties": {key: value}} for the requested keys the issue has. */
  private static ObjectNode withProperties(ObjectNode json, FakeJiraIssue issue, List<String> keys) {
    if (!keys.isEmpty()) {
      ObjectNode props = json.putObject("properties");
      keys.forEach(p -> {
        if (issue.properties.containsKey(p)) {
          props.set(p, issue.properties.get(p));
        }
      });
    }
    return json;
  }

  private static Response myself(FakeJira jira, Request request) {
    ObjectNode me = FakeServer.JSON.createObjectNode();
    me.put("self", jira.url() + API + "/user?accountId=" + jira.accountId());
    me.put("accountId", jira.accountId());
    me.put("accountType", "atlassian");
    me.put("emailAddress", jira.email());
    me.put("displayName", "Integration Bot");
    me.put("active", true);
    me.put("timeZone", jira.userZone().getId());
    me.put("locale", "en_US");
    return Response.json(200, me);
  }

  private static Response create(FakeJira jira, Request request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (IOException e) {
      return badJson(e);
    }
    JsonNode fields = body.path("fields");
    if (!fields.isObject()) {
      return FakeJira.errors(400, List.of(), Map.of("project", "Specify a valid project ID or key",
          "summary", "You must specify a summary of the issue."));
    }
    Map<String, String> errors = FakeJiraIssue.validate(fields, true, jira.accountIds(), jira.projectKey());
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    for (JsonNode p : body.path("properties")) {
      if (!p.path("key").isTextual() || p.path("key").asText().isEmpty() || !p.has("value")) {
        errors.put("properties", "Property key and value are required.");
      } else {
        properties.put(p.get("key").asText(), p.get("value"));
      }
    }
    if (!errors.isEmpty()) {
      return FakeJira.errors(400, List.of(), errors);
    }
    // a transition in the create moves the new issue out of the initial status in the same call
    JsonNode transitionId = body.path("transition").path("id");
    Optional<FakeJiraIssue.Status> moveTo = Optional.empty();
    if (body.has("transition")) {
      if (!transitionId.isTextual() && !transitionId.isNumber()) {
        return FakeJira.errors(400, List.of("Missing 'transition' identifier"), Map.of());
      }
      moveTo = available(jira, jira.workflow().get(0), transitionId.asText());
      if (moveTo.isEmpty()) {
        return FakeJira.errors(400, List.of(invalidTransition(transitionId.asText())), Map.of());
      }
    }
    FakeJiraIssue issue = jira.insert(FakeServer.JSON.createObjectNode(), properties, jira.accountId());
    issue.store(fields);
    moveTo.ifPresent(to -> issue.status = to);
    ObjectNode out = FakeServer.JSON.createObjectNode();
    out.put("id", Long.toString(issue.id));
    out.put("key", issue.key);
    out.put("self", jira.url() + API + "/issue/" + issue.id);
    if (moveTo.isPresent()) {
      ObjectNode nested = out.putObject("transition").put("status", 200);
      nested.putObject("errorCollection").putArray("errorMessages");
      ((ObjectNode) nested.get("errorCollection")).putObject("errors");
    }
    return Response.json(201, out);
  }

  /**
   * {@code PUT /issue/{id}}: {@code fields} (values to set), {@code update} (operations, see
   * {@link FakeJiraEdits}), {@code properties} and a {@code transition}, all checked before any
   * is applied; the change goes to the issue's changelog.
   */
  private static Response edit(FakeJira jira, Request request) {
    return withIssue(jira, request, issue -> {
      JsonNode body = request.json();
      JsonNode fields = body.path("fields");
      JsonNode update = body.path("update");
      if (!fields.isObject() && !body.has("update") && !body.has("properties") && !body.has("transition")) {
        return FakeJira.errors(400, List.of("Can not edit issue: no fields given"), Map.of());
      }
      Map<String, String> errors = new LinkedHashMap<>(fields.isObject()
          ? FakeJiraIssue.validate(fields, false, jira.accountIds(), jira.projectKey()) : Map.of());
      if (body.has("update")) {
        errors.putAll(FakeJiraEdits.check(update, fields, jira.accountIds(), jira.projectKey()));
      }
      Map<String, JsonNode> properties = new LinkedHashMap<>();
      for (JsonNode p : body.path("properties")) {
        if (!p.path("key").isTextual() || p.path("key").asText().isEmpty() || !p.has("value")) {
          errors.put("properties", "Property key and value are required.");
        } else {
          properties.put(p.get("key").asText(), p.get("value"));
        }
      }
      if (!errors.isEmpty()) {
        return FakeJira.errors(400, List.of(), errors);
      }
      Optional<FakeJiraIssue.Status> moveTo = Optional.empty();
      if (body.has("transition")) {
        JsonNode id = body.path("transition").path("id");
        if (!id.isTextual() && !id.isNumber()) {
          return FakeJira.errors(400, List.of("Missing 'transition' identifier"), Map.of());
        }
        moveTo = available(jira, issue.status, id.asText());
        if (moveTo.isEmpty()) {
          return FakeJira.errors(400, List.of(invalidTransition(id.asText())), Map.of());
        }
      }
      FakeJiraIssue.Snapshot before = issue.snapshot();
      if (fields.isObject()) {
        issue.store(fields);
      }
      if (body.has("update")) {
        FakeJiraEdits.apply(issue, update);
      }
      issue.properties.putAll(properties);
      moveTo.ifPresent(to -> issue.status = to);
      issue.touch(jira.now());
      jira.recordChange(issue, before, jira.accountId());
      return "true".equals(request.query("returnIssue"))
          ? Response.json(200, issue(jira, request, issue)) : Response.empty(204);
    });
  }

  /** {@code {"expand": "transitions", "transitions": [...]}}: every status but the current one (global transitions). */
  private static ObjectNode transitions(FakeJira jira, FakeJiraIssue issue) {
    ObjectNode out = FakeServer.JSON.createObjectNode();
    out.put("expand", "transitions");
    ArrayNode list = out.putArray("transitions");
    for (FakeJiraIssue.Status to : jira.workflow()) {
      if (to.id().equals(issue.status.id())) {
        continue;
      }
      ObjectNode t = list.addObject();
      t.put("id", to.transitionId()).put("name", to.name());
      ObjectNode target = t.putObject("to");
      target.put("self", jira.url() + API + "/status/" + to.id()).put("description", "").put("name", to.name())
          .put("id", to.id());
      target.putObject("statusCategory").put("id", to.categoryId()).put("key", to.category())
          .put("colorName", to.color()).put("name", to.categoryName());
      t.put("hasScreen", false).put("isGlobal", true).put("isInitial", false).put("isAvailable", true)
          .put("isConditional", false).put("isLooped", false);
    }
    return out;
  }

  private static Response transition(FakeJira jira, Request request) {
    return withIssue(jira, request, issue -> {
      JsonNode id = request.json().path("transition").path("id");
      if (!id.isTextual() && !id.isNumber()) {
        return FakeJira.errors(400, List.of("Missing 'transition' identifier"), Map.of());
      }
      Optional<FakeJiraIssue.Status> to = available(jira, issue.status, id.asText());
      if (to.isEmpty()) {
        return FakeJira.errors(400, List.of(invalidTransition(id.asText())), Map.of());
      }
      FakeJiraIssue.Snapshot before = issue.snapshot();
      issue.status = to.get();
      issue.touch(jira.now());
      jira.recordChange(issue, before, jira.accountId());
      return Response.empty(204);
    });
  }

  /** The status a transition leads to when it is available from {@code from}. */
  private static Optional<FakeJiraIssue.Status> available(FakeJira jira, FakeJiraIssue.Status from, String transitionId) {
    return jira.workflow().stream()
        .filter(to -> to.transitionId().equals(transitionId) && !to.id().equals(from.id()))
        .findFirst();
  }

  private static String invalidTransition(String id) {
    return "Transition id '" + id + "' is not valid for this issue.";
  }

  private static Response comments(FakeJira jira, Request request) {
    return withIssue(jira, request, issue -> {
      String orderBy = request.query("orderBy");
      if (orderBy != null && !COMMENT_ORDERS.contains(orderBy)) {
        return FakeJira.errors(400, List.of("The orderBy value '" + orderBy
            + "' is not valid. Comments can be ordered by created, +created or -created."), Map.of());
      }
      int startAt = Math.max(0, parseInt(request.query("startAt"), 0));
      int max = Math.min(5000, Math.max(1, parseInt(request.query("maxResults"), COMMENT_PAGE)));
      List<ObjectNode> all = new ArrayList<>(issue.comments);
      if ("-created".equals(orderBy)) {
        java.util.Collections.reverse(all);
      }
      ObjectNode out = FakeServer.JSON.createObjectNode();
      out.put("startAt", startAt).put("maxResults", max).put("total", all.size());
      ArrayNode list = out.putArray("comments");
      for (int i = startAt; i < Math.min(all.size(), startAt + max); i++) {
        list.add(all.get(i));
      }
      return Response.json(200, out);
    });
  }

  private static Response addComment(FakeJira jira, Request request) {
    return withIssue(jira, request, issue -> {
      JsonNode body = request.json().path("body");
      if (!FakeJiraIssue.isAdf(body) || body.path("content").isEmpty()) {
        return FakeJira.errors(400, List.of(), Map.of("comment", body.isMissingNode()
            ? "Comment body can not be empty!" : "Comment body must be an Atlassian Document"));
      }
      return Response.json(201, jira.comment(issue, body, jira.accountId()));
    });
  }

  private static Response property(FakeJira jira, Request request) {
    return withIssue(jira, request, issue -> {
      String key = request.param("propertyKey");
      JsonNode value = issue.properties.get(key);
      if (value == null) {
        return FakeJira.errors(404, List.of("The property with key '" + key + "' does not exist."), Map.of());
      }
      ObjectNode out = FakeServer.JSON.createObjectNode();
      out.put("key", key);
      out.set("value", value);
      return Response.json(200, out);
    });
  }

  private static Response putProperty(FakeJira jira, Request request) {
    return withIssue(jira, request, issue -> {
      String key = request.param("propertyKey");
      if (key.length() > 255) {
        return FakeJira.errors(400, List.of("The property key cannot be longer than 255 characters."), Map.of());
      }
      JsonNode value = request.json();
      if (value.isNull() || value.isMissingNode()) {
        return FakeJira.errors(400, List.of("The property value is not valid JSON."), Map.of());
      }
      boolean existed = issue.properties.put(key, value) != null;
      return Response.empty(existed ? 200 : 201);
    });
  }

  private static int parseInt(@javax.annotation.Nullable String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
