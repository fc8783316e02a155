package dev.integrationagent.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Function;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.mapping.CanonicalFields;
import dev.integrationagent.api.mapping.FieldTransformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * Compiles a mapping document into a {@link CompiledMapping}, collecting every problem with its
 * path ({@code rules.status.fields.category.values: ...}) before failing. See
 * {@code integration-core/README.md} for the document format.
 */
public final class MappingCompiler {
  private static final Set<String> DOCUMENT_KEYS = Set.of("name", "description", "users", "rules");
  private static final Set<String> RULE_KEYS = Set.of("from", "expr", "reverse", "type", "items", "single",
      "required", "default", "values", "unmapped", "fallback", "reverseValues", "transform", "format", "oneWay",
      "fields", "description");
  static final Set<String> READ_ONLY = Set.of("createdAt", "updatedAt");

  private final Map<String, FieldTransformer> transformers;

  /** @param transformers custom transformers by name, besides the built-in text formats */
  public MappingCompiler(Map<String, FieldTransformer> transformers) {
    this.transformers = Map.copyOf(transformers);
  }

  /**
   * @param source names the document in messages (a file name or resource)
   * @throws ConfigurationException listing every problem by path
   */
  public CompiledMapping compile(JsonNode doc, String source) {
    List<String> problems = new ArrayList<>();
    if (!doc.isObject()) {
      throw new ConfigurationException("invalid mapping " + source,
          List.of("(document): expected an object with 'name' and 'rules', found " + doc.getNodeType()));
    }
    unknownKeys(doc, DOCUMENT_KEYS, "", problems);
    String name = doc.path("name").isTextual() ? doc.path("name").textValue() : null;
    if (name == null || name.isBlank()) {
      problems.add("name: required, a string naming the mapping");
      name = source;
    }
    Map<String, String> users = stringTable(doc.get("users"), "users", problems);
    if (users != null && invertible(users) == null) {
      problems.add("users: two tool users map to the same canonical user; the table must be one-to-one");
    }
    JsltContext jslt = new JsltContext(MappingFunctions.library(users == null ? Map.of() : users));
    JsonNode rules = doc.get("rules");
    List<FieldRule> compiled = new ArrayList<>();
    if (rules == null || !rules.isObject() || rules.isEmpty()) {
      problems.add("rules: required, an object with one rule per canonical field");
    } else {
      rules.properties().forEach(e -> {
        String target = e.getKey();
        String path = "rules." + target;
        if (!isTarget(target)) {
          problems.add(path + ": not a canonical field; expected one of " + CanonicalFields.SYNCABLE
              + ", createdAt, updatedAt or custom.<name>");
          return;
        }
        FieldRule rule = rule(target, e.getValue(), path, users, jslt, problems);
        if (rule != null) {
          compiled.add(rule);
        }
      });
      if (!rules.has(CanonicalFields.TITLE)) {
        problems.add("rules.title: missing; every item needs a title");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("invalid mapping " + source, problems);
    }
    return new CompiledMapping(name, compiled, users != null && !users.isEmpty());
  }

  private @Nullable FieldRule rule(String target, JsonNode node, String path, @Nullable Map<String, String> users,
      JsltContext jslt, List<String> problems) {
    if (node.isTextual()) {
      node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("from", node.textValue());
    }
    if (!node.isObject()) {
      problems.add(path + ": expected a rule object or a JSON pointer string, found " + node.getNodeType());
      return null;
    }
    int before = problems.size();
    unknownKeys(node, RULE_KEYS, path + ".", problems);
    int sources = (node.has("from") ? 1 : 0) + (node.has("expr") ? 1 : 0) + (node.has("fields") ? 1 : 0);
    if (sources != 1) {
      problems.add(path + ": needs exactly one of 'from' (a JSON pointer), 'expr' (a JSLT expression) or 'fields'"
          + (sources == 0 ? "" : "; found " + sources));
    }
    JsonPointer from = node.has("from") ? pointer(node.get("from"), path + ".from", problems) : null;
    Expression expr = null;
    String exprSource = null;
    if (node.has("expr")) {
      exprSource = text(node.get("expr"), path + ".expr", problems);
      expr = exprSource == null ? null : Jslt.compile(exprSource, path + ".expr", jslt.functions(), problems);
    }
    Expression reverseExpr = null;
    if (node.has("reverse")) {
      String reverse = text(node.get("reverse"), path + ".reverse", problems);
      reverseExpr = reverse == null ? null : Jslt.compile(reverse, path + ".reverse", jslt.functions(), problems);
      if (!node.has("expr")) {
        problems.add(path + ".reverse: only an 'expr' rule takes a reverse expression");
      }
    }
    Kind kind = kindOf(target);
    boolean list = kind == Kind.LIST;
    ValueType type = kind.defaultType;
    if (node.has("type")) {
      String declared = text(node.get("type"), path + ".type", problems);
      if (declared != null) {
        boolean declaredList = declared.startsWith("list<") && declared.endsWith(">");
        ValueType parsed = ValueType.parse(declaredList ? declared.substring(5, declared.length() - 1) : declared);
        if (parsed == null) {
          problems.add(path + ".type: unknown type '" + declared
              + "'; expected string, number, boolean, instant, date, user, any or list<…> of one");
        } else if (!kind.accepts(parsed, declaredList)) {
          problems.add(path + ".type: '" + declared + "' does not fit " + target + ", which is " + kind.description);
        } else {
          type = parsed;
          list = declaredList;
        }
      }
    }
    boolean single = bool(node.get("single"), path + ".single", problems);
    if (single && !list) {
      problems.add(path + ".single: only a list field can be read from a single value");
    }
    JsonPointer items = node.has("items") ? pointer(node.get("items"), path + ".items", problems) : null;
    ValueMap values = node.has("values") ? valueMap(node, path, kind, problems) : null;
    FieldTransformer transformer = null;
    if (node.has("transform") && node.has("format")) {
      problems.add(path + ": give 'transform' or 'format', not both");
    } else if (node.has("transform")) {
      String name = text(node.get("transform"), path + ".transform", problems);
      transformer = name == null ? null : transformers.get(name);
      if (name != null && transformer == null) {
        problems.add(path + ".transform: unknown transformer '" + name + "'; registered: "
            + new TreeSet<>(transformers.keySet()));
      }
    } else if (node.has("format")) {
      String name = text(node.get("format"), path + ".format", problems);
      transformer = name == null ? null : FormatTransformers.transformer(name);
      if (name != null && transformer == null) {
        problems.add(path + ".format: unknown text format '" + name + "'; known: " + FormatTransformers.names());
      } else if (transformer != null && type != ValueType.STRING) {
        problems.add(path + ".format: a text format needs a string field");
      }
    }
    JsonNode defaultValue = node.get("default");
    if (defaultValue != null && !defaultValue.isNull()) {
      try {
        if (list) {
          if (!defaultValue.isArray()) {
            throw new IllegalArgumentException("expected an array");
          }
          for (JsonNode element : defaultValue) {
            type.read(element);
          }
        } else if (kind != Kind.STATUS) {
          type.read(defaultValue);
        }
      } catch (IllegalArgumentException e) {
        problems.add(path + ".default: " + e.getMessage());
      }
    }
    Map<String, FieldRule> fields = new LinkedHashMap<>();
    if (node.has("fields")) {
      if (kind != Kind.STATUS) {
        problems.add(path + ".fields: only status is an object of fields");
      } else if (!node.get("fields").isObject()) {
        problems.add(path + ".fields: expected an object with 'name' and 'category' rules");
      } else {
        node.get("fields").properties().forEach(e -> {
          String sub = e.getKey();
          if (!sub.equals("name") && !sub.equals("category")) {
            problems.add(path + ".fields." + sub + ": status has only 'name' and 'category'");
            return;
          }
          FieldRule rule = rule("status." + sub, e.getValue(), path + ".fields." + sub, users, jslt, problems);
          if (rule != null) {
            fields.put(sub, rule);
          }
        });
        if (!fields.containsKey("name")) {
          problems.add(path + ".fields.name: missing; a status needs a name");
        }
      }
    } else if (kind == Kind.STATUS && from != null && !node.has("type")) {
      type = ValueType.ANY; // a pointer to an object already shaped {"name":…,"category":…}
    }
    boolean oneWay = bool(node.get("oneWay"), path + ".oneWay", problems);
    if (problems.size() > before) {
      return null;
    }
    return new FieldRule(new FieldRule.Spec(target, from, expr, exprSource, reverseExpr, type, list, single, items,
        type == ValueType.USER ? users : null, values, transformer,
        bool(node.get("required"), path + ".required", problems), defaultValue, oneWay, fields));
  }

  private @Nullable ValueMap valueMap(JsonNode node, String path, Kind kind, List<String> problems) {
    JsonNode table = node.get("values");
    if (!table.isObject() || table.isEmpty()) {
      problems.add(path + ".values: expected a non-empty object from tool value to canonical value");
      return null;
    }
    Map<String, JsonNode> forward = new LinkedHashMap<>();
    table.properties().forEach(e -> forward.put(e.getKey(), e.getValue()));
    if (kind == Kind.CATEGORY) {
      forward.forEach((k, v) -> {
        if (!v.isTextual() || Arrays.stream(StatusCategory.values()).noneMatch(c -> c.name().equals(v.textValue()))) {
          problems.add(path + ".values." + k + ": " + v + " is not a status category; expected one of "
              + Arrays.toString(StatusCategory.values()));
        }
      });
    }
    ValueMap.Unmapped unmapped = ValueMap.Unmapped.ERROR;
    if (node.has("unmapped")) {
      String policy = text(node.get("unmapped"), path + ".unmapped", problems);
      ValueMap.Unmapped parsed = policy == null ? null : ValueMap.Unmapped.parse(policy);
      if (policy != null && parsed == null) {
        problems.add(path + ".unmapped: unknown policy '" + policy + "'; expected error, default or pass");
      } else if (parsed != null) {
        unmapped = parsed;
      }
    }
    JsonNode fallback = node.get("fallback");
    if (unmapped == ValueMap.Unmapped.DEFAULT && (fallback == null || fallback.isNull())) {
      problems.add(path + ".fallback: required when unmapped is 'default'");
    } else if (unmapped != ValueMap.Unmapped.DEFAULT && fallback != null) {
      problems.add(path + ".fallback: only used when unmapped is 'default'");
    }
    Map<String, String> reverse;
    if (node.has("reverseValues")) {
      reverse = new LinkedHashMap<>();
      JsonNode reverseTable = node.get("reverseValues");
      if (!reverseTable.isObject()) {
        problems.add(path + ".reverseValues: expected an object from canonical value to tool value");
      } else {
        Map<String, String> into = reverse;
        reverseTable.properties().forEach(e -> into.put(
            com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()).toString(), e.getValue().asText()));
      }
    } else {
      reverse = ValueMap.invert(forward);
    }
    return new ValueMap(forward, reverse, unmapped, fallback);
  }

