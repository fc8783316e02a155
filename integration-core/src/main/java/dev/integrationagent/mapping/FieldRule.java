package dev.integrationagent.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Expression;
import dev.integrationagent.api.mapping.FieldTrace;
import dev.integrationagent.api.mapping.FieldTransformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * One compiled rule: how a canonical field is read from the tool's JSON (a pointer or an
 * expression), converted (transformer, type, user table, value map, element by element for
 * lists), and written back. Immutable and thread-safe.
 */
final class FieldRule {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Everything a rule was compiled from. */
  record Spec(
      String target,
      @Nullable JsonPointer from,
      @Nullable Expression expr,
      @Nullable String exprSource,
      @Nullable Expression reverseExpr,
      ValueType type,
      boolean list,
      boolean single,
      @Nullable JsonPointer items,
      @Nullable Map<String, String> users,
      @Nullable ValueMap values,
      @Nullable FieldTransformer transformer,
      boolean required,
      @Nullable JsonNode defaultValue,
      boolean oneWay,
      Map<String, FieldRule> fields) {}

  private final Spec spec;
  private final @Nullable Map<String, String> usersReverse;

  FieldRule(Spec spec) {
    this.spec = spec;
    this.usersReverse = spec.users() == null ? null : invert(spec.users());
  }

  String target() {
    return spec.target();
  }

