package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.annotation.Nullable;

/** Stable hashes of canonical values: what the agent saw on a side, to recognise it when it returns. */
final class WrittenState {
  /**
   * The key under which a link's seen hashes keep the item's version at that sight; no canonical
   * field name starts with {@code @}.
   */
  static final String VERSION = "@version";

  private WrittenState() {}

  /** The hash of one value, short enough to keep per field. */
  static String hash(JsonNode value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] full = digest.digest(value.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(full, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Per field, the hash of the value a side holds, and the item's version under {@link WrittenState#VERSION}. */
  static ObjectNode seen(Map<String, JsonNode> fields, @Nullable String version) {
    ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    fields.forEach((name, value) -> node.put(name, WrittenState.hash(value)));
    if (version != null) {
      node.put(WrittenState.VERSION, version);
    }
    return node;
  }
}