  /** What kind of value a canonical field holds. */
  private enum Kind {
    TEXT(ValueType.STRING, "a string"),
    DATE(ValueType.DATE, "a date"),
    INSTANT(ValueType.INSTANT, "an instant"),
    LIST(ValueType.STRING, "a list of strings"),
    STATUS(ValueType.ANY, "an object {name, category}"),
    CATEGORY(ValueType.STRING, "one of TODO, IN_PROGRESS, DONE"),
    CUSTOM(ValueType.ANY, "any JSON value");

    final ValueType defaultType;
    final String description;

    Kind(ValueType defaultType, String description) {
      this.defaultType = defaultType;
      this.description = description;
    }

    boolean accepts(ValueType type, boolean list) {
      return switch (this) {
        case TEXT, CATEGORY -> !list && (type == ValueType.STRING || type == ValueType.USER);
        case DATE -> !list && type == ValueType.DATE;
        case INSTANT -> !list && type == ValueType.INSTANT;
        case LIST -> list && (type == ValueType.STRING || type == ValueType.USER);
        case STATUS -> !list && type == ValueType.ANY;
        case CUSTOM -> true;
      };
    }
  }

  private static Kind kindOf(String target) {
    return switch (target) {
      case CanonicalFields.TITLE, CanonicalFields.DESCRIPTION, CanonicalFields.PRIORITY, "status.name" -> Kind.TEXT;
      case "status.category" -> Kind.CATEGORY;
      case CanonicalFields.DUE_DATE -> Kind.DATE;
      case "createdAt", "updatedAt" -> Kind.INSTANT;
      case CanonicalFields.ASSIGNEES, CanonicalFields.LABELS -> Kind.LIST;
      case CanonicalFields.STATUS -> Kind.STATUS;
      default -> Kind.CUSTOM;
    };
  }

