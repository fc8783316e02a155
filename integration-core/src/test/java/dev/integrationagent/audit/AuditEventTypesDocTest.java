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
 * docs/audit-events.md lists exactly the event types the agent records. The types are the dotted
 * string literals ({@code "item.created"}) in core's sources that build or record audit events.
 */
class AuditEventTypesDocTest {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Path DOC = Path.of("..", "docs", "audit-events.md");
  private static final Pattern DOTTED = Pattern.compile("\"([a-z]+\\.[a-z]+)\"");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z]+\\.[a-z]+)` \\|");

  @Test
  void theDocListsEveryTypeTheAgentRecordsAndNoOther() throws IOException {
    TreeSet<String> recorded = recordedTypes();
    assertThat(recorded).as("the scan finds the engine's events").contains("item.created", "http.call", "run.finished");

    TreeSet<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(Files.readString(DOC));
    while (row.find()) {
      assertThat(documented.add(row.group(1))).as("one row for " + row.group(1)).isTrue();
    }
    assertThat(documented).isEqualTo(recorded);
  }

  /** Dotted literals of every source file that names AuditEvent, outside comments. */
  private static TreeSet<String> recordedTypes() throws IOException {
    TreeSet<String> types = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        if (!source.contains("AuditEvent")) {
          continue;
        }
        // javadoc examples ({"type":"item.created"}) are not events
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
        Matcher m = DOTTED.matcher(code);
        while (m.find()) {
          types.add(m.group(1));
        }
      }
    }
    return types;
  }
}
