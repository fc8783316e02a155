package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.mapping.FieldTransformer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * The text formats a rule names with {@code format:}: each a transformer from the tool's text to
 * canonical Markdown and back.
 */
final class TextFormats {
  private static final Map<String, FieldTransformer> FORMATS = Map.of("markdown", new Identity("markdown"));

  private TextFormats() {}

  static @Nullable FieldTransformer transformer(String name) {
    return FORMATS.get(name);
  }

  static Set<String> names() {
    return new TreeSet<>(FORMATS.keySet());
  }

  /** Markdown is already canonical. */
  private record Identity(String name) implements FieldTransformer {
    @Override
    public JsonNode forward(JsonNode value) {
      return value;
    }

    @Override
    public boolean hasReverse() {
      return true;
    }

    @Override
    public JsonNode reverse(JsonNode value) {
      return value;
    }
  }
}
