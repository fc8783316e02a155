package dev.integrationagent.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.FieldTrace;
import dev.integrationagent.api.mapping.MappingPreview;
import dev.integrationagent.api.mapping.CanonicalFields;
import dev.integrationagent.api.mapping.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping where the tool's JSON holds canonical values, some of them under other names: each
 * renamed canonical field is read from and written to a JSON pointer, every other field sits
 * where the canonical document has it. With no renames this is the identity mapping.
 */
public final class FieldRenameMapping implements Mapping {
  private static final List<String> READ_ONLY = List.of("createdAt", "updatedAt");

  private final Map<String, JsonPointer> pointers;
  private final Set<String> fields;

  private FieldRenameMapping(Map<String, JsonPointer> pointers) {
    this.pointers = pointers;
    Set<String> declared = new LinkedHashSet<>(CanonicalFields.SYNCABLE);
    declared.add(CanonicalFields.ALL_CUSTOM);
    this.fields = Set.copyOf(declared);
  }

  /**
   * A mapping that renames the given canonical fields.
   *
   * @param renames canonical field name to JSON pointer in the tool's JSON ({@code "title" ->
   *     "/summary"}, {@code "custom.points" -> "/fields/story_points"})
   * @throws ConfigurationException naming every unknown field and malformed pointer
   */
  public static FieldRenameMapping of(Map<String, String> renames) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonPointer> pointers = new LinkedHashMap<>();
    renames.forEach((field, pointer) -> {
      boolean known = CanonicalFields.SYNCABLE.contains(field) || READ_ONLY.contains(field)
          || (field.startsWith(CanonicalFields.CUSTOM_PREFIX)
              && field.length() > CanonicalFields.CUSTOM_PREFIX.length());
      if (!known) {
        problems.add("renames." + field + ": not a canonical field; expected one of "
            + CanonicalFields.SYNCABLE + ", createdAt, updatedAt or custom.<name>");
      }
      try {
        JsonPointer compiled = JsonPointer.compile(pointer);
        if (compiled.matches()) {
          problems.add("renames." + field + ": pointer '' names the whole document, not a field");
        }
        pointers.put(field, compiled);
      } catch (IllegalArgumentException e) {
        problems.add("renames." + field + ": '" + pointer + "' is not a JSON pointer (it must start with '/')");
      }
    });
    if (!problems.isEmpty()) {
      throw new ConfigurationException("invalid field-rename mapping", problems);
    }
    return new FieldRenameMapping(Map.copyOf(pointers));
  }

  /** Values pass unchanged: the items' users are canonical users already. */
  @Override
  public boolean mapsUsers() {
    return true;
  }

  @Override
  public WorkItem toCanonical(JsonNode vendor) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    if (vendor.isObject()) {
      JsonNode custom = vendor.get("custom");
      if (custom != null && custom.isObject() && !pointers.containsKey("custom")) {
        doc.set("custom", custom.deepCopy());
      }
      Map<String, JsonNode> read = new LinkedHashMap<>();
      for (String field : knownFields()) {
        JsonNode value = vendor.at(pointerOf(field));
        if (!value.isMissingNode()) {
          read.put(field, value);
        }
      }
      CanonicalJson.writeFields(doc, read);
    }
    return CanonicalJson.fromDocument(vendor.isObject() ? doc : vendor, "item");
  }

  @Override
  public JsonNode fromCanonical(WorkItem item, Set<String> names) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    CanonicalJson.fields(item).forEach((field, value) -> {
      if (names.contains(field) || (field.startsWith(CanonicalFields.CUSTOM_PREFIX)
          && names.contains(CanonicalFields.ALL_CUSTOM))) {
        JsonPointers.put(out, pointerOf(field), value);
      }
    });
    return out;
  }

  @Override
  public MappingPreview preview(JsonNode vendor) {
    List<FieldTrace> traces = new ArrayList<>();
    for (String field : knownFields()) {
      JsonNode value = vendor.at(pointerOf(field));
      traces.add(new FieldTrace(field, "from " + pointerOf(field), pointerOf(field).toString(),
          value.isMissingNode() ? null : value, value.isMissingNode() ? null : value, List.of()));
    }
    try {
      return new MappingPreview(CanonicalJson.toDocument(toCanonical(vendor)), traces);
    } catch (IntegrationException e) {
      traces.add(new FieldTrace("*", "canonical item", "/", vendor, null, List.of(e.getMessage())));
      return new MappingPreview(JsonNodeFactory.instance.objectNode(), traces);
    }
  }

  @Override
  public Set<String> sourcesOf(String field) {
    return Set.of(pointerOf(field).toString());
  }

  @Override
  public Set<String> fields() {
    return fields;
  }

  private List<String> knownFields() {
    List<String> all = new ArrayList<>(CanonicalFields.SYNCABLE);
    all.addAll(READ_ONLY);
    pointers.keySet().stream().filter(f -> f.startsWith(CanonicalFields.CUSTOM_PREFIX)).forEach(all::add);
    return all;
  }

  private JsonPointer pointerOf(String field) {
    JsonPointer renamed = pointers.get(field);
    if (renamed != null) {
      return renamed;
    }
    if (field.startsWith(CanonicalFields.CUSTOM_PREFIX)) {
      return JsonPointer.compile("/custom").appendProperty(field.substring(CanonicalFields.CUSTOM_PREFIX.length()));
    }
    return JsonPointer.compile("/" + field);
  }

  @Override
  public String toString() {
    return pointers.isEmpty() ? "IdentityMapping" : "FieldRenameMapping" + pointers;
  }
}
