package dev.integrationagent.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes through JSON pointers, creating the objects on the way. */
final class JsonPointers {
  private JsonPointers() {}

  static void put(ObjectNode root, JsonPointer pointer, JsonNode value) {
    ObjectNode parent = root;
    JsonPointer rest = pointer;
    while (!rest.tail().matches()) {
      String name = rest.getMatchingProperty();
      JsonNode child = parent.get(name);
      parent = child instanceof ObjectNode ? (ObjectNode) child : parent.putObject(name);
      rest = rest.tail();
    }
    parent.set(rest.getMatchingProperty(), value);
  }
}
