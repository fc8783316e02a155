package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/** One issue of {@link FakeJira}: its editable fields, workflow status, stamps, comments and properties. */
final class FakeJiraIssue implements FakeJiraJql.Row {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The simplified workflow (its first status is the initial one): status name, status id, category key, category id, colour; transition id. */
  record Status(String name, String id, String category, int categoryId, String categoryName, String color,
      String transitionId) {}

  static final List<Status> WORKFLOW = List.of(
      new Status("To Do", "10000", "new", 2, "To Do", "blue-gray", "11"),
      new Status("In Progress", "3", "indeterminate", 4, "In Progress", "yellow", "21"),
      new Status("Done", "10001", "done", 3, "Done", "green", "31"));
  static final List<String> ISSUE_TYPES = List.of("Task", "Bug", "Story", "Epic");
  static final List<String> PRIORITIES = List.of("Highest", "High", "Medium", "Low", "Lowest");
  /** Story points, a number field on the create and edit screens. */
  static final String STORY_POINTS = "customfield_10016";
  private static final Set<String> EDITABLE = Set.of(
      "summary", "description", "environment", "priority", "assignee", "labels", "duedate", STORY_POINTS);

  final long id;
  final String key;
  final String project;
  final ObjectNode fields;
  final Instant created;
  Instant updated;
  Status status;
  Duration indexDelay = Duration.ZERO;
  final List<ObjectNode> comments = new ArrayList<>();
  final Map<String, JsonNode> properties = new LinkedHashMap<>();
  /** The account that created the issue (the reporter). */
  final String creator;
  /** The issue's change history, oldest first: what its changelog and webhooks report. */
  final List<Change> history = new ArrayList<>();

  /** One entry of the changelog: who changed what, when, as Jira's {@code items}. */
  record Change(String id, String author, Instant created, List<ObjectNode> items) {}

  /** The editable state before a change, to tell what the change did. */
  record Snapshot(ObjectNode fields, Status status) {}

  FakeJiraIssue(long id, String key, String project, ObjectNode fields, Instant now, Status initial, String creator) {
    this.id = id;
    this.creator = creator;
    this.status = initial;
    this.key = key;
    this.project = project;
    this.fields = fields;
    this.created = now;
    this.updated = now;
    if (!fields.has("issuetype")) {
      fields.put("issuetype", "Task");
    }
    if (!fields.has("priority")) {
      fields.put("priority", "Medium");
    }
  }

  Snapshot snapshot() {
    return new Snapshot(fields.deepCopy(), status);
  }

  /**
   * The changelog items between {@code before} and now, one per changed field, with Jira's
   * {@code field}, {@code fieldtype}, {@code fieldId}, {@code from}/{@code fromString} and
   * {@code to}/{@code toString}; empty when nothing changed.
   */
  List<ObjectNode> changesSince(Snapshot before) {
    List<ObjectNode> items = new ArrayList<>();
    for (String name : List.of("summary", "description", "environment", "priority", "assignee", "labels", "duedate",
        STORY_POINTS)) {
      JsonNode was = before.fields().path(name);
      JsonNode now = fields.path(name);
      if (!was.equals(now)) {
        items.add(item(name, was, now));
      }
    }
    if (!before.status().id().equals(status.id())) {
      items.add(JSON.createObjectNode().put("field", "status").put("fieldtype", "jira").put("fieldId", "status")
          .put("from", before.status().id()).put("fromString", before.status().name())
          .put("to", status.id()).put("toString", status.name()));
    }
    return items;
  }

  private static ObjectNode item(String name, JsonNode was, JsonNode now) {
    boolean custom = name.startsWith("customfield_");
    ObjectNode item = JSON.createObjectNode().put("field", custom ? "Story Points" : name)
        .put("fieldtype", custom ? "custom" : "jira").put("fieldId", name);
    switch (name) {
      case "priority" -> item.put("from", text(was) == null ? null : Integer.toString(PRIORITIES.indexOf(text(was)) + 1))
          .put("fromString", text(was)).put("to", Integer.toString(PRIORITIES.indexOf(text(now)) + 1))
          .put("toString", text(now));
      case "assignee" -> item.put("from", text(was)).put("fromString", text(was) == null ? null : displayName(text(was)))
          .put("to", text(now)).put("toString", text(now) == null ? null : displayName(text(now)));
      case "labels" -> item.putNull("from").put("fromString", joined(was)).putNull("to").put("toString", joined(now));
      case "description", "environment" -> item.putNull("from").put("fromString", plainText(was.isMissingNode() ? null : was))
          .putNull("to").put("toString", plainText(now.isMissingNode() ? null : now));
      case "duedate" -> item.put("from", text(was)).put("fromString", text(was)).put("to", text(now))
          .put("toString", text(now));
      default -> item.putNull("from").put("fromString", text(was)).putNull("to").put("toString", text(now));
    }
    return item;
  }

