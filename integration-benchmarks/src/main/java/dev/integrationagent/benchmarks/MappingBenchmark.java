package dev.integrationagent.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A realistic 30-field Jira issue (ADF description, custom fields, nested users) mapped to the
 * canonical item by a compiled 30-rule mapping, against hand-written Jackson code doing the same
 * mapping, in the same run; and the mapping's compile time.
 *
 * <pre>{@code
 * java -jar integration-benchmarks/target/benchmarks.jar MappingBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MappingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");
  private static final Map<String, String> USERS = Map.of(
      "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", "ada",
      "557058:0867a421-a9ee-4659-801a-bc0ee4a4487e", "grace");
  private static final Map<String, StatusCategory> CATEGORIES = Map.of(
      "new", StatusCategory.TODO, "indeterminate", StatusCategory.IN_PROGRESS, "done", StatusCategory.DONE);
  private static final Map<String, String> PRIORITIES = Map.of(
      "Highest", "Critical", "High", "High", "Medium", "Normal", "Low", "Low", "Lowest", "Trivial");
  private static final Map<String, String> REGIONS = Map.of("EU", "eu", "US", "us", "APAC", "apac");

  JsonNode issue;
  JsonNode document;
  Mapping mapping;

  @Setup
  public void setUp() throws IOException {
    issue = JSON.readTree(resource("benchmarks/jira-issue.json"));
    document = YAML.readTree(new String(resource("benchmarks/jira-benchmark.yaml").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8).replace("FORMAT", BenchmarkFormats.DESCRIPTION_FORMAT));
    mapping = Mappings.withTransformers(List.of()).fromTree(document, "jira-benchmark.yaml");
    WorkItem viaMapping = mapping.toCanonical(issue);
    WorkItem byHand = handWritten(issue);
    if (!viaMapping.equals(byHand)) {
      throw new IllegalStateException("the two mappings disagree:\n" + viaMapping + "\n" + byHand);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MappingBenchmark.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing resource " + name));
    }
    return in;
  }

  @Benchmark
  public WorkItem compiledMapping() {
    return mapping.toCanonical(issue);
  }

  @Benchmark
  public WorkItem handWrittenJackson() {
    return handWritten(issue);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Mapping compile() {
    return Mappings.withTransformers(List.of()).fromTree(document, "jira-benchmark.yaml");
  }

  /** What a developer would write by hand for the same 30 fields, with the same checks. */
  static WorkItem handWritten(JsonNode issue) {
    JsonNode f = issue.path("fields");
    String title = f.path("summary").textValue();
    if (title == null) {
      throw new IllegalArgumentException("summary missing");
    }
    WorkItem.Builder b = WorkItem.builder().title(title)
        .description(BenchmarkFormats.description(f.path("description")));
    String categoryKey = f.path("status").path("statusCategory").path("key").asText();
    StatusCategory category = CATEGORIES.get(categoryKey);
    if (category == null) {
      throw new IllegalArgumentException("unknown status category " + categoryKey);
    }
    b.status(Status.of(f.path("status").path("name").asText(), category));
    String priority = PRIORITIES.get(f.path("priority").path("name").asText());
    if (priority == null) {
      throw new IllegalArgumentException("unknown priority");
    }
    b.priority(priority);
    JsonNode assignee = f.path("assignee").path("accountId");
    b.assignees(assignee.isTextual() ? List.of(USERS.getOrDefault(assignee.textValue(), assignee.textValue())) : List.of());
    List<String> labels = new ArrayList<>();
    f.path("labels").forEach(l -> labels.add(l.textValue()));
    b.labels(labels);
    b.dueDate(LocalDate.parse(f.path("duedate").textValue()));
    b.createdAt(jiraInstant(f.path("created").textValue()));
    b.updatedAt(jiraInstant(f.path("updated").textValue()));
    b.customField("key", TextNode.valueOf(issue.path("key").textValue()));
    b.customField("issueType", TextNode.valueOf(f.path("issuetype").path("name").textValue()));
    b.customField("project", TextNode.valueOf(f.path("project").path("key").textValue()));
    String reporter = f.path("reporter").path("accountId").textValue();
    b.customField("reporter", TextNode.valueOf(USERS.getOrDefault(reporter, reporter)));
    b.customField("components", names(f.path("components")));
    b.customField("fixVersions", names(f.path("fixVersions")));
    JsonNode resolved = f.path("resolutiondate");
    if (resolved.isTextual()) { // an absent custom field is left out, as the mapping does
      b.customField("resolvedAt", TextNode.valueOf(jiraInstant(resolved.textValue()).toString()));
    }
    b.customField("environment", f.path("environment"));
    b.customField("estimateSeconds", f.path("timeestimate"));
    b.customField("spentSeconds", f.path("timespent"));
    b.customField("votes", f.path("votes").path("votes"));
    b.customField("watchers", f.path("watches").path("watchCount"));
    b.customField("points", f.path("customfield_10016"));
    b.customField("sprint", names(f.path("customfield_10020")));
    b.customField("team", f.path("customfield_10001").path("value"));
    b.customField("startDate", TextNode.valueOf(LocalDate.parse(f.path("customfield_10030").textValue()).toString()));
    String region = REGIONS.get(f.path("customfield_10031").path("value").asText());
    if (region == null) {
      throw new IllegalArgumentException("unknown region");
    }
    b.customField("region", TextNode.valueOf(region));
    b.customField("hours", f.path("customfield_10032"));
    b.customField("customerFacing", BooleanNode.valueOf(f.path("customfield_10033").booleanValue()));
    ArrayNode compliance = JsonNodeFactory.instance.arrayNode();
    f.path("customfield_10034").forEach(c -> compliance.add(c.textValue()));
    b.customField("compliance", compliance);
    b.customField("incident", f.path("customfield_10035"));
    return b.build();
  }

  private static ArrayNode names(JsonNode objects) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    objects.forEach(o -> out.add(o.path("name").textValue()));
    return out;
  }

  private static Instant jiraInstant(String text) {
    return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
  }
}
