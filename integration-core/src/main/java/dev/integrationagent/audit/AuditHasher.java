package dev.integrationagent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash of one record of a chained audit file: SHA-256, or HMAC-SHA256 under a key, over the
 * previous record's hash (64 lowercase hex digits), a newline, and the record's canonical JSON.
 *
 * <p>Canonical JSON is what Jackson writes for the record's object without its {@code hash} key,
 * every object's keys sorted by {@link String#compareTo} at every depth, no whitespace, UTF-8.
 * It is computed from a tree parsed from the line's text, never from the tree in memory, so that
 * a number the writer held as a {@code BigDecimal} hashes the same as what a reader parses back.
 */
final class AuditHasher {
  /** The {@code prev} of the first record of the first file. */
  static final String GENESIS = "0".repeat(64);

  static final ObjectMapper JSON = new ObjectMapper();

  private final @Nullable byte[] key;

  private AuditHasher(@Nullable byte[] key) {
    this.key = key;
  }

  static AuditHasher of(@Nullable byte[] key) {
    if (key != null && key.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    return new AuditHasher(key == null ? null : key.clone());
  }

  boolean keyed() {
    return key != null;
  }

  /** The hash of {@code record} (its {@code hash} key, if any, left out), chained from {@code prev}. */
  String hash(String prev, ObjectNode record) {
    ObjectNode content = record.deepCopy();
    content.remove("hash");
    byte[] canonical = canonical(content);
    byte[] prefix = (prev + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      byte[] digest;
      if (key == null) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prefix);
        digest = sha.digest(canonical);
      } else {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(prefix);
        digest = mac.doFinal(canonical);
      }
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The canonical bytes of a JSON value: keys sorted at every depth. */
  static byte[] canonical(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit record failed to serialize", e);
    }
  }

  /** A tree parsed back from the text Jackson writes for {@code node}: what any reader will see. */
  static ObjectNode reparsed(ObjectNode node) {
    try {
      return (ObjectNode) JSON.readTree(JSON.writeValueAsBytes(node));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("an audit record failed to serialize", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      List<String> names = new ArrayList<>();
      node.properties().forEach(p -> names.add(p.getKey()));
      names.sort(null);
      names.forEach(name -> out.set(name, sorted(node.get(name))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }
}
