package dev.integrationagent.api.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;

/**
 * A named custom value transform that mapping rules refer to by {@link #name()}. Registered on
 * the agent builder or found through {@link java.util.ServiceLoader}. Thread-safe and pure.
 *
 * <pre>{@code
 * final class Upper implements FieldTransformer {
 *   public String name() { return "upper"; }
 *   public JsonNode forward(JsonNode v) { return TextNode.valueOf(v.asText().toUpperCase(Locale.ROOT)); }
 * }
 * }</pre>
 */
public interface FieldTransformer {
  /** The name rules use; unique per agent. */
  String name();

  /** Tool value to canonical value. */
  JsonNode forward(JsonNode value);

  /** Whether {@link #reverse} exists, which two-way sync needs. */
  default boolean hasReverse() {
    return false;
  }

  /** Canonical value back to tool value, so that {@code reverse(forward(x))} equals {@code x}. */
  default JsonNode reverse(JsonNode value) {
    throw new IntegrationException(ErrorCategory.CONFIGURATION,
        "transformer '" + name() + "' has no reverse; mark the rule one-way");
  }
}
