package dev.integrationagent.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.event.FieldChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Records to write and the hands of someone editing an audit file: read and rewrite its lines,
 * and reseal a line with a hash computed as docs/audit-events.md describes it (written here
 * apart from the sink's code, so the documented algorithm is what is tested).
 */
final class ChainFiles {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  static final ObjectMapper JSON = new ObjectMapper();

  private ChainFiles() {}

  /** A record with every field set, at {@code T0 + n} minutes. */
  static AuditEvent event(int n) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    return AuditEvent.builder(n % 3 == 0 ? "item.created" : "item.updated",
            n % 2 == 0 ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, T0.plusSeconds(60L * n))
        .id("record-" + n).actor(n % 2 == 0 ? AuditEvent.Actor.workflow("triage") : AuditEvent.Actor.toolUser("jira"))
        .plan("github-jira").run("run-1").workflow("triage", "execution-" + n)
        .connection(n % 2 == 0 ? "jira" : "github").item("APP-" + (n % 4)).counterpart("github", Integer.toString(n))
        .change("title", new FieldChange(json.textNode("old " + n), json.textNode("new " + n)))
        .change("estimate", new FieldChange(json.nullNode(), json.numberNode(1.5)))
        .errorCategory(n % 2 == 0 ? null : ErrorCategory.TRANSIENT)
        .event("event-" + n, List.of("cause-" + n)).message("record " + n)
        .attributes(Map.of("fields", "title,estimate", "n", Integer.toString(n))).build();
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static void rewrite(Path file, List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  static ObjectNode json(String line) throws IOException {
    return (ObjectNode) JSON.readTree(line);
  }

  /** {@code line} with its prev set to {@code prev} and its hash recomputed, under {@code key} when given. */
  static String reseal(ObjectNode line, String prev, @Nullable byte[] key) throws Exception {
    ObjectNode content = line.deepCopy();
    content.remove("hash");
    content.put("prev", prev);
    byte[] canonical = SORTED.writeValueAsBytes(SORTED.convertValue(content, Object.class));
    byte[] input = concat((prev + "\n").getBytes(StandardCharsets.UTF_8), canonical);
    byte[] digest;
    if (key == null) {
      digest = MessageDigest.getInstance("SHA-256").digest(input);
    } else {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      digest = mac.doFinal(input);
    }
    content.put("hash", HexFormat.of().formatHex(digest));
    return JSON.writeValueAsString(content);
  }

  /** Recomputes every hash from line {@code fromIndex} (0-based) on, as someone without the key would. */
  static void rechain(Path file, int fromIndex, @Nullable byte[] key) throws Exception {
    List<String> lines = lines(file);
    String prev = fromIndex == 0 ? "0".repeat(64) : json(lines.get(fromIndex - 1)).get("hash").asText();
    for (int i = fromIndex; i < lines.size(); i++) {
      lines.set(i, reseal(json(lines.get(i)), prev, key));
      prev = json(lines.get(i)).get("hash").asText();
    }
    rewrite(file, lines);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
