package dev.integrationagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.mapping.FieldTransformer;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.http.SettingProblems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.annotation.Nullable;

/**
 * Builds a mapping in Java, rule by rule; it compiles exactly like a mapping document, with the
 * same validation.
 *
 * <pre>{@code
 * Mapping m = Mappings.builder("github-issue")
 *     .rule("title", r -> r.from("/title").required())
 *     .rule("labels", r -> r.from("/labels").items("/name"))
 *     .rule("status", r -> r.field("name", s -> s.from("/state"))
 *                           .field("category", s -> s.from("/state").values(Map.of("open", "TODO", "closed", "DONE"))))
 *     .build();
 * }</pre>
 */
public final class MappingBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode doc = JSON.createObjectNode();
  private final ObjectNode rules;
  private final Map<String, FieldTransformer> transformers = new LinkedHashMap<>();
  private final SettingProblems misuse = new SettingProblems();

  MappingBuilder(@Nullable String name) {
    doc.put("name", misuse.present("name", name, "unnamed"));
    rules = doc.putObject("rules");
  }

  /** Adds (or replaces) the rule for a canonical field. */
  public MappingBuilder rule(String field, Consumer<Rule> rule) {
    if (field == null) {
      misuse.record("rules", "a field name is " + SettingProblems.missing());
      return this;
    }
    if (rule == null) {
      misuse.record("rules." + field, SettingProblems.missing());
      return this;
    }
    Rule r = new Rule();
    try {
      rule.accept(r);
      misuse.clear("rules." + field);
    } catch (RuntimeException e) {
      misuse.record("rules." + field, "building the rule failed: " + e);
      return this;
    }
    rules.set(field, r.node);
    return this;
  }

  /** A table from the tool's user ids to canonical users, for fields of type {@code user}. */
  public MappingBuilder users(Map<String, String> users) {
    if (users == null || users.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
      misuse.record("users", users == null ? SettingProblems.missing() : "a user id or name is null");
      return this;
    }
    ObjectNode table = doc.putObject("users");
    users.forEach(table::put);
    return this;
  }

  /** Makes a transformer available to rules of this mapping by its name. */
  public MappingBuilder transformer(FieldTransformer transformer) {
    if (transformer == null) {
      misuse.record("transformers", "a transformer is " + SettingProblems.missing());
    } else {
      transformers.put(transformer.name(), transformer);
    }
    return this;
  }

  /** The mapping as a document, as {@link Mappings#fromJson} would read it. */
  public JsonNode toDocument() {
    return doc.deepCopy();
  }

  /**
   * Compiles the mapping.
   *
   * @throws dev.integrationagent.api.ConfigurationException listing every problem by path
   */
  public Mapping build() {
    List<String> problems = misuse.list();
    try {
      Mapping mapping = Mappings.compile(doc, "mapping built in Java", transformers);
      if (problems.isEmpty()) {
        return mapping;
      }
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigurationException("invalid mapping '" + doc.path("name").asText() + "' built in Java", problems);
  }

  /** One rule; each method sets the key of the same name in the document format. */
  public static final class Rule {
    private final ObjectNode node = JSON.createObjectNode();

    private Rule() {}

    /** Reads the field at a JSON pointer ({@code /fields/summary}). */
    public Rule from(String pointer) {
      node.put("from", pointer);
      return this;
    }

    /** Reads the field with a JSLT expression over the whole item. */
    public Rule expr(String jslt) {
      node.put("expr", jslt);
      return this;
    }

    /** Writes the field back: a JSLT expression over {@code {"value": …}} producing a JSON object. */
    public Rule reverse(String jslt) {
      node.put("reverse", jslt);
      return this;
    }

    /** The value's type: string, number, boolean, instant, date, user, any, or list&lt;one of them&gt;. */
    public Rule type(String type) {
      node.put("type", type);
      return this;
    }

    /** For a list of objects: where each element's value is ({@code /name}). */
    public Rule items(String pointer) {
      node.put("items", pointer);
      return this;
    }

    /** A list field the tool holds as one value (Jira's single assignee). */
    public Rule single() {
      node.put("single", true);
      return this;
    }

    public Rule required() {
      node.put("required", true);
      return this;
    }

    public Rule defaultValue(JsonNode value) {
      node.set("default", value);
      return this;
    }

    /** A lookup table from tool value to canonical value. */
    public Rule values(Map<String, ?> table) {
      node.set("values", JSON.valueToTree(table));
      return this;
    }

    /** What to do with a value the table does not list: error (default), default, or pass. */
    public Rule unmapped(String policy) {
      node.put("unmapped", policy);
      return this;
    }

    /** The canonical value of unlisted values when {@code unmapped} is {@code default}. */
    public Rule fallback(JsonNode value) {
      node.set("fallback", value);
      return this;
    }

    /** The reverse table, for a many-to-one {@link #values} table. */
    public Rule reverseValues(Map<String, String> table) {
      node.set("reverseValues", JSON.valueToTree(table));
      return this;
    }

    /** A named {@link FieldTransformer}. */
    public Rule transform(String name) {
      node.put("transform", name);
      return this;
    }

    /** A text format converted to and from Markdown ({@code markdown}, {@code adf}, {@code textile}). */
    public Rule format(String name) {
      node.put("format", name);
      return this;
    }

    /** Read only: never written back, and allowed to be lossy in a two-way plan. */
    public Rule oneWay() {
      node.put("oneWay", true);
      return this;
    }

    /** A rule for one field of an object field ({@code name} and {@code category} of status). */
    public Rule field(String name, Consumer<Rule> rule) {
      Rule r = new Rule();
      rule.accept(r);
      ObjectNode fields = node.has("fields") ? (ObjectNode) node.get("fields") : node.putObject("fields");
      fields.set(name, r.node);
      return this;
    }
  }
}
