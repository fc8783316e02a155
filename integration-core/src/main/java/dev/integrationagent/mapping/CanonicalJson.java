package dev.integrationagent.mapping;

import static dev.integrationagent.api.mapping.CanonicalFields.ASSIGNEES;
import static dev.integrationagent.api.mapping.CanonicalFields.CUSTOM_PREFIX;
import static dev.integrationagent.api.mapping.CanonicalFields.DESCRIPTION;
import static dev.integrationagent.api.mapping.CanonicalFields.DUE_DATE;
import static dev.integrationagent.api.mapping.CanonicalFields.LABELS;
import static dev.integrationagent.api.mapping.CanonicalFields.PRIORITY;
import static dev.integrationagent.api.mapping.CanonicalFields.STATUS;
import static dev.integrationagent.api.mapping.CanonicalFields.TITLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The canonical JSON form of a {@link WorkItem}, in two shapes:
 *
 * <ul>
 *   <li>the <em>document</em>: {@code {"title":…, "status":{"name":…,"category":"DONE"},
 *       "custom":{"points":3}, …}}, what the identity mapping reads and writes;
 *   <li>the <em>fields</em>: a flat map from canonical field name ({@code custom.points}
 *       included) to value, what diffs, bases, history and conflicts use. An absent value is
 *       JSON {@code null}, so clearing a field is a change like any other.
 * </ul>
 */
