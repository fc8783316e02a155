package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The workflow format's JSON Schema (draft 2020-12), shipped in the jar as
 * {@value #RESOURCE}: what validates documents here, and what a visual builder targets.
 */
public final class WorkflowSchema {
  /** Where the schema lies on the class path. */
  public static final String RESOURCE = "/dev/integrationagent/workflow/workflow.schema.json";
  private static final Schema SCHEMA = load();

  private WorkflowSchema() {}

  /** The schema's text. */
  public static String text() {
    try (InputStream in = WorkflowSchema.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One problem per schema error, each starting with the instance's JSON path. */
  static List<String> validate(JsonNode document) {
    Set<String> out = new LinkedHashSet<>();
    for (Error e : SCHEMA.validate(document)) {
      String pointer = e.getInstanceLocation().toString();
      String message = e.getMessage();
      if (message.startsWith(pointer)) {
        message = message.substring(pointer.length()).replaceFirst("^:\\s*", "");
      }
      out.add(path(pointer) + ": " + message);
    }
    return List.copyOf(out);
  }

  /** A JSON pointer ({@code /nodes/1/type}) as a JSON path ({@code $.nodes[1].type}). */
  static String path(String pointer) {
    StringBuilder out = new StringBuilder("$");
    for (String segment : pointer.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String name = segment.replace("~1", "/").replace("~0", "~");
      out.append(name.matches("\\d+") ? "[" + name + "]" : "." + name);
    }
    return out.toString();
  }

  private static Schema load() {
    try (InputStream in = WorkflowSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
