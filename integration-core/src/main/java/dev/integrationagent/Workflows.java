package dev.integrationagent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.integrationagent.workflow.Workflow;
import dev.integrationagent.workflow.WorkflowCompiler;
import dev.integrationagent.workflow.WorkflowException;
import dev.integrationagent.workflow.WorkflowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Loads workflows: canonical JSON, YAML (another spelling of the same document), or the fluent
 * builder, all through one compiler. A document that cannot run is refused at load with every
 * problem by JSON path ({@link WorkflowException}); action types and connection ids are checked
 * when the agent is built, against what it has.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     ...
 *     .workflow(Workflows.fromYaml(Path.of("triage.workflow.yaml")))
 * }</pre>
 *
 * The format's JSON Schema ships in the jar ({@link WorkflowSchema#RESOURCE}); see docs/workflows.md.
 */
public final class Workflows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Workflows() {}

  public static Workflow fromJson(Path file) {
    return compile(read(file), JSON, file.toString());
  }

  public static Workflow fromJson(String document) {
    return compile(document, JSON, "the JSON document");
  }

  public static Workflow fromYaml(Path file) {
    return compile(read(file), YAML, file.toString());
  }

  public static Workflow fromYaml(String document) {
    return compile(document, YAML, "the YAML document");
  }

  /** Compiles a document already parsed. */
  public static Workflow of(JsonNode document) {
    return WorkflowCompiler.compile(document, "the document");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read workflow " + file, e);
    }
  }

  private static Workflow compile(String text, ObjectMapper mapper, String source) {
    JsonNode doc;
    try {
      doc = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new WorkflowException(source, java.util.List.of("$: not well-formed"
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
          + e.getOriginalMessage()));
    }
    if (doc == null || !doc.isObject()) {
      throw new WorkflowException(source, java.util.List.of("$: a workflow is a JSON object"));
    }
    return WorkflowCompiler.compile(doc, source);
  }

  /**
   * A fluent start of a workflow whose steps follow one another: each step added runs after the
   * one before, or, after a {@link Builder#condition}, when it holds. Graphs with branches that
   * join, error ports and loops are written as documents.
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** See {@link #builder(String)}. */
  public static final class Builder {
    private final ObjectNode doc = JsonNodeFactory.instance.objectNode();
    private final ArrayNode nodes;
    private final ArrayNode edges;
    private String last;
    private String lastPort = "out";
    private int edgeCount;

    private Builder(String id) {
      doc.put("schemaVersion", 1).put("id", id).put("version", 1);
      nodes = doc.putArray("nodes");
      edges = doc.putArray("edges");
    }

    public Builder version(int version) {
      doc.put("version", version);
      return this;
    }

    public Builder name(String name) {
      doc.put("name", name);
      return this;
    }

    public Builder settings(Consumer<ObjectNode> settings) {
      settings.accept(doc.withObjectProperty("settings"));
      return this;
    }

    /** The trigger: {@code on} is event, cron, interval, host or manual; {@code params} the rest. */
    public Builder trigger(String on, Consumer<ObjectNode> params) {
      ObjectNode p = JsonNodeFactory.instance.objectNode().put("on", on);
      params.accept(p);
      add("trigger", "trigger", p, null);
      return this;
    }

    public Builder action(String id, String action, Consumer<ObjectNode> params) {
      ObjectNode p = JsonNodeFactory.instance.objectNode().put("action", action);
      params.accept(p);
      add(id, "action", p, null);
      return this;
    }

    /** An action with its node's own settings ({@code retry}, {@code timeout}, {@code onError}, {@code when}). */
    public Builder action(String id, String action, Consumer<ObjectNode> params, Consumer<ObjectNode> node) {
      ObjectNode p = JsonNodeFactory.instance.objectNode().put("action", action);
      params.accept(p);
      add(id, "action", p, node);
      return this;
    }

    /** A condition; the steps added after it run when {@code jslt} holds. */
    public Builder condition(String id, String jslt) {
      add(id, "condition", JsonNodeFactory.instance.objectNode().put("if", jslt), null);
      lastPort = "true";
      return this;
    }

    public Builder delay(String id, String isoDuration) {
      add(id, "delay", JsonNodeFactory.instance.objectNode().put("for", isoDuration), null);
      return this;
    }

    public Builder setVariable(String id, String name, String jslt) {
      add(id, "setVariable", JsonNodeFactory.instance.objectNode().put("name", name).put("value", jslt), null);
      return this;
    }

    private void add(String id, String type, ObjectNode params, Consumer<ObjectNode> node) {
      ObjectNode n = nodes.addObject().put("id", id).put("type", type).put("typeVersion", 1);
      n.set("params", params);
      if (node != null) {
        node.accept(n);
      }
      if (last != null) {
        ObjectNode e = edges.addObject().put("id", "e" + ++edgeCount);
        e.putObject("from").put("node", last).put("port", lastPort);
        e.putObject("to").put("node", id);
      }
      last = id;
      lastPort = "out";
    }

    /** The document as built, canonical JSON. */
    public ObjectNode document() {
      return doc.deepCopy();
    }

    public Workflow build() {
      return WorkflowCompiler.compile(doc, "the workflow built for '" + doc.path("id").asText() + "'");
    }
  }
}