public final class CanonicalJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CanonicalJson() {}

  /** The item as a canonical document. */
  public static ObjectNode toDocument(WorkItem item) {
    ObjectNode doc = NODES.objectNode();
    writeFields(doc, fields(item));
    doc.put("createdAt", item.createdAt() == null ? null : item.createdAt().toString());
    doc.put("updatedAt", item.updatedAt() == null ? null : item.updatedAt().toString());
    return doc;
  }

  /**
   * Reads a canonical document.
   *
   * @param where names the document in error messages ({@code "item 42 of connection a"})
   * @throws IntegrationException {@code VALIDATION} listing every problem by JSON path
   */
  public static WorkItem fromDocument(JsonNode doc, String where) {
    List<String> problems = new ArrayList<>();
    if (!doc.isObject()) {
      throw new IntegrationException(ErrorCategory.VALIDATION,
          where + ": expected a JSON object, found " + doc.getNodeType());
    }
    WorkItem.Builder b = WorkItem.builder();
    String title = text(doc, TITLE, problems);
    if (title == null || title.isBlank()) {
      problems.add("/title: required, but " + (title == null ? "missing" : "blank"));
    } else {
      b.title(title);
    }
    String description = text(doc, DESCRIPTION, problems);
    b.description(description == null ? "" : description);
    b.status(status(doc.get(STATUS), problems));
    b.priority(text(doc, PRIORITY, problems));
    b.assignees(strings(doc, ASSIGNEES, problems));
    b.labels(strings(doc, LABELS, problems));
    b.dueDate(date(doc, DUE_DATE, problems));
    b.createdAt(instant(doc, "createdAt", problems));
    b.updatedAt(instant(doc, "updatedAt", problems));
    JsonNode custom = doc.get("custom");
    if (custom != null && !custom.isNull()) {
      if (!custom.isObject()) {
        problems.add("/custom: expected an object, found " + custom.getNodeType());
      } else {
        custom.properties().forEach(e -> b.customField(e.getKey(), e.getValue()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IntegrationException(ErrorCategory.VALIDATION,
          where + " is not a valid work item: " + String.join("; ", problems));
    }
    return b.build();
  }

  /** The item's syncable fields, flat, in a stable order; absent values are JSON null. */
  public static Map<String, JsonNode> fields(WorkItem item) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    out.put(TITLE, TextNode.valueOf(item.title()));
    out.put(DESCRIPTION, TextNode.valueOf(item.description()));
    out.put(STATUS, item.status() == null ? NullNode.getInstance() : statusNode(item.status()));
    out.put(PRIORITY, item.priority() == null ? NullNode.getInstance() : TextNode.valueOf(item.priority()));
    out.put(ASSIGNEES, array(item.assignees()));
    out.put(LABELS, array(item.labels()));
    out.put(DUE_DATE, item.dueDate() == null ? NullNode.getInstance() : TextNode.valueOf(item.dueDate().toString()));
    item.customFields().forEach((name, value) -> out.put(CUSTOM_PREFIX + name, value));
    return out;
  }

  /** The fields as one JSON object, for storage. */
  public static ObjectNode fieldsObject(Map<String, JsonNode> fields) {
    ObjectNode node = NODES.objectNode();
    fields.forEach(node::set);
    return node;
  }

  /** A JSON object of fields, back to a map. */
  public static Map<String, JsonNode> fieldsOf(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * The item with the given flat fields replaced. Fields not named keep their value.
   *
   * @throws IntegrationException {@code VALIDATION} when a value has the wrong shape
   */
  public static WorkItem withFields(WorkItem item, Map<String, JsonNode> changes) {
    ObjectNode doc = toDocument(item);
    writeFields(doc, changes);
    return fromDocument(doc, "merged item");
  }

  /** Writes flat fields into a canonical document, nesting {@code custom.*} under {@code custom}. */
  public static void writeFields(ObjectNode doc, Map<String, JsonNode> fields) {
    fields.forEach((name, value) -> {
      if (name.startsWith(CUSTOM_PREFIX)) {
        ObjectNode custom = doc.has("custom") && doc.get("custom").isObject()
            ? (ObjectNode) doc.get("custom") : doc.putObject("custom");
        String key = name.substring(CUSTOM_PREFIX.length());
        if (value.isNull()) {
          custom.remove(key);
        } else {
          custom.set(key, value);
        }
      } else {
        doc.set(name, value);
      }
    });
  }

  /** The subset of {@code fields} whose names are in {@code names}, in {@code fields}' order. */
  public static Map<String, JsonNode> select(Map<String, JsonNode> fields, Collection<String> names) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> {
      if (names.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  static ObjectNode statusNode(Status status) {
    ObjectNode node = NODES.objectNode();
    node.put("name", status.name());
    node.put("category", status.category().name());
    return node;
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static @Nullable String text(JsonNode doc, String field, List<String> problems) {
    JsonNode node = doc.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add("/" + field + ": expected a string, found " + node.getNodeType());
      return null;
    }
    return node.textValue();
  }

  private static List<String> strings(JsonNode doc, String field, List<String> problems) {
    JsonNode node = doc.get(field);
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      problems.add("/" + field + ": expected an array of strings, found " + node.getNodeType());
      return out;
    }
    Iterator<JsonNode> it = node.elements();
    for (int i = 0; it.hasNext(); i++) {
      JsonNode element = it.next();
      if (element.isTextual()) {
        out.add(element.textValue());
      } else {
        problems.add("/" + field + "/" + i + ": expected a string, found " + element.getNodeType());
      }
    }
    return out;
  }

  private static @Nullable Status status(@Nullable JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add("/status: expected {\"name\":…,\"category\":…}, found " + node.getNodeType());
      return null;
    }
    String name = text(node, "name", problems);
    String category = text(node, "category", problems);
    if (name == null || name.isBlank()) {
      problems.add("/status/name: required");
      return null;
    }
    try {
      return Status.of(name, StatusCategory.valueOf(
          category == null ? "" : category.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      problems.add("/status/category: expected one of TODO, IN_PROGRESS, DONE, found '" + category + "'");
      return null;
    }
  }

  private static @Nullable LocalDate date(JsonNode doc, String field, List<String> problems) {
    String text = text(doc, field, problems);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      problems.add("/" + field + ": expected a date like 2026-01-31, found '" + text + "'");
      return null;
    }
  }

  private static @Nullable Instant instant(JsonNode doc, String field, List<String> problems) {
    String text = text(doc, field, problems);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add("/" + field + ": expected an ISO-8601 instant, found '" + text + "'");
      return null;
    }
  }
}
