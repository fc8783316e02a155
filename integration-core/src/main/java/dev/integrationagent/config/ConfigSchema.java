package dev.integrationagent.config;

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

/** The configuration document's JSON Schema (draft 2020-12), shipped in the jar as {@value #RESOURCE}. */
public final class ConfigSchema {
  /** Where the schema lies on the class path. */
  public static final String RESOURCE = "/dev/integrationagent/config/agent.schema.json";
  private static final Schema SCHEMA = load();

  private ConfigSchema() {}

  /** One problem per schema error, each naming the value's path, line and column. */
  public static List<String> validate(LocatedDocument document) {
    Set<String> out = new LinkedHashSet<>();
    for (Error e : SCHEMA.validate(document.root())) {
      String pointer = e.getInstanceLocation().toString();
      String message = e.getMessage();
      if (message.startsWith(pointer)) {
        message = message.substring(pointer.length()).replaceFirst("^:\\s*", "");
      }
      if (message.contains("does not match the regex pattern ^P(")) {
        message = "'" + document.root().at(pointer).asText() + "' is not an ISO-8601 duration (PT5M, PT30S, P1D)";
      } else if (message.contains("does not match the regex pattern ^\\$\\{")) {
        message = "a secret is never written in the configuration; give a reference: ${env:NAME}, ${file:/path} or"
            + " ${scheme:name}";
      }
      out.add(document.describe(pointer) + ": " + message);
    }
    return List.copyOf(out);
  }

  private static Schema load() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
