package dev.integrationagent.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.api.event.EventTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/events.md has a row for every event type the engine records, and for no other. */
class EventTypesDocTest {
  private static final Path DOC = Path.of("..", "docs", "events.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z]+\\.[a-z-]+)` \\| (TOOL|AGENT|TOOL / AGENT) \\|");

  @Test
  void theDocDescribesEveryEventTypeAndNoOther() throws Exception {
    TreeSet<String> declared = new TreeSet<>();
    for (Field f : EventTypes.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        declared.add((String) f.get(null));
      }
    }
    TreeSet<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(Files.readString(DOC));
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(declared).as("EventTypes").contains("item.updated", "consumer.behind");
    assertThat(documented).isEqualTo(declared);
    declared.forEach(t -> assertThat(EventTypes.hostMayPublish(t)).as(t + " is the engine's").isFalse());
  }
}
