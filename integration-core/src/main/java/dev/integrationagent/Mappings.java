package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.mapping.FieldTransformer;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.mapping.FieldRenameMapping;
import dev.integrationagent.mapping.MappingCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Loads and builds mappings between a tool's JSON and the canonical item.
 *
 * <pre>{@code
 * Mapping jira = Mappings.fromYaml(Path.of("jira.mapping.yaml"));
 * Mapping github = Mappings.fromResource("dev/integrationagent/mappings/github.yaml");
 * Mapping custom = Mappings.withTransformers(List.of(new Upper())).fromJson(Path.of("m.json"));
 * }</pre>
 *
 * <p>A document names the mapping and has one rule per canonical field; see
 * {@code integration-core/README.md} for every rule kind. Transformers are the ones given with
 * {@link #withTransformers}, plus every {@link FieldTransformer} registered for
 * {@link ServiceLoader} under {@code META-INF/services/dev.integrationagent.api.mapping.FieldTransformer}.
 */
public final class Mappings {
  private static final Mapping IDENTITY = FieldRenameMapping.of(Map.of());
  // a key given twice is a mistake (the later value would silently win), so both readers reject it
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final java.util.regex.Pattern DUPLICATE =
      java.util.regex.Pattern.compile("Duplicate field '(.*)'", java.util.regex.Pattern.DOTALL);

  private Mappings() {}

  /** For tools whose JSON already is the canonical document (the test kit's in-memory tracker). */
  public static Mapping identity() {
    return IDENTITY;
  }

  /**
   * The canonical document with some fields under other names: each key is a canonical field
   * ({@code title}, {@code custom.points}), each value the JSON pointer where the tool keeps it.
   *
   * @throws ConfigurationException listing every bad field and pointer
   */
  public static Mapping renaming(Map<String, String> renames) {
    return FieldRenameMapping.of(renames);
  }

  /** Starts a mapping built in Java. */
  public static MappingBuilder builder(String name) {
    return new MappingBuilder(name);
  }

  /** Reads a JSON mapping document. @throws ConfigurationException listing every problem by path */
  public static Mapping fromJson(Path file) {
    return withTransformers(List.of()).fromJson(file);
  }

  /** Reads a YAML mapping document. @throws ConfigurationException listing every problem by path */
  public static Mapping fromYaml(Path file) {
    return withTransformers(List.of()).fromYaml(file);
  }

  /** Reads a mapping document (YAML, or JSON by a {@code .json} name) from the class path. */
  public static Mapping fromResource(String resource) {
    return withTransformers(List.of()).fromResource(resource);
  }

  /** A loader that also knows these transformers. */
  public static Loader withTransformers(List<FieldTransformer> transformers) {
    Map<String, FieldTransformer> all = new LinkedHashMap<>();
    ServiceLoader.load(FieldTransformer.class, Mappings.class.getClassLoader()).forEach(t -> all.put(t.name(), t));
    transformers.forEach(t -> all.put(requireNonNull(t, "transformer").name(), t));
    return new Loader(all);
  }

  static Mapping compile(JsonNode doc, String source, Map<String, FieldTransformer> extra) {
    Map<String, FieldTransformer> all = new LinkedHashMap<>(withTransformers(List.of()).transformers);
    all.putAll(extra);
    return new MappingCompiler(all).compile(doc, source);
  }

  /** Loads mapping documents with a fixed set of transformers. */
  public static final class Loader {
    private final Map<String, FieldTransformer> transformers;

    private Loader(Map<String, FieldTransformer> transformers) {
      this.transformers = Map.copyOf(transformers);
    }

    public Mapping fromJson(Path file) {
      return compile(read(JSON, file), file.toString());
    }

    public Mapping fromYaml(Path file) {
      return compile(read(YAML, file), file.toString());
    }

    public Mapping fromResource(String resource) {
      try (InputStream in = Mappings.class.getClassLoader().getResourceAsStream(requireNonNull(resource, "resource"))) {
        if (in == null) {
          throw new ConfigurationException("cannot load mapping", List.of(resource + ": no such class-path resource"));
        }
        return compile((resource.endsWith(".json") ? JSON : YAML).readTree(in), resource);
      } catch (JsonProcessingException e) {
        throw syntax(resource, e);
      } catch (IOException e) {
        throw new ConfigurationException("cannot load mapping", List.of(resource + ": " + e.getMessage()));
      }
    }

    /** Compiles a document already parsed. */
    public Mapping fromTree(JsonNode doc, String source) {
      return compile(doc, source);
    }

    private Mapping compile(JsonNode doc, String source) {
      return new MappingCompiler(transformers).compile(doc, source);
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
      try {
        return mapper.readTree(Files.readString(requireNonNull(file, "file")));
      } catch (JsonProcessingException e) {
        throw syntax(file.toString(), e);
      } catch (IOException e) {
        throw new ConfigurationException("cannot load mapping", List.of(file + ": cannot read: " + e.getMessage()));
      }
    }

    private static ConfigurationException syntax(String source, JsonProcessingException e) {
      var location = e.getLocation();
      String at = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      var duplicate = e instanceof StreamReadException ? DUPLICATE.matcher(e.getOriginalMessage()) : null;
      if (duplicate != null && duplicate.matches()) {
        return new ConfigurationException("cannot load mapping", List.of(source + ": duplicate key '"
            + duplicate.group(1) + "'" + at + "; each key may appear once in an object"));
      }
      return new ConfigurationException("cannot load mapping", List.of(source + ": syntax error" + at + ": "
          + e.getOriginalMessage()));
    }
  }
}
