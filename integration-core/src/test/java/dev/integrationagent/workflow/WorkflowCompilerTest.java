package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.Workflows;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowCompilerTest {
  static final String TRIAGE_YAML = """
      schemaVersion: 1
      id: triage
      version: 2
      name: Triage new bugs
      nodes:
        - id: trigger
          type: trigger
          params: {on: event, event: item.updated, connection: github, labelAdded: bug}
        - id: isOpen
          name: Still open?
          type: condition
          params: {if: '.item.status.category != "DONE"'}
        - id: create
          type: action
          params:
            action: createItem
            connection: jira
            fields: {title: '{{ .item.title }}', labels: '{{ .item.labels }}'}
          retry: {attempts: 3, backoff: PT10S}
      edges:
        - {id: e1, from: {node: trigger}, to: {node: isOpen}}
        - {id: e2, from: {node: isOpen, port: "true"}, to: {node: create}}
      ui: {positions: {trigger: [0, 0]}}
      """;

  private static List<String> problems(String yaml) {
    try {
      Workflows.fromYaml(yaml);
    } catch (WorkflowException e) {
      return e.problems();
    }
    throw new AssertionError("compiled");
  }

  @Test
  void yamlAndJsonAreTwoSpellingsOfOneDocument() throws Exception {
    Workflow fromYaml = Workflows.fromYaml(TRIAGE_YAML);
    Workflow fromJson = Workflows.fromJson(fromYaml.document().toString());

    assertThat(fromJson.document()).isEqualTo(fromYaml.document());
    assertThat(fromYaml.id()).isEqualTo("triage");
    assertThat(fromYaml.version()).isEqualTo(2);
    assertThat(fromYaml.trigger().labelAdded()).isEqualTo("bug");
    assertThat(fromYaml.trigger().origin()).as("an item event's trigger defaults to a tool's change").isEqualTo("TOOL");
    assertThat(fromYaml.actionTypes()).containsEntry("$.nodes[2].params.action", "createItem");
    assertThat(fromYaml.connectionIds()).containsValues("github", "jira");
  }

  @Test
  void renamingANodeChangesNothingButItsName() {
    Workflow renamed = Workflows.fromYaml(TRIAGE_YAML.replace("name: Still open?", "name: Is it still open"));
    assertThat(renamed.trigger().nodeId()).isEqualTo("trigger");
    assertThat(renamed.actionTypes()).hasSize(1);
  }

  @Test
  void schemaProblemsNameTheirPath() {
    assertThat(problems(TRIAGE_YAML.replace("type: condition", "type: decision")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[1].type"));
    assertThat(problems(TRIAGE_YAML.replace("schemaVersion: 1", "schemaVersion: 7")))
        .anySatisfy(p -> assertThat(p).startsWith("$.schemaVersion"));
  }

  @Test
  void edgesToMissingNodesOrPortsAreNamed() {
    assertThat(problems(TRIAGE_YAML.replace("to: {node: create}", "to: {node: creat}")))
        .contains("$.edges[1].to.node: no node has the id 'creat'");
    assertThat(problems(TRIAGE_YAML.replace("port: \"true\"", "port: \"yes\"")))
        .anySatisfy(p -> assertThat(p).startsWith("$.edges[1].from.port: a condition node has no port 'yes'"));
  }

  @Test
  void aCycleIsRefusedWithItsPath() {
    String cyclic = TRIAGE_YAML.replace("\nui:", "\n  - {id: e3, from: {node: create}, to: {node: isOpen}}\nui:");
    assertThat(problems(cyclic)).anySatisfy(p -> assertThat(p).contains("cycle isOpen -> create -> isOpen"));
  }

  @Test
  void jsltAndTemplateErrorsCarryLineAndColumn() {
    assertThat(problems(TRIAGE_YAML.replace(".item.status.category != \"DONE\"", ".item.status.category !== ")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[1].params.if: JSLT syntax error at line 1, column"));
    assertThat(problems(TRIAGE_YAML.replace("'{{ .item.title }}'", "'{{ .item.title '")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[2].params.fields.title: '{{' at character 1 is not closed"));
    assertThat(problems(TRIAGE_YAML.replace("'{{ .item.title }}'", "'{{ .item.title + }}'")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[2].params.fields.title placeholder at character 1: JSLT syntax"));
  }

  @Test
  void aVariableNoStepSetsIsNamed() {
    assertThat(problems(TRIAGE_YAML.replace("'{{ .item.title }}'", "'{{ .vars.team }}'")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[2].params.fields.title: unknown variable 'team'"));
  }

  @Test
  void cronAndTimeZoneAreChecked() {
    String cron = TRIAGE_YAML.replace("{on: event, event: item.updated, connection: github, labelAdded: bug}",
        "{on: cron, cron: '0 9 * * MON-FRI', timeZone: Europe/Berlin}");
    assertThat(Workflows.fromYaml(cron).trigger().zone()).hasToString("Europe/Berlin");
    assertThat(problems(cron.replace("0 9 * * MON-FRI", "0 25 * * *")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[0].params.cron: '0 25 * * *' is not a cron expression"));
    assertThat(problems(cron.replace("Europe/Berlin", "Mars/Olympus")))
        .anySatisfy(p -> assertThat(p).startsWith("$.nodes[0].params.timeZone: 'Mars/Olympus' is not a time zone"));
  }

  @Test
  void anUnreachableNodeAndASecondTriggerAreNamed() {
    String extra = TRIAGE_YAML.replace("\nedges:", "\n  - {id: orphan, type: delay, params: {for: PT1M}}"
        + "\n  - {id: again, type: trigger, params: {on: manual}}\nedges:");
    assertThat(problems(extra)).anySatisfy(p -> assertThat(p).contains("exactly one trigger node, this one has 2"));
    String orphan = TRIAGE_YAML.replace("\nedges:", "\n  - {id: orphan, type: delay, params: {for: PT1M}}\nedges:");
    assertThat(problems(orphan)).contains("$.nodes[3]: node 'orphan' cannot be reached from the trigger; connect it or remove it");
  }

  @Test
  void notWellFormedYamlSaysWhere() {
    assertThatThrownBy(() -> Workflows.fromYaml("id: [unclosed")).isInstanceOf(WorkflowException.class)
        .hasMessageContaining("not well-formed at line");
  }

  @Test
  void theFluentBuilderMakesTheSameKindOfDocument() {
    Workflow w = Workflows.builder("notify").trigger("host", p -> p.put("event", "billing.invoice-paid"))
        .action("log", "addComment", p -> p.put("connection", "crm").put("item", "{{ .event.itemId }}")
            .put("body", "Paid: {{ .event.attributes.amount }}")).build();
    assertThat(w.document().path("edges").get(0).path("from").path("node").asText()).isEqualTo("trigger");
    assertThat(w.trigger().kind()).isEqualTo(Workflow.TriggerKind.HOST);
  }
}