  static boolean isTarget(String target) {
    return CanonicalFields.SYNCABLE.contains(target) || READ_ONLY.contains(target)
        || (target.startsWith(CanonicalFields.CUSTOM_PREFIX) && target.length() > CanonicalFields.CUSTOM_PREFIX.length());
  }

  private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix, List<String> problems) {
    node.properties().forEach(e -> {
      if (!allowed.contains(e.getKey())) {
        problems.add(prefix + e.getKey() + ": unknown key; expected one of " + new TreeSet<>(allowed));
      }
    });
  }

  private static @Nullable JsonPointer pointer(JsonNode node, String path, List<String> problems) {
    String text = text(node, path, problems);
    if (text == null) {
      return null;
    }
    try {
      JsonPointer pointer = JsonPointer.compile(text);
      if (pointer.matches()) {
        problems.add(path + ": '' points at the whole document, not a field");
        return null;
      }
      return pointer;
    } catch (IllegalArgumentException e) {
      problems.add(path + ": '" + text + "' is not a JSON pointer (it must start with '/')");
      return null;
    }
  }

  private static @Nullable String text(JsonNode node, String path, List<String> problems) {
    if (!node.isTextual()) {
      problems.add(path + ": expected a string, found " + node.getNodeType());
      return null;
    }
    return node.textValue();
  }

  private static boolean bool(@Nullable JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      problems.add(path + ": expected true or false, found " + node);
      return false;
    }
    return node.booleanValue();
  }

  private static @Nullable Map<String, String> stringTable(@Nullable JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(path + ": expected an object from tool user to canonical user");
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.properties().forEach(e -> {
      if (!e.getValue().isTextual()) {
        problems.add(path + "." + e.getKey() + ": expected a string, found " + e.getValue().getNodeType());
      } else {
        out.put(e.getKey(), e.getValue().textValue());
      }
    });
    return out;
  }

  private static @Nullable Map<String, String> invertible(Map<String, String> table) {
    Map<String, String> inverse = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : table.entrySet()) {
      if (inverse.put(e.getValue(), e.getKey()) != null) {
        return null;
      }
    }
    return inverse;
  }

  /** The functions expressions of one document may call. */
  private record JsltContext(List<Function> functions) {}
}
