package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.mapping.FieldTransformer;

/** A transformer found through ServiceLoader in tests: reverses text, and is its own reverse. */
public final class ReversedText implements FieldTransformer {
  @Override
  public String name() {
    return "reversed";
  }

  @Override
  public JsonNode forward(JsonNode value) {
    return TextNode.valueOf(new StringBuilder(value.asText()).reverse().toString());
  }

  @Override
  public boolean hasReverse() {
    return true;
  }

  @Override
  public JsonNode reverse(JsonNode value) {
    return forward(value);
  }
}
