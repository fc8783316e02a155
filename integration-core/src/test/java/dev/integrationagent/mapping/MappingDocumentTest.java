package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.FieldTrace;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.mapping.MappingPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Mapping mapping = Mappings.fromResource("mappings/tracker.yaml");
  @TempDir Path dir;

  static JsonNode issue() throws Exception {
    return JSON.readTree("""
        {"id":"10002","key":"APP-7","fields":{
          "summary":"Login fails on Safari",
          "body":"Steps:\\n\\n1. open",
          "status":{"name":"In Review","statusCategory":{"key":"indeterminate"}},
          "priority":{"name":"Highest"},
          "assignee":{"accountId":"557058:ada","displayName":"Ada"},
          "labels":["bug","ui"],
          "duedate":"2026-02-01",
          "created":"2026-01-05T10:00:00.000+0000",
          "updated":"2026-01-06T11:30:00.000+0100",
          "customfield_10016":5,
          "customfield_10001":{"value":"Payments","id":"10"}}}""");
  }

  @Test
  void readsEveryRuleKind() throws Exception {
    WorkItem item = mapping.toCanonical(issue());

    assertThat(item.title()).isEqualTo("Login fails on Safari");
    assertThat(item.status()).isEqualTo(Status.of("In Review", StatusCategory.IN_PROGRESS));
    assertThat(item.priority()).isEqualTo("Critical");
    assertThat(item.assignees()).containsExactly("ada");
    assertThat(item.labels()).containsExactly("bug", "ui");
    assertThat(item.dueDate()).isEqualTo(LocalDate.parse("2026-02-01"));
    assertThat(item.createdAt()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
    assertThat(item.updatedAt()).isEqualTo(Instant.parse("2026-01-06T10:30:00Z"));
    assertThat(item.customFields()).containsEntry("points", IntNode.valueOf(5))
        .containsEntry("team", TextNode.valueOf("Payments"));
  }

  @Test
  void writesBackTheRequestedFieldsInTheToolsShape() throws Exception {
    WorkItem item = mapping.toCanonical(issue()).toBuilder()
        .priority("High").assignees(List.of("linus")).customField("team", TextNode.valueOf("Core")).build();

    JsonNode patch = mapping.fromCanonical(item, Set.of("priority", "assignees", "custom.team", "status"));

    assertThat(patch).isEqualTo(JSON.readTree("""
        {"fields":{"priority":{"name":"High"},"assignee":{"accountId":"557058:linus"},
         "customfield_10001":{"value":"Core"},
         "status":{"name":"In Review","statusCategory":{"key":"indeterminate"}}}}"""));
  }

  @Test
  void aWrittenItemReadsBackTheSame() throws Exception {
    WorkItem item = mapping.toCanonical(issue());

    JsonNode vendor = mapping.fromCanonical(item, mapping.writableFields());

    assertThat(mapping.toCanonical(vendor).toBuilder().createdAt(item.createdAt()).updatedAt(item.updatedAt()).build())
        .isEqualTo(item);
  }

  @Test
  void everyApplyTimeProblemIsReportedWithItsRuleAndPath() throws Exception {
    JsonNode bad = JSON.readTree("""
        {"fields":{"labels":"bug","duedate":"next week",
          "status":{"name":"Odd","statusCategory":{"key":"weird"}}}}""");

    assertThatThrownBy(() -> mapping.toCanonical(bad))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("rule title (/fields/summary): required, but missing")
        .hasMessageContaining("rule labels (/fields/labels): expected an array, found STRING")
        .hasMessageContaining("rule dueDate (/fields/duedate): expected a date like 2026-01-31, found 'next week'")
        .hasMessageContaining("rule status.category (/fields/status/statusCategory/key): value 'weird' is not in the value map")
        .hasMessageContaining("4 problems");
  }

  @Test
  void previewTracesEachFieldWithoutFailing() throws Exception {
    MappingPreview preview = mapping.preview(JSON.readTree("{\"fields\":{\"summary\":\"Hi\",\"duedate\":\"soon\"}}"));

    assertThat(preview.isClean()).isFalse();
    assertThat(preview.result().path("title").asText()).isEqualTo("Hi");
    FieldTrace due = preview.traces().stream().filter(t -> t.field().equals("dueDate")).findFirst().orElseThrow();
    assertThat(due.source()).isEqualTo("/fields/duedate");
    assertThat(due.input()).isEqualTo(TextNode.valueOf("soon"));
    assertThat(due.issues()).singleElement().asString().contains("expected a date");
    FieldTrace title = preview.traces().stream().filter(t -> t.field().equals("title")).findFirst().orElseThrow();
    assertThat(title.rule()).isEqualTo("from /fields/summary as string, required");
    assertThat(title.issues()).isEmpty();
  }

  @Test
  void everyLoadTimeProblemIsListedByPath() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
        name: bad
        colour: red
        rules:
          titel: /summary
          description: { from: summary }
          priority: { from: /p, type: number }
          labels: { from: /labels, transform: nope }
          custom.x: { expr: '.a +' }
          custom.y: { from: /y, frm: /z }
          dueDate: { from: /d, default: "soon" }
          status: { from: /s, expr: .s }
        """);

    assertThatThrownBy(() -> Mappings.fromYaml(file))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "colour: unknown key; expected one of [description, name, rules, users]",
            "rules.titel: not a canonical field; expected one of [title, description, status, priority, assignees,"
                + " labels, dueDate], createdAt, updatedAt or custom.<name>",
            "rules.description.from: 'summary' is not a JSON pointer (it must start with '/')",
            "rules.priority.type: 'number' does not fit priority, which is a string",
            "rules.labels.transform: unknown transformer 'nope'; registered: [reversed]",
            "rules.custom.x.expr: JSLT syntax error at line 1, column 4: Parse error: Encountered \"<EOF>\"",
            "rules.custom.y.frm: unknown key; expected one of [default, description, expr, fallback, fields, format, from,"
                + " items, oneWay, required, reverse, reverseValues, single, transform, type, unmapped, values]",
            "rules.dueDate.default: expected a date like 2026-01-31, found 'soon'",
            "rules.status: needs exactly one of 'from' (a JSON pointer), 'expr' (a JSLT expression) or 'fields'; found 2",
            "rules.title: missing; every item needs a title"));
  }

  @Test
  void aSyntaxErrorInTheFileNamesLineAndColumn() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"name\": \"x\",\n \"rules\": {\"title\": }\n}");

    assertThatThrownBy(() -> Mappings.fromJson(file)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("line 2, column");
  }

  @Test
  void aKeyGivenTwiceInYamlIsAnErrorNamingTheKeyAndItsLine() throws Exception {
    Path file = dir.resolve("twice.yaml");
    Files.writeString(file, """
        name: twice
        rules:
          title: { from: /summary }
          labels: { from: /labels }
          title: { from: /name }
        """);

    assertThatThrownBy(() -> Mappings.fromYaml(file))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("duplicate key 'title'", "line 5"));
  }

  @Test
  void aKeyGivenTwiceInJsonIsAnErrorNamingTheKeyAndItsLine() throws Exception {
    Path file = dir.resolve("twice.json");
    Files.writeString(file, "{\"name\": \"x\",\n \"rules\": {\"title\": {\"from\": \"/a\"}},\n \"name\": \"y\"}");

    assertThatThrownBy(() -> Mappings.fromJson(file))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("duplicate key 'name'", "line 3"));
  }

  @Test
  void aManyToOneTableIsLossyUnlessOneWayOrGivenAReverse() {
    Mapping lossy = Mappings.builder("m")
        .rule("title", r -> r.from("/t"))
        .rule("priority", r -> r.from("/p").values(java.util.Map.of("P1", "High", "P2", "High", "P3", "Low")))
        .build();
    assertThat(lossy.reversible()).isFalse();
    assertThat(lossy.lossyRules()).containsExactly("priority");
    assertThat(lossy.writableFields()).doesNotContain("priority");

    Mapping oneWay = Mappings.builder("m").rule("title", r -> r.from("/t"))
        .rule("priority", r -> r.from("/p").values(java.util.Map.of("P1", "High", "P2", "High")).oneWay()).build();
    assertThat(oneWay.reversible()).isTrue();
    assertThat(oneWay.writableFields()).containsExactly("title");

    Mapping reversed = Mappings.builder("m").rule("title", r -> r.from("/t"))
        .rule("priority", r -> r.from("/p").values(java.util.Map.of("P1", "High", "P2", "High"))
            .reverseValues(java.util.Map.of("High", "P1"))).build();
    assertThat(reversed.reversible()).isTrue();
    assertThat(reversed.fromCanonical(WorkItem.builder().title("t").priority("High").build(), Set.of("priority")))
        .isEqualTo(JSON.createObjectNode().put("p", "P1"));
  }

  @Test
  void anExpressionWithoutReverseIsReadOnly() {
    Mapping m = Mappings.builder("m").rule("title", r -> r.expr("uppercase(.t)")).build();

    assertThat(m.toCanonical(JSON.createObjectNode().put("t", "abc")).title()).isEqualTo("ABC");
    assertThat(m.lossyRules()).containsExactly("title");
    assertThat(m.fromCanonical(WorkItem.builder().title("x").build(), Set.of("title"))).isEmpty();
  }

  @Test
  void unmappedPoliciesDoWhatTheySay() {
    JsonNode odd = JSON.createObjectNode().put("t", "x").put("p", "P9");
    Mapping error = Mappings.builder("m").rule("title", r -> r.from("/t"))
        .rule("priority", r -> r.from("/p").values(java.util.Map.of("P1", "High"))).build();
    Mapping fallback = Mappings.builder("m").rule("title", r -> r.from("/t"))
        .rule("priority", r -> r.from("/p").values(java.util.Map.of("P1", "High")).unmapped("default")
            .fallback(TextNode.valueOf("Normal"))).build();
    Mapping pass = Mappings.builder("m").rule("title", r -> r.from("/t"))
        .rule("priority", r -> r.from("/p").values(java.util.Map.of("P1", "High")).unmapped("pass")).build();

    assertThatThrownBy(() -> error.toCanonical(odd)).hasMessageContaining("value 'P9' is not in the value map [P1]");
    assertThat(fallback.toCanonical(odd).priority()).isEqualTo("Normal");
    assertThat(pass.toCanonical(odd).priority()).isEqualTo("P9");
  }

  @Test
  void transformersComeFromRegistrationAndServiceLoader() {
    Mapping viaServiceLoader = Mappings.builder("m").rule("title", r -> r.from("/t").transform("reversed")).build();
    assertThat(viaServiceLoader.toCanonical(JSON.createObjectNode().put("t", "abc")).title()).isEqualTo("cba");
    assertThat(viaServiceLoader.fromCanonical(WorkItem.builder().title("cba").build(), Set.of("title")))
        .isEqualTo(JSON.createObjectNode().put("t", "abc"));

    var upper = new dev.integrationagent.api.mapping.FieldTransformer() {
      @Override
      public String name() {
        return "upper";
      }

      @Override
      public JsonNode forward(JsonNode value) {
        return TextNode.valueOf(value.asText().toUpperCase(java.util.Locale.ROOT));
      }
    };
    Mapping registered = Mappings.withTransformers(List.of(upper)).fromTree(
        JSON.createObjectNode().put("name", "m").set("rules", JSON.createObjectNode()
            .set("title", JSON.createObjectNode().put("from", "/t").put("transform", "upper"))), "inline");
    assertThat(registered.toCanonical(JSON.createObjectNode().put("t", "abc")).title()).isEqualTo("ABC");
    assertThat(registered.lossyRules()).containsExactly("title");
  }

  @Test
  void aCompiledMappingIsSafeToShareBetweenThreads() throws Exception {
    JsonNode sample = issue();
    WorkItem expected = mapping.toCanonical(sample);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          for (int n = 0; n < 500; n++) {
            if (!mapping.toCanonical(sample).equals(expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
