package dev.integrationagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.integrationagent.api.ConfigurationException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration document read from YAML or JSON with where each of its values stands, so that a
 * problem found later (by the schema, or by the agent's builder) can name its line and column.
 */
public final class LocatedDocument {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode root;
  private final Map<String, JsonLocation> locations;
  private final String source;

  private LocatedDocument(JsonNode root, Map<String, JsonLocation> locations, String source) {
    this.root = root;
    this.locations = locations;
    this.source = source;
  }

  /**
   * Reads {@code text}, YAML (JSON is YAML too) unless {@code json}.
   *
   * @throws ConfigurationException naming the line and column of a syntax error
   */
  public static LocatedDocument parse(String text, String source, boolean json) {
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    Map<String, JsonLocation> locations = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ConfigurationException("invalid configuration " + source, List.of("$: the document is empty"));
      }
      JsonNode root = read(parser, "", locations);
      return new LocatedDocument(root, locations, source);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigurationException("invalid configuration " + source, List.of("$" + (at == null ? ""
          : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": not valid "
          + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read configuration " + source, List.of("$: " + e.getMessage()));
    }
  }

  private static JsonNode read(JsonParser p, String pointer, Map<String, JsonLocation> locations) throws IOException {
    JsonToken token = p.currentToken();
    if (token.isScalarValue()) {
      locations.put(pointer, p.currentTokenLocation()); // a value's own place, not its key's
    } else {
      locations.putIfAbsent(pointer, p.currentTokenLocation());
    }
    switch (token) {
      case START_OBJECT -> {
        ObjectNode node = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
          locations.put(child, p.currentTokenLocation());
          p.nextToken();
          node.set(name, read(p, child, locations));
        }
        return node;
      }
      case START_ARRAY -> {
        ArrayNode node = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          node.add(read(p, pointer + "/" + i++, locations));
        }
        return node;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new JsonProcessingException("unexpected " + token, p.currentTokenLocation()) { };
    }
  }

  public JsonNode root() {
    return root;
  }

  /** Where the document came from (a file name, or "reader"). */
  public String source() {
    return source;
  }

  /**
   * A JSON pointer ({@code /plans/0/every}) as a readable path with its place in the text:
   * {@code plans[0].every (line 12, column 12)}; the nearest enclosing value's place when the
   * pointer names something missing.
   */
  public String describe(String pointer) {
    String path = path(pointer);
    String at = pointer;
    while (!locations.containsKey(at) && !at.isEmpty()) {
      at = at.substring(0, Math.max(0, at.lastIndexOf('/')));
    }
    JsonLocation location = locations.get(at);
    return location == null ? path : path + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** A JSON pointer as a dotted path: {@code /plans/0/every} is {@code plans[0].every}, the root {@code $}. */
  public static String path(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String segment : pointer.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String name = segment.replace("~1", "/").replace("~0", "~");
      if (name.matches("\\d+")) {
        out.append('[').append(name).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(name);
      }
    }
    return out.length() == 0 ? "$" : out.toString();
  }
}