  private static @Nullable String text(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static String joined(JsonNode labels) {
    List<String> out = new ArrayList<>();
    labels.forEach(l -> out.add(l.asText()));
    return String.join(" ", out);
  }

  /** The display name the fake gives an account. */
  static String displayName(String accountId) {
    return "User " + accountId.substring(accountId.length() - 4);
  }

  /** Every change moves {@code updated} forward, even within one millisecond of the clock. */
  void touch(Instant now) {
    updated = now.isAfter(updated) ? now : updated.plusMillis(1);
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String project() {
    return project;
  }

  @Override
  public Instant created() {
    return created;
  }

  @Override
  public Instant updated() {
    return updated;
  }

  @Override
  public @Nullable String property(String propertyKey, String path) {
    JsonNode value = properties.get(propertyKey);
    if (value == null) {
      return null;
    }
    for (String part : path.split("\\.")) {
      value = value.path(part);
    }
    return value.isValueNode() ? value.asText() : null;
  }

  /** The issue as {@code GET /rest/api/3/issue/{id}} answers it. */
  ObjectNode json(String baseUrl) {
    ObjectNode issue = JSON.createObjectNode();
    issue.put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
    issue.put("id", Long.toString(id));
    issue.put("self", baseUrl + "/rest/api/3/issue/" + id);
    issue.put("key", key);
    ObjectNode f = issue.putObject("fields");
    f.put("summary", fields.path("summary").asText(""));
    String type = fields.path("issuetype").asText("Task");
    f.putObject("issuetype").put("id", Integer.toString(10_001 + ISSUE_TYPES.indexOf(type))).put("name", type)
        .put("subtask", false);
    f.putObject("project").put("id", "10000").put("key", project).put("name", "Payments")
        .put("projectTypeKey", "software");
    f.set("description", fields.has("description") ? fields.get("description") : JSON.nullNode());
    ObjectNode s = f.putObject("status");
    s.put("self", baseUrl + "/rest/api/3/status/" + status.id()).put("name", status.name()).put("id", status.id());
    s.putObject("statusCategory").put("self", baseUrl + "/rest/api/3/statuscategory/" + status.categoryId())
        .put("id", status.categoryId()).put("key", status.category()).put("colorName", status.color())
        .put("name", status.categoryName());
    String priority = fields.path("priority").asText("Medium");
    f.putObject("priority").put("self", baseUrl + "/rest/api/3/priority/" + (PRIORITIES.indexOf(priority) + 1))
        .put("name", priority).put("id", Integer.toString(PRIORITIES.indexOf(priority) + 1));
    String assignee = fields.path("assignee").asText(null);
    if (assignee == null) {
      f.putNull("assignee");
    } else {
      f.putObject("assignee").put("self", baseUrl + "/rest/api/3/user?accountId=" + assignee)
          .put("accountId", assignee).put("accountType", "atlassian").put("active", true)
          .put("displayName", displayName(assignee));
    }
    f.set("labels", fields.has("labels") ? fields.get("labels") : JSON.createArrayNode());
    f.set("duedate", fields.has("duedate") ? fields.get("duedate") : JSON.nullNode());
    f.set(STORY_POINTS, fields.has(STORY_POINTS) ? fields.get(STORY_POINTS) : JSON.nullNode());
    f.put("created", FakeJira.TIMESTAMP.format(created.atOffset(ZoneOffset.UTC)));
    f.put("updated", FakeJira.TIMESTAMP.format(updated.atOffset(ZoneOffset.UTC)));
    f.put("statuscategorychangedate", FakeJira.TIMESTAMP.format(updated.atOffset(ZoneOffset.UTC)));
    return issue;
  }

  /**
   * Checks and stores the fields of a create or edit, the way Jira validates them; returns
   * Jira's field errors, empty when all were stored.
   */
  static Map<String, String> validate(JsonNode given, boolean creating, List<String> accountIds, String project) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (creating) {
      String key = given.path("project").path("key").asText(given.path("project").path("id").asText(""));
      if (!key.equals(project) && !key.equals("10000")) {
        errors.put("project", "valid project is required");
      }
      JsonNode type = given.path("issuetype");
      if (!ISSUE_TYPES.contains(type.path("name").asText("")) && !type.has("id")) {
        errors.put("issuetype", "Specify a valid issue type");
      }
      if (!given.path("summary").isTextual() || given.path("summary").asText().isBlank()) {
        errors.put("summary", "You must specify a summary of the issue.");
      }
    }
    for (Map.Entry<String, JsonNode> e : given.properties()) {
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (creating && (name.equals("project") || name.equals("issuetype"))) {
        continue;
      }
      if (!EDITABLE.contains(name)) {
        errors.put(name, "Field '" + name + "' cannot be set. It is not on the appropriate screen, or unknown.");
        continue;
      }
      String problem = switch (name) {
        case "summary" -> !value.isTextual() || value.asText().isBlank()
            ? "You must specify a summary of the issue."
            : value.asText().length() > 255 ? "Summary must be less than 255 characters." : null;
        case "description", "environment" -> value.isNull() || isAdf(value) ? null
            : "Operation value must be an Atlassian Document (see the Atlassian Document Format)";
        case "priority" -> PRIORITIES.contains(value.path("name").asText("")) ? null
            : "Specify a valid value for priority";
        case "assignee" -> value.isNull() || accountIds.contains(value.path("accountId").asText("")) ? null
            : "User '" + value.path("accountId").asText(value.toString()) + "' cannot be assigned issues.";
        case "labels" -> labelsProblem(value);
        case "duedate" -> value.isNull() || isDate(value) ? null : "Error parsing date string: " + value.asText();
        default -> value.isNull() || value.isNumber() ? null : "Operation value must be a number";
      };
      if (problem != null) {
        errors.put(name, problem);
      }
    }
    return errors;
  }

  /** Stores fields that passed {@link #validate}. */
  void store(JsonNode given) {
    for (Map.Entry<String, JsonNode> e : given.properties()) {
      JsonNode value = e.getValue();
      switch (e.getKey()) {
        case "project" -> { }
        case "issuetype" -> fields.put("issuetype", value.path("name").asText("Task"));
        case "priority" -> fields.put("priority", value.path("name").asText());
        case "assignee" -> {
          if (value.isNull()) {
            fields.remove("assignee");
          } else {
            fields.put("assignee", value.path("accountId").asText());
          }
        }
        default -> fields.set(e.getKey(), value);
      }
    }
  }

  private static @Nullable String labelsProblem(JsonNode value) {
    if (!value.isArray()) {
      return "data was not an array";
    }
    for (JsonNode label : value) {
      if (!label.isTextual() || label.asText().isEmpty()) {
        return "Labels must be text";
      }
      if (label.asText().contains(" ")) {
        return "The label '" + label.asText() + "' contains spaces which is invalid.";
      }
    }
    return null;
  }

  private static boolean isDate(JsonNode value) {
    try {
      LocalDate.parse(value.asText());
      return value.isTextual();
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static boolean isAdf(JsonNode value) {
    return value.isObject() && "doc".equals(value.path("type").asText()) && value.path("version").asInt() == 1
        && value.path("content").isArray();
  }

  /** A one-paragraph ADF document. */
  static ObjectNode adf(String text) {
    ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
    ObjectNode paragraph = doc.putArray("content").addObject().put("type", "paragraph");
    paragraph.putArray("content").addObject().put("type", "text").put("text", text);
    return doc;
  }

  /** The text of an ADF document, paragraphs on their own lines (what webhooks carry). */
  static String plainText(@Nullable JsonNode adf) {
    if (adf == null || adf.isNull()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    collect(adf, out);
    return out.toString().strip();
  }

  private static void collect(JsonNode node, StringBuilder out) {
    if (node.path("text").isTextual()) {
      out.append(node.get("text").asText());
    }
    for (JsonNode child : node.path("content")) {
      collect(child, out);
    }
    if ("paragraph".equals(node.path("type").asText())) {
      out.append('\n');
    }
  }
}
