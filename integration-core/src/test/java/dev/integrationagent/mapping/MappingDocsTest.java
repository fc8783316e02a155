package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.impl.BuiltinFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/mapping.md documents every function a mapping expression can call, and its examples give
 * what it says they give.
 */
class MappingDocsTest {
  private static final Path DOC = Path.of("..", "docs", "mapping.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyFunctionAnExpressionCanCallIsDocumentedAndNothingElse() throws IOException {
    TreeSet<String> offered = new TreeSet<>(BuiltinFunctions.functions.keySet());
    offered.addAll(BuiltinFunctions.macros.keySet());
    MappingFunctions.library(Map.of()).stream().map(Function::getName).forEach(offered::add);

    assertThat(new TreeSet<>(examples().keySet())).isEqualTo(offered);
  }

  @Test
  void everyTextFormatIsDocumented() throws IOException {
    List<String> named = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      List<String> cells = cells(line);
      if (cells.size() == 4 && cells.get(0).startsWith("`")) {
        named.add(code(cells.get(0)));
      }
    }
    assertThat(named).containsExactlyInAnyOrderElementsOf(FormatTransformers.names());
  }

  @Test
  void everyExampleGivesWhatTheDocSays() throws IOException {
    JsonNode item = JSON.readTree(sampleItem());
    List<Function> functions = MappingFunctions.library(Map.of("557058:ada", "ada"));
    List<String> wrong = new ArrayList<>();
    examples().forEach((name, row) -> {
      List<String> problems = new ArrayList<>();
      Expression expression = Jslt.compile(row[0], name, functions, problems);
      if (expression == null) {
        wrong.add(name + ": " + problems);
        return;
      }
      try {
        JsonNode got = Jslt.apply(expression, item);
        JsonNode expected = JSON.readTree(row[1]);
        if (!same(expected, got)) {
          wrong.add(name + ": " + row[0] + " gives " + got + ", the doc says " + row[1]);
        }
      } catch (IOException | RuntimeException e) {
        wrong.add(name + ": " + row[0] + " fails: " + e.getMessage());
      }
    });
    assertThat(wrong).isEmpty();
  }

  /** Function name to {example, expected JSON}, from the five-column tables. */
  private static Map<String, String[]> examples() throws IOException {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOC)) {
      List<String> cells = cells(line);
      if (cells.size() == 5 && cells.get(0).startsWith("`")) {
        String[] previous = out.put(code(cells.get(0)), new String[] {code(cells.get(3)), code(cells.get(4))});
        assertThat(previous).as("one row for " + cells.get(0)).isNull();
      }
    }
    return out;
  }

  private static String sampleItem() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("```json\n") + 8;
    return doc.substring(start, doc.indexOf("\n```", start));
  }

  private static List<String> cells(String line) {
    if (!line.startsWith("| ") || !line.endsWith(" |")) {
      return List.of();
    }
    return List.of(line.substring(2, line.length() - 2).split(" \\| ", -1));
  }

  private static String code(String cell) {
    assertThat(cell).as("a cell in backticks").startsWith("`").endsWith("`");
    return cell.substring(1, cell.length() - 1);
  }

  /** Equal JSON, numbers by value (the doc's {@code 4} is JSLT's {@code 4.0}). */
  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray() || a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      if (a.isArray()) {
        for (int i = 0; i < a.size(); i++) {
          if (!same(a.get(i), b.get(i))) {
            return false;
          }
        }
        return true;
      }
      for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!b.has(name) || !same(a.get(name), b.get(name))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