  /** The pointers this rule reads, its parts' included; none for an expression. */
  java.util.Set<String> sources() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (spec.from() != null) {
      out.add(spec.from().toString());
    }
    spec.fields().values().forEach(sub -> out.addAll(sub.sources()));
    return out;
  }

  boolean oneWay() {
    return spec.oneWay();
  }

  /** Whether the rule can write its field back: a reverse for every step. */
  boolean reversible() {
    if (!spec.fields().isEmpty()) {
      return spec.fields().values().stream().allMatch(sub -> sub.oneWay() || sub.reversible());
    }
    if (spec.expr() != null) {
      return spec.reverseExpr() != null;
    }
    return (spec.values() == null || spec.values().reversible())
        && (spec.transformer() == null || spec.transformer().hasReverse())
        && (spec.users() == null || usersReverse != null);
  }

  /** Whether the field is written back: reversible and not marked one-way. */
  boolean writable() {
    return !spec.oneWay() && reversible();
  }

  /** The rule in words, for traces and messages. */
  String describe() {
    StringBuilder out = new StringBuilder();
    if (!spec.fields().isEmpty()) {
      out.append("object of ").append(spec.fields().keySet());
    } else if (spec.expr() != null) {
      out.append("expr");
    } else {
      out.append("from ").append(spec.from());
    }
    if (spec.list()) {
      out.append(spec.single() ? " as a single value of list<" : " as list<").append(spec.type()).append('>');
      if (spec.items() != null) {
        out.append(" items ").append(spec.items());
      }
    } else if (spec.fields().isEmpty()) {
      out.append(" as ").append(spec.type());
    }
    if (spec.transformer() != null) {
      out.append(", transform ").append(spec.transformer().name());
    }
    if (spec.values() != null) {
      out.append(", ").append(spec.values());
    }
    if (spec.required()) {
      out.append(", required");
    }
    if (spec.defaultValue() != null) {
      out.append(", default ").append(spec.defaultValue());
    }
    if (spec.oneWay()) {
      out.append(", one-way");
    }
    return out.toString();
  }

  String source() {
    return spec.expr() != null ? "expr " + Excerpt.of(String.valueOf(spec.exprSource()))
        : spec.from() != null ? spec.from().toString() : "(fields)";
  }

  /**
   * Reads the canonical value from the tool's JSON.
   *
   * @return the value, or null when absent and not required
   * @param problems where problems are added, each naming the rule
   * @param traces where a trace per rule is added, or null
   */
  @Nullable JsonNode forward(JsonNode vendor, List<String> problems, @Nullable List<FieldTrace> traces) {
    List<String> mine = new ArrayList<>();
    JsonNode input = null;
    JsonNode output = null;
    if (!spec.fields().isEmpty()) {
      ObjectNode object = NODES.objectNode();
      boolean any = false;
      for (FieldRule sub : spec.fields().values()) {
        JsonNode value = sub.forward(vendor, problems, traces);
        String name = sub.target().substring(sub.target().lastIndexOf('.') + 1);
        if (value != null && !value.isNull()) {
          object.set(name, value);
          any = true;
        }
      }
      output = any ? object : null;
      if (output == null && spec.required()) {
        mine.add("required, but none of its fields has a value");
      }
    } else {
      try {
        input = read(vendor);
        output = convert(input);
      } catch (IllegalArgumentException e) {
        mine.add(e.getMessage());
      }
    }
    mine.forEach(p -> problems.add("rule " + spec.target() + " (" + source() + "): " + p));
    if (traces != null && spec.fields().isEmpty()) {
      traces.add(new FieldTrace(spec.target(), describe(), source(), input, output, mine));
    } else if (traces != null) {
      traces.add(new FieldTrace(spec.target(), describe(), source(), null, output, mine));
    }
    return mine.isEmpty() ? output : null;
  }

  private @Nullable JsonNode read(JsonNode vendor) {
    if (spec.expr() != null) {
      JsonNode out = Jslt.apply(spec.expr(), vendor);
      return out == null || out.isMissingNode() ? null : out;
    }
    JsonNode value = vendor.at(spec.from());
    return value.isMissingNode() ? null : value;
  }

  private @Nullable JsonNode convert(@Nullable JsonNode raw) {
    boolean absent = raw == null || raw.isNull();
    if (absent) {
      if (spec.defaultValue() != null) {
        return spec.defaultValue();
      }
      if (spec.required()) {
        throw new IllegalArgumentException("required, but " + (raw == null ? "missing" : "null"));
      }
      return spec.list() ? NODES.arrayNode() : NullNode.getInstance();
    }
    if (!spec.list()) {
      return element(raw);
    }
    ArrayNode out = NODES.arrayNode();
    if (spec.single() || !raw.isArray()) {
      if (!spec.single()) {
        throw new IllegalArgumentException("expected an array, found " + raw.getNodeType());
      }
      out.add(element(raw));
      return out;
    }
    int i = 0;
    for (JsonNode element : raw) {
      try {
        out.add(element(element));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("element " + i + ": " + e.getMessage());
      }
      i++;
    }
    if (spec.required() && out.isEmpty()) {
      throw new IllegalArgumentException("required, but empty");
    }
    return out;
  }

  private JsonNode element(JsonNode raw) {
    JsonNode value = raw;
    if (spec.items() != null) {
      value = raw.at(spec.items());
      if (value.isMissingNode() || value.isNull()) {
        throw new IllegalArgumentException("item has no value at " + spec.items());
      }
    }
    if (spec.transformer() != null) {
      value = spec.transformer().forward(value);
    }
    value = spec.type().read(value);
    if (spec.users() != null) {
      value = NODES.textNode(spec.users().getOrDefault(value.asText(), value.asText()));
    }
    if (spec.values() != null) {
      value = spec.values().forward(value);
    }
    return value;
  }

  /**
   * Writes the canonical value into the tool's JSON.
   *
   * @throws IllegalArgumentException when a value has no reverse mapping
   */
  void reverse(JsonNode canonical, ObjectNode out) {
    if (!spec.fields().isEmpty()) {
      for (FieldRule sub : spec.fields().values()) {
        if (sub.oneWay()) {
          continue; // read-only part of the object
        }
        String name = sub.target().substring(sub.target().lastIndexOf('.') + 1);
        JsonNode value = canonical.isObject() && canonical.has(name) ? canonical.get(name) : NullNode.getInstance();
        sub.reverse(value, out);
      }
      return;
    }
    JsonNode vendorValue;
    if (canonical.isNull() || canonical.isMissingNode()) {
      vendorValue = spec.list() && !spec.single() ? NODES.arrayNode() : NullNode.getInstance();
    } else if (spec.list()) {
      if (spec.single()) {
        vendorValue = canonical.isEmpty() ? NullNode.getInstance() : unelement(canonical.get(0));
      } else {
        ArrayNode array = NODES.arrayNode();
        canonical.forEach(e -> array.add(unelement(e)));
        vendorValue = array;
      }
    } else {
      vendorValue = unelement(canonical);
    }
    if (spec.reverseExpr() != null) {
      ObjectNode input = NODES.objectNode();
      input.set("value", canonical);
      JsonNode fragment = Jslt.apply(spec.reverseExpr(), input);
      if (!fragment.isObject()) {
        throw new IllegalArgumentException("reverse expression must produce a JSON object, produced "
            + fragment.getNodeType());
      }
      deepMerge(out, (ObjectNode) fragment);
    } else if (spec.from() != null) {
      JsonPointers.put(out, spec.from(), vendorValue);
    }
  }

  private JsonNode unelement(JsonNode canonical) {
    JsonNode value = canonical;
    if (spec.values() != null) {
      value = spec.values().reverse(value);
    }
    if (usersReverse != null) {
      value = NODES.textNode(usersReverse.getOrDefault(value.asText(), value.asText()));
    }
    if (spec.transformer() != null) {
      value = spec.transformer().reverse(value);
    }
    if (spec.items() != null) {
      ObjectNode item = NODES.objectNode();
      JsonPointers.put(item, spec.items(), value);
      value = item;
    }
    return value;
  }

  static void deepMerge(ObjectNode into, ObjectNode from) {
    from.properties().forEach(e -> {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
        deepMerge(target, source);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    });
  }

  private static @Nullable Map<String, String> invert(Map<String, String> users) {
    Map<String, String> inverse = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : users.entrySet()) {
      if (inverse.put(e.getValue(), e.getKey()) != null) {
        return null;
      }
    }
    return inverse;
  }
}
