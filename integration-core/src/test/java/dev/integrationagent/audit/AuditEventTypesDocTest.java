package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/audit-events.md lists the audit types recorded outside the event stream, and only those:
 * the dotted literals of core's sources that build an {@code AuditEvent} themselves. Every other
 * record is an event's ({@link AuditRecords}), documented in docs/events.md.
 */
class AuditEventTypesDocTest {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Path DOC = Path.of("..", "docs", "audit-events.md");
  private static final Pattern BUILT = Pattern.compile("new AuditEvent\\([^;]*?\"([a-z]+\\.[a-z-]+)\"", Pattern.DOTALL);
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z]+\\.[a-z-]+)` \\|");

  @Test
  void theDocListsEveryTypeBuiltOutsideTheStreamAndNoOther() throws IOException {
    TreeSet<String> built = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
        Matcher m = BUILT.matcher(code);
        while (m.find()) {
          built.add(m.group(1));
        }
      }
    }
    assertThat(built).as("the scan finds the HTTP pipeline's records").contains("http.call");

    TreeSet<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(Files.readString(DOC));
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).isEqualTo(built);
  }
}
