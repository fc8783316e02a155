package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Canonical values as a side can hold them. GitHub has only open and closed, so a Redmine "In
 * Progress" written there reads back as "Open": the two mean the same as far as both tools can
 * express, and must not read as a change or a conflict. A value's projection onto a side is
 * what that side's mapping reads back after writing it over an item of that side.
 */
final class Expressible {
  private Expressible() {}

  /**
   * The fields of {@code desired} named in {@code fields} as the side would hold them once
   * written over {@code template} (an item of that side, in its vendor JSON): the mapping's
   * write shape laid over the item and read back. A field the mapping cannot round-trip is
   * returned as given.
   */
  static Map<String, JsonNode> project(SyncParticipant side, JsonNode template, Map<String, JsonNode> desired,
      Set<String> fields) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (!template.isObject()) { // an item known only as last seen, not read
      fields.forEach(name -> out.put(name, desired.getOrDefault(name, NullNode.getInstance())));
      return out;
    }
    try {
      WorkItem current = side.mapping().toCanonical(template);
      WorkItem wanted = CanonicalJson.withFields(current, desired);
      JsonNode patch = side.mapping().fromCanonical(wanted, fields);
      JsonNode laid = overlay(template.deepCopy(), patch);
      Map<String, JsonNode> read = CanonicalJson.fields(side.mapping().toCanonical(laid));
      for (String name : fields) {
        out.put(name, read.getOrDefault(name, desired.getOrDefault(name, NullNode.getInstance())));
      }
    } catch (IntegrationException | IllegalArgumentException | ClassCastException e) {
      fields.forEach(name -> out.put(name, desired.getOrDefault(name, NullNode.getInstance())));
    }
    return out;
  }

  /** One field's projection; see {@link #project(SyncParticipant, JsonNode, Map, Set)}. */
  static JsonNode project(SyncParticipant side, JsonNode template, String field, JsonNode value) {
    return project(side, template, Map.of(field, value), Set.of(field)).get(field);
  }

  /**
   * Whether two values of a field mean the same across the plan's two sides: equal, or equal
   * once either is projected onto the side the other comes from.
   *
   * @param aTemplate an item of side A in its vendor JSON, null when none is at hand
   * @param bTemplate an item of side B in its vendor JSON, null when none is at hand
   */
  static boolean same(String field, JsonNode aValue, JsonNode bValue, SyncParticipant a,
      @javax.annotation.Nullable JsonNode aTemplate, SyncParticipant b, @javax.annotation.Nullable JsonNode bTemplate) {
    if (aValue.equals(bValue)) {
      return true;
    }
    if (aTemplate != null && aTemplate.isObject() && project(a, aTemplate, field, bValue).equals(aValue)) {
      return true;
    }
    return bTemplate != null && bTemplate.isObject() && project(b, bTemplate, field, aValue).equals(bValue);
  }

  /**
   * Whether a tool took a written value: it holds it, or holds what the value projects to on
   * that tool, or (for a status) a status of the same category under a name of its own. Writing
   * no value leaves the tool its default.
   */
  static boolean took(String field, @javax.annotation.Nullable JsonNode written,
      @javax.annotation.Nullable JsonNode projected, JsonNode held) {
    if (written == null || written.isNull() || written.isMissingNode() || held.equals(written)
        || held.equals(projected)) {
      return true;
    }
    if (dev.integrationagent.api.mapping.CanonicalFields.STATUS.equals(field)) {
      JsonNode category = written.path("category");
      return !category.isMissingNode() && category.equals(held.path("category"));
    }
    return false;
  }

  /** Lays {@code patch} over {@code target}: objects merge key by key, anything else replaces. */
  static JsonNode overlay(JsonNode target, JsonNode patch) {
    if (!(target instanceof ObjectNode object) || !patch.isObject()) {
      return patch.deepCopy();
    }
    patch.properties().forEach(entry -> {
      JsonNode was = object.get(entry.getKey());
      object.set(entry.getKey(), was == null ? entry.getValue().deepCopy() : overlay(was, entry.getValue()));
    });
    return object;
  }
}
