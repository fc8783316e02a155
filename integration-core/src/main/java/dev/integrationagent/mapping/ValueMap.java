package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A lookup table from a tool's values to canonical values (statuses, priorities, users,
 * labels), with an explicit policy for values it does not list.
 */
final class ValueMap {
  enum Unmapped {
    ERROR,
    DEFAULT,
    PASS;

    static @Nullable Unmapped parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "error" -> ERROR;
        case "default" -> DEFAULT;
        case "pass", "passthrough", "pass-through" -> PASS;
        default -> null;
      };
    }
  }

  private final Map<String, JsonNode> forward;
  private final @Nullable Map<String, String> reverse;
  private final Unmapped unmapped;
  private final @Nullable JsonNode fallback;

  /**
   * @param reverse canonical value (as JSON text) to tool value, or null when the table is not
   *     one-to-one and no reverse table was given
   */
  ValueMap(Map<String, JsonNode> forward, @Nullable Map<String, String> reverse, Unmapped unmapped,
      @Nullable JsonNode fallback) {
    this.forward = Map.copyOf(forward);
    this.reverse = reverse == null ? null : Map.copyOf(reverse);
    this.unmapped = unmapped;
    this.fallback = fallback;
  }

  /** The inverse of a one-to-one table, or null when two tool values share a canonical value. */
  static @Nullable Map<String, String> invert(Map<String, JsonNode> forward) {
    Map<String, String> inverse = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : forward.entrySet()) {
      if (inverse.put(e.getValue().toString(), e.getKey()) != null) {
        return null;
      }
    }
    return inverse;
  }

  boolean reversible() {
    return reverse != null;
  }

  JsonNode forward(JsonNode value) {
    JsonNode mapped = forward.get(value.asText());
    if (mapped != null) {
      return mapped;
    }
    return switch (unmapped) {
      case PASS -> value;
      case DEFAULT -> fallback;
      case ERROR -> throw new IllegalArgumentException("value '" + Excerpt.of(value.asText())
          + "' is not in the value map " + forward.keySet());
    };
  }

  JsonNode reverse(JsonNode canonical) {
    if (reverse == null) {
      throw new IllegalStateException("value map has no reverse");
    }
    String tool = reverse.get(canonical.toString());
    if (tool != null) {
      return TextNode.valueOf(tool);
    }
    if (unmapped == Unmapped.PASS) {
      return canonical;
    }
    throw new IllegalArgumentException("canonical value " + Excerpt.of(canonical.toString())
        + " has no entry in the reverse value map " + reverse.keySet());
  }

  @Override
  public String toString() {
    return "values" + forward.keySet() + " unmapped " + unmapped.name().toLowerCase(Locale.ROOT);
  }
}
