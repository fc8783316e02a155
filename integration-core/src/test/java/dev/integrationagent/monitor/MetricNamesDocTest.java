package dev.integrationagent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md has a row for every metric name, and for no other; each has a description. */
class MetricNamesDocTest {
  private static final Path DOC = Path.of("..", "docs", "metrics.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(integration\\.[a-z.]+)` \\|");

  @Test
  void theDocDescribesEveryMetricAndNoOther() throws Exception {
    TreeSet<String> declared = new TreeSet<>();
    for (Field f : MetricNames.class.getFields()) {
      String value = (String) f.get(null);
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && value.startsWith("integration.")) {
        declared.add(value);
      }
    }
    TreeSet<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(Files.readString(DOC));
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(declared).as("MetricNames").hasSize(20);
    assertThat(documented).isEqualTo(declared);
    declared.forEach(name -> assertThat(MetricNames.describe(name)).as(name).isNotBlank());
  }
}
