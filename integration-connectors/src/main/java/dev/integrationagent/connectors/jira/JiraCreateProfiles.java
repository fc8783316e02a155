package dev.integrationagent.connectors.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.annotation.Nullable;

/**
 * What creating an issue of one type leads to, learned by reading back issues the session
 * created: the workflow's initial status and the transitions out of it, the issue type and
 * project objects, and the defaults Jira fills in (priority, assignee). With them a create
 * answered only {@code {id, key, self}} can be turned into the issue a {@code GET} would return,
 * as far as the shipped mapping reads it, without that {@code GET}.
 *
 * <p>Thread-safe: profiles are immutable and replaced whole, with the defaults learned so far,
 * so that no thread sees a profile without the defaults another thread had learned. Two threads
 * creating the first issue of a type at once both read their issue back and both learn the same
 * thing.
 */
final class JiraCreateProfiles {
  /** A default not learned yet: learned only from an issue created without that field. */
  private static final JsonNode UNKNOWN = MissingNode.getInstance();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * @param transitions {@code {"transitions": [...]}} available from {@code initialStatus}
   * @param priority the default priority object, null, or {@link #UNKNOWN}
   * @param assignee the default assignee object, null, or {@link #UNKNOWN}
   */
  record Profile(JsonNode project, JsonNode issueType, JsonNode initialStatus, JsonNode transitions,
      JsonNode priority, JsonNode assignee) {
    Profile withPriority(JsonNode value) {
      return new Profile(project, issueType, initialStatus, transitions, value, assignee);
    }

    Profile withAssignee(JsonNode value) {
      return new Profile(project, issueType, initialStatus, transitions, priority, value);
    }
  }

  private final ConcurrentMap<String, Profile> byType = new ConcurrentHashMap<>();
  /** Whether Jira returns labels in the order they were sent; null until an issue showed it. */
  private volatile @Nullable Boolean labelsKeepOrder;

  @Nullable Profile get(String issueType) {
    return byType.get(issueType);
  }

  /** Drops what was learned about a type, after Jira refused what it implied (a changed workflow). */
  void forget(String issueType) {
    byType.remove(issueType);
  }

  /**
   * Learns from an issue just created with {@code sent} fields and no transition, read with
   * {@code expand=transitions}: its status is the workflow's initial status.
   */
  void learn(String issueType, JsonNode sent, JsonNode issue) {
    JsonNode fields = issue.path("fields");
    JsonNode transitions = issue.get("transitions");
    if (transitions == null || !transitions.isArray() || !fields.path("status").isObject()) {
      return;
    }
    ObjectNode wrapper = NODES.objectNode();
    wrapper.set("transitions", transitions.deepCopy());
    Profile fresh = withDefaults(new Profile(fields.path("project").deepCopy(), fields.path("issuetype").deepCopy(),
        fields.path("status").deepCopy(), wrapper, UNKNOWN, UNKNOWN), sent, fields);
    // one step, keeping defaults another thread learned: a profile is never seen without them
    byType.merge(issueType, fresh, (known, learned) -> learned
        .withPriority(learned.priority() == UNKNOWN ? known.priority() : learned.priority())
        .withAssignee(learned.assignee() == UNKNOWN ? known.assignee() : learned.assignee()));
    learnLabelOrder(sent, fields);
  }

  /** Learns the defaults Jira filled in for fields {@code sent} left out, and how it orders labels. */
  void learnDefaults(String issueType, JsonNode sent, JsonNode issue) {
    JsonNode fields = issue.path("fields");
    byType.computeIfPresent(issueType, (type, p) -> withDefaults(p, sent, fields));
    learnLabelOrder(sent, fields);
  }

  private static Profile withDefaults(Profile profile, JsonNode sent, JsonNode fields) {
    Profile out = profile;
    if (!sent.has("priority") && fields.has("priority")) {
      out = out.withPriority(fields.get("priority").deepCopy());
    }
    if (!sent.has("assignee") && !hasComponents(sent) && fields.has("assignee")) {
      out = out.withAssignee(fields.get("assignee").deepCopy());
    }
    return out;
  }

  private void learnLabelOrder(JsonNode sent, JsonNode fields) {
    List<String> labels = strings(sent.path("labels"));
    if (labels.size() >= 2 && distinct(labels) && !isSorted(labels)) {
      // only an unsorted list tells "kept as sent" from "sorted by Jira"
      labelsKeepOrder = labels.equals(strings(fields.path("labels")));
    } else if (labels.size() >= 2 && distinct(labels) && !labels.equals(strings(fields.path("labels")))) {
      labelsKeepOrder = false;
    }
  }

  /**
   * The issue as {@code GET /rest/api/3/issue/{id}?properties=<marker>} would answer it right
   * after the create, for every field the shipped mapping reads; null when one of them cannot
   * be told from the request and what was learned (then the caller reads the issue).
   *
   * @param sent the {@code fields} of the create request
   * @param created Jira's answer, {@code {id, key, self}}
   * @param status the status the issue is in now: the initial one or the transition's target
   */
  @Nullable ObjectNode provisional(Profile profile, JsonNode sent, JsonNode created, JsonNode status,
      @Nullable String marker, Instant now) {
    JsonNode summary = sent.path("summary");
    if (!summary.isTextual() || !summary.asText().equals(summary.asText().strip())) {
      return null; // Jira may trim it
    }
    ObjectNode issue = NODES.objectNode();
    issue.put("id", created.path("id").asText());
    issue.put("self", created.path("self").asText());
    issue.put("key", created.path("key").asText());
    ObjectNode fields = issue.putObject("fields");
    for (Map.Entry<String, JsonNode> field : sent.properties()) {
      fields.set(field.getKey(), field.getValue().deepCopy());
    }
    fields.set("project", profile.project());
    fields.set("issuetype", profile.issueType());
    fields.set("status", status.deepCopy());
    if (!sent.has("description")) {
      fields.putNull("description");
    }
    if (!sent.has("duedate")) {
      fields.putNull("duedate");
    }
    JsonNode priority = sent.has("priority") ? named(sent.get("priority"), "name") : profile.priority();
    JsonNode assignee = sent.has("assignee") ? named(sent.get("assignee"), "accountId")
        : hasComponents(sent) ? UNKNOWN : profile.assignee(); // a component lead may be assigned
    JsonNode labels = sent.has("labels") ? orderedLabels(sent.get("labels")) : NODES.arrayNode();
    if (priority.isMissingNode() || assignee.isMissingNode() || labels.isMissingNode()) {
      return null;
    }
    fields.set("priority", priority.deepCopy());
    fields.set("assignee", assignee.deepCopy());
    fields.set("labels", labels);
    String stamp = JiraJson.TIMESTAMP.format(now.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    fields.put("created", stamp);
    fields.put("updated", stamp);
    ObjectNode properties = issue.putObject("properties");
    if (marker != null) {
      properties.putObject(JiraSession.MARKER_PROPERTY).put("marker", marker);
    }
    return issue;
  }

  /** {@code {"name": "High"}} as sent, or UNKNOWN when the request names it otherwise (by id). */
  private static JsonNode named(JsonNode value, String key) {
    JsonNode name = value.path(key);
    return name.isTextual() && !name.asText().isBlank() && !"-1".equals(name.asText()) ? value : UNKNOWN;
  }

  /** The labels in the order Jira will return them, or UNKNOWN when that is not known yet. */
  private JsonNode orderedLabels(JsonNode sent) {
    List<String> labels = strings(sent);
    if (!sent.isArray() || labels.size() != sent.size() || !distinct(labels)) {
      return UNKNOWN;
    }
    if (labels.size() >= 2 && !Boolean.TRUE.equals(labelsKeepOrder)) {
      return UNKNOWN;
    }
    return sent.deepCopy();
  }

  private static boolean hasComponents(JsonNode sent) {
    JsonNode components = sent.path("components");
    return components.isArray() ? !components.isEmpty() : !components.isMissingNode() && !components.isNull();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> {
      if (v.isTextual()) {
        out.add(v.asText());
      }
    });
    return out;
  }

  private static boolean distinct(List<String> values) {
    return new HashSet<>(values).size() == values.size();
  }

  private static boolean isSorted(List<String> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i - 1).compareTo(values.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
