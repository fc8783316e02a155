package dev.integrationagent.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The lines of an audit file as bytes on disk: where each begins, whether it has its newline, and
 * its JSON object when it parses as one. What the verifier, the readers and a sink recovering from
 * a crash all start from, so they agree on line numbers.
 */
final class AuditFileLines {
  static final String RECOVERED = "audit.recovered";

  private AuditFileLines() {}

  /**
   * One line.
   *
   * @param number 1-based
   * @param length its bytes, the newline left out
   * @param terminated whether a newline ends it (only the last line of a file can lack one)
   * @param json its object, or null when it is not a JSON object
   */
  record Line(int number, long offset, int length, boolean terminated, @Nullable ObjectNode json) {
    boolean chained() {
      return json != null && json.path("hash").isTextual() && json.path("prev").isTextual();
    }

    String hash() {
      return json == null ? "" : json.path("hash").asText();
    }

    String prev() {
      return json == null ? "" : json.path("prev").asText();
    }

    @Nullable String recordId() {
      return json != null && json.path("id").isTextual() ? json.get("id").textValue() : null;
    }

    /** Whether this is the record a sink wrote on reopening after {@code torn} was cut short. */
    boolean acknowledges(Line torn) {
      return json != null && RECOVERED.equals(json.path("operation").asText())
          && json.path("attributes").path("tornLine").asText().equals(Integer.toString(torn.number()))
          && json.path("attributes").path("tornBytes").asText().equals(Integer.toString(torn.length()));
    }
  }

  /** Every line of {@code file}; an absent file has none. */
  static List<Line> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot read the audit file " + file, e);
    }
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 1;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      boolean terminated = end < bytes.length;
      lines.add(new Line(number++, start, end - start, terminated, parse(bytes, start, end - start)));
      start = end + 1;
    }
    return lines;
  }

  /** The lines of {@code lines} that are records a reader should see: chained or not, torn ones left out. */
  static List<Line> records(Path file, List<Line> lines) {
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.length() == 0) {
        continue;
      }
      if (line.json() == null) {
        if (torn(lines, i)) {
          continue;
        }
        throw new IntegrationException(ErrorCategory.VALIDATION,
            file + " line " + line.number() + ": not an audit event line: not a JSON object");
      }
      out.add(line);
    }
    return out;
  }

  /**
   * Whether line {@code i} is torn by a crash: the file's last line without its newline, or a line
   * that the next record, written by a sink on reopening, names as torn.
   */
  static boolean torn(List<Line> lines, int i) {
    Line line = lines.get(i);
    if (!line.terminated()) {
      return true;
    }
    for (int j = i + 1; j < lines.size(); j++) {
      if (lines.get(j).json() != null) {
        return lines.get(j).acknowledges(line);
      }
    }
    return false;
  }

  private static @Nullable ObjectNode parse(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return null;
    }
    try {
      JsonNode node = AuditHasher.JSON.readTree(new String(bytes, offset, length, StandardCharsets.UTF_8));
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }
}
