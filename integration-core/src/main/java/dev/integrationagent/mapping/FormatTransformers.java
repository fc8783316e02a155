package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.mapping.FieldTransformer;
import dev.integrationagent.mapping.text.TextFormats;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.annotation.Nullable;

/**
 * The text formats a rule names with {@code format:}: each a transformer from the tool's text to
 * canonical Markdown and back ({@link TextFormats} does the converting). A null value stays null.
 */
final class FormatTransformers {
  private static final Map<String, FieldTransformer> FORMATS = Map.of(
      "markdown", new Format("markdown", JsonNode::asText, TextNode::valueOf),
      "adf", new Format("adf", TextFormats::adfToMarkdown, TextFormats::markdownToAdf),
      "textile", new Format("textile", v -> TextFormats.textileToMarkdown(v.asText()),
          md -> TextNode.valueOf(TextFormats.markdownToTextile(md))));

  private FormatTransformers() {}

  static @Nullable FieldTransformer transformer(String name) {
    return FORMATS.get(name);
  }

  static Set<String> names() {
    return new TreeSet<>(FORMATS.keySet());
  }

  /** One format: tool value to Markdown, and Markdown back to a tool value. */
  private record Format(String name, Function<JsonNode, String> toMarkdown, Function<String, JsonNode> fromMarkdown)
      implements FieldTransformer {
    @Override
    public JsonNode forward(JsonNode value) {
      return value.isNull() ? value : TextNode.valueOf(toMarkdown.apply(value));
    }

    @Override
    public boolean hasReverse() {
      return true;
    }

    @Override
    public JsonNode reverse(JsonNode value) {
      return value.isNull() ? NullNode.getInstance() : fromMarkdown.apply(value.asText());
    }
  }
}
