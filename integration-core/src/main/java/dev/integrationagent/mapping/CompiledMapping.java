package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.FieldTrace;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.mapping.MappingPreview;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping compiled from a document: a list of rules, each with its pointers and expressions
 * compiled once. Immutable, thread-safe, shareable between connections.
 */
public final class CompiledMapping implements Mapping {
  private final String name;
  private final List<FieldRule> rules;
  private final Set<String> fields;
  private final Set<String> writable;
  private final List<String> lossy;

  private final boolean mapsUsers;

  CompiledMapping(String name, List<FieldRule> rules, boolean mapsUsers) {
    this.mapsUsers = mapsUsers;
    this.name = name;
    this.rules = List.copyOf(rules);
    Set<String> all = new LinkedHashSet<>();
    Set<String> canWrite = new LinkedHashSet<>();
    List<String> lossyRules = new ArrayList<>();
    for (FieldRule rule : rules) {
      if (!MappingCompiler.READ_ONLY.contains(rule.target())) {
        all.add(rule.target());
        if (rule.writable()) {
          canWrite.add(rule.target());
        }
        if (!rule.oneWay() && !rule.reversible()) {
          lossyRules.add(rule.target());
        }
      }
    }
    this.fields = Set.copyOf(all);
    this.writable = Set.copyOf(canWrite);
    this.lossy = List.copyOf(lossyRules);
  }

  /** The mapping's name, from its document. */
  public String name() {
    return name;
  }

  /** Whether the document has a {@code users} table: its user ids become canonical users. */
  @Override
  public boolean mapsUsers() {
    return mapsUsers;
  }

  @Override
  public WorkItem toCanonical(JsonNode vendor) {
    List<String> problems = new ArrayList<>();
    ObjectNode doc = apply(vendor, problems, null);
    if (!problems.isEmpty()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "mapping '" + name + "' cannot read the item ("
          + problems.size() + (problems.size() == 1 ? " problem): " : " problems): ") + String.join("; ", problems));
    }
    return CanonicalJson.fromDocument(doc, "item mapped by '" + name + "'");
  }

  @Override
  public JsonNode fromCanonical(WorkItem item, Set<String> names) {
    Map<String, JsonNode> values = CanonicalJson.fields(item);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    List<String> problems = new ArrayList<>();
    for (FieldRule rule : rules) {
      if (!names.contains(rule.target()) || !rule.writable()) {
        continue;
      }
      JsonNode value = values.getOrDefault(rule.target(), com.fasterxml.jackson.databind.node.NullNode.getInstance());
      try {
        rule.reverse(value, out);
      } catch (IllegalArgumentException e) {
        problems.add("rule " + rule.target() + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "mapping '" + name + "' cannot write the item: "
          + String.join("; ", problems));
    }
    return out;
  }

  @Override
  public MappingPreview preview(JsonNode vendor) {
    List<FieldTrace> traces = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    ObjectNode doc = apply(vendor, problems, traces);
    if (problems.isEmpty()) {
      try {
        CanonicalJson.fromDocument(doc, "preview");
      } catch (IntegrationException e) {
        traces.add(new FieldTrace("*", "canonical item", "/", null, doc, List.of(e.getMessage())));
      }
    }
    return new MappingPreview(doc, traces);
  }

  private ObjectNode apply(JsonNode vendor, List<String> problems, List<FieldTrace> traces) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (FieldRule rule : rules) {
      JsonNode value = rule.forward(vendor, problems, traces);
      if (value != null) {
        values.put(rule.target(), value);
      }
    }
    CanonicalJson.writeFields(doc, values);
    return doc;
  }

  @Override
  public Set<String> fields() {
    return fields;
  }

  @Override
  public Set<String> writableFields() {
    return writable;
  }

  @Override
  public Set<String> sourcesOf(String field) {
    Set<String> out = new LinkedHashSet<>();
    rules.stream().filter(r -> r.target().equals(field)).forEach(r -> out.addAll(r.sources()));
    return out;
  }

  @Override
  public boolean reversible() {
    return lossy.isEmpty();
  }

  @Override
  public List<String> lossyRules() {
    return lossy;
  }

  @Override
  public String toString() {
    return "Mapping[" + name + ", " + rules.size() + " rules]";
  }
}
