package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code update} part of {@code PUT /rest/api/3/issue/{id}}: per field, a list of operations
 * ({@code {"add": "x"}}, {@code {"remove": "y"}}, {@code {"set": value}}), as the edit screen
 * allows them. Labels take {@code add}, {@code remove} and {@code set}; every other editable
 * field takes {@code set} only. Anything else is refused with Jira's 400 field error, and a
 * refused edit changes nothing.
 */
final class FakeJiraEdits {
  /** Jira's operation names; {@code edit} and {@code copy} exist but no field of the fake takes them. */
  private static final Set<String> OPERATIONS = Set.of("set", "add", "remove", "edit", "copy");

  private FakeJiraEdits() {}

  /** Jira's field errors for an edit's {@code update}, given its {@code fields}; empty when it can be applied. */
  static Map<String, String> check(JsonNode update, JsonNode fields, List<String> accountIds, String project) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (!update.isObject()) {
      errors.put("update", "The update must be an object of field operations.");
      return errors;
    }
    for (Map.Entry<String, JsonNode> e : update.properties()) {
      String field = e.getKey();
      if (fields.has(field)) {
        errors.put(field, "Field '" + field + "' cannot be set and updated in the same request.");
        continue;
      }
      if (!e.getValue().isArray()) {
        errors.put(field, "The operations of field '" + field + "' must be a list.");
        continue;
      }
      for (JsonNode op : e.getValue()) {
        String problem = problem(field, op, accountIds, project);
        if (problem != null) {
          errors.put(field, problem);
          break;
        }
      }
    }
    return errors;
  }

  private static @javax.annotation.Nullable String problem(String field, JsonNode op, List<String> accountIds,
      String project) {
    if (!op.isObject() || op.size() != 1) {
      return "Each operation of field '" + field + "' must name exactly one of " + OPERATIONS + ".";
    }
    String name = op.fieldNames().next();
    JsonNode value = op.get(name);
    if (!OPERATIONS.contains(name)) {
      return "Operation '" + name + "' is not known. Use one of " + OPERATIONS + ".";
    }
    boolean labels = field.equals("labels");
    if (!name.equals("set") && !(labels && (name.equals("add") || name.equals("remove")))) {
      return "Field '" + field + "' does not support operation '" + name + "'.";
    }
    if (labels && !name.equals("set")) {
      if (!value.isTextual() || value.asText().isEmpty()) {
        return "Labels must be text";
      }
      return value.asText().contains(" ") ? "The label '" + value.asText() + "' contains spaces which is invalid." : null;
    }
    ObjectNode asField = FakeServer.JSON.createObjectNode();
    asField.set(field, value);
    return FakeJiraIssue.validate(asField, false, accountIds, project).get(field);
  }

  /** Applies an update that {@link #check} accepted, in the order of its operations. */
  static void apply(FakeJiraIssue issue, JsonNode update) {
    for (Map.Entry<String, JsonNode> e : update.properties()) {
      for (JsonNode op : e.getValue()) {
        String name = op.fieldNames().next();
        JsonNode value = op.get(name);
        if (name.equals("set")) {
          ObjectNode asField = FakeServer.JSON.createObjectNode();
          asField.set(e.getKey(), value);
          issue.store(asField);
        } else {
          Set<String> labels = new LinkedHashSet<>();
          issue.fields.path("labels").forEach(l -> labels.add(l.asText()));
          if (name.equals("add")) {
            labels.add(value.asText());
          } else {
            labels.remove(value.asText());
          }
          ArrayNode out = FakeServer.JSON.createArrayNode();
          new ArrayList<>(labels).forEach(out::add);
          issue.fields.set("labels", out);
        }
      }
    }
  }

  /**
   * The issue with only the fields that {@code fields} query values ask for, as
   * {@code GET /rest/api/3/issue/{id}?fields=} answers: a comma-separated list, possibly given
   * more than once, of field ids, {@code *all} or {@code *navigable} (every field the fake has is
   * navigable), and {@code -id} to leave one out. No values: every field.
   */
  static ObjectNode selectFields(ObjectNode issue, List<String> values) {
    Set<String> wanted = new LinkedHashSet<>();
    Set<String> excluded = new LinkedHashSet<>();
    boolean all = false;
    for (String value : values) {
      for (String token : value.split(",")) {
        String t = token.strip();
        if (t.isEmpty()) {
          continue;
        }
        if (t.equals("*all") || t.equals("*navigable")) {
          all = true;
        } else if (t.startsWith("-")) {
          excluded.add(t.substring(1));
        } else {
          wanted.add(t);
        }
      }
    }
    if (!all && wanted.isEmpty()) {
      all = true; // nothing asked for but exclusions: the default, every field
    }
    ObjectNode fields = (ObjectNode) issue.get("fields");
    List<String> names = new ArrayList<>();
    fields.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (excluded.contains(name) || (!all && !wanted.contains(name))) {
        fields.remove(name);
      }
    }
    return issue;
  }
}
