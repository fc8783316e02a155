package dev.integrationagent.mapping.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed access to ADF JSON that fails on wrong types with a {@code VALIDATION} error naming the
 * JSON path, so that a malformed document is reported where it is wrong, not where it crashes.
 */
final class AdfJson {
  private AdfJson() {}

  static List<JsonNode> content(JsonNode node, String path) {
    JsonNode content = node.get("content");
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (!content.isArray()) {
      throw invalid(path + ".content", "must be an array but was " + kind(content));
    }
    List<JsonNode> children = new ArrayList<>(content.size());
    content.forEach(children::add);
    return children;
  }

  static JsonNode attrs(JsonNode node, String path) {
    JsonNode attrs = node.get("attrs");
    if (attrs == null || attrs.isNull()) {
      return MissingNode.getInstance();
    }
    if (!attrs.isObject()) {
      throw invalid(path + ".attrs", "must be an object but was " + kind(attrs));
    }
    return attrs;
  }

  static String string(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw invalid(
          path + "." + field,
          "must be a string but was " + (value == null ? "missing" : kind(value)));
    }
    return value.asText();
  }

  static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path, "must be an ADF node (a JSON object) but was " + kind(node));
    }
  }

  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static IntegrationException invalid(String path, String problem) {
    return new IntegrationException(
        ErrorCategory.VALIDATION, "Malformed ADF: " + path + " " + problem);
  }
}
