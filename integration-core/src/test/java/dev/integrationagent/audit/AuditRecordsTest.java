package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditEvent.Outcome;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AuditRecordsTest {
  private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void everyEngineEventTypeHasASentenceOfItsOwn() throws Exception {
    TreeSet<String> generic = new TreeSet<>();
    for (Field f : EventTypes.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String type = (String) f.get(null);
        String message = AuditRecords.of(ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, T).connection("jira")
            .item("10001").build().at(1)).message();
        if (message.startsWith("agent event ")) {
          generic.add(type);
        }
      }
    }
    assertThat(generic).as("types audited with the fallback sentence").isEmpty();
  }

  @Test
  void aRecordCarriesTheEventsFactsItsIdentityWhoDidItAndTheValuesThatChanged() {
    ChangeEvent cause = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, T).build();
    ChangeEvent written = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT, T)
        .plan("github-jira").run("r1").connection("jira").item("10001").causedBy(cause)
        .changes(Map.of("priority", new FieldChange(IntNode.valueOf(2), IntNode.valueOf(12345))))
        .attribute("source", "github:7").build().at(42);

    AuditEvent record = AuditRecords.of(written, "agent-7", id -> null);

    assertThat(record.id()).isEqualTo(written.id());
    assertThat(record.operation()).isEqualTo("item.updated");
    assertThat(record.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(record.actor()).isEqualTo(AuditEvent.Actor.agent("agent-7"));
    assertThat(record.at()).isEqualTo(T);
    assertThat(record.planId()).isEqualTo("github-jira");
    assertThat(record.runId()).isEqualTo("r1");
    assertThat(record.connectionId()).isEqualTo("jira");
    assertThat(record.itemId()).isEqualTo("10001");
    assertThat(record.counterpartConnectionId()).isEqualTo("github");
    assertThat(record.counterpartItemId()).isEqualTo("7");
    assertThat(record.changes()).containsEntry("priority", new FieldChange(IntNode.valueOf(2), IntNode.valueOf(12345)));
    assertThat(record.eventId()).isEqualTo(written.id());
    assertThat(record.causation()).containsExactly(cause.id());
    assertThat(record.message()).isEqualTo("updated priority of jira item 10001 from github item 7");
    assertThat(record.attributes()).containsEntry("eventId", written.id()).containsEntry("offset", "42")
        .containsEntry("origin", "AGENT").containsEntry("cause", cause.id()).containsEntry("fields", "priority")
        .containsEntry("source", "github:7");
  }

  @Test
  void aWriteThatAWorkflowStepCausedIsTheWorkflowsAndAToolChangeIsItsUsers() {
    ChangeEvent step = ChangeEvent.builder(EventTypes.WORKFLOW_STEP, ChangeEvent.Origin.AGENT, T)
        .attribute("workflow", "triage").attribute("execution", "x-1").build().at(1);
    ChangeEvent write = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT, T).connection("jira")
        .item("APP-1").causedBy(step).build().at(2);
    java.util.function.Function<String, AuditRecords.WorkflowRun> runs =
        id -> id.equals(step.id()) ? new AuditRecords.WorkflowRun("triage", "x-1") : null;

    AuditEvent stepRecord = AuditRecords.of(step, "agent-7", runs);
    AuditEvent writeRecord = AuditRecords.of(write, "agent-7", runs);
    AuditEvent seen = AuditRecords.of(ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, T)
        .connection("github").item("3").build().at(3), "agent-7", runs);

    assertThat(stepRecord.actor()).isEqualTo(AuditEvent.Actor.workflow("triage"));
    assertThat(writeRecord.actor()).isEqualTo(AuditEvent.Actor.workflow("triage"));
    assertThat(writeRecord.workflowId()).isEqualTo("triage");
    assertThat(writeRecord.workflowRunId()).isEqualTo("x-1");
    assertThat(seen.actor()).isEqualTo(AuditEvent.Actor.toolUser("github"));
  }

  @Test
  void aWorkflowActionsWriteCausedByItsTriggerIsTheWorkflowsWithItsRun() {
    ChangeEvent trigger = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, T).connection("github")
        .item("2").build().at(1);
    ChangeEvent write = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT, T).connection("github")
        .item("2").causedBy(trigger).attribute("workflow", "ack").attribute("execution", "run-1")
        .attribute("step", "mark").build().at(2);

    AuditEvent record = AuditRecords.of(write, "agent-7", id -> null);

    assertThat(record.actor()).isEqualTo(AuditEvent.Actor.workflow("ack"));
    assertThat(record.workflowId()).isEqualTo("ack");
    assertThat(record.workflowRunId()).isEqualTo("run-1");
  }

  @Test
  void aCreatedItemsFieldsAreChangesFromNothingAndAFailureNamesItsCategory() {
    com.fasterxml.jackson.databind.node.ObjectNode snapshot = com.fasterxml.jackson.databind.node.JsonNodeFactory
        .instance.objectNode().put("title", "Crash").putNull("assignee");
    AuditEvent created = AuditRecords.of(ChangeEvent.builder(EventTypes.ITEM_CREATED, ChangeEvent.Origin.AGENT, T)
        .connection("jira").item("APP-2").snapshot(snapshot).build().at(4));
    AuditEvent parked = AuditRecords.of(ChangeEvent.builder(EventTypes.ITEM_PARKED, ChangeEvent.Origin.AGENT, T)
        .connection("jira").item("APP-2").attribute("category", "VALIDATION").build().at(5));

    assertThat(created.changes()).containsOnlyKeys("title");
    assertThat(created.changes().get("title").oldValue().isNull()).isTrue();
    assertThat(created.changes().get("title").newValue().asText()).isEqualTo("Crash");
    assertThat(parked.errorCategory()).isEqualTo(dev.integrationagent.api.ErrorCategory.VALIDATION);
    assertThat(parked.outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void maskingHidesTheValuesOfTheFieldsItNamesOnEitherSideAndKeepsTheirNames() {
    ChangeEvent written = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT, T)
        .connection("github").item("7").attribute("source", "jira:APP-1")
        .changes(Map.of("description", new FieldChange(com.fasterxml.jackson.databind.node.TextNode.valueOf("s3cr3t plan"),
                com.fasterxml.jackson.databind.node.TextNode.valueOf("new s3cr3t")),
            "title", new FieldChange(com.fasterxml.jackson.databind.node.TextNode.valueOf("a"),
                com.fasterxml.jackson.databind.node.TextNode.valueOf("b"))))
        .build().at(6);

    AuditEvent masked = AuditMasking.none().mask("jira", "description").apply(AuditRecords.of(written));
    AuditEvent untouched = AuditMasking.none().mask("redmine", "description").apply(AuditRecords.of(written));

    assertThat(masked.changes().get("description").oldValue().asText()).isEqualTo(AuditEvent.MASKED);
    assertThat(masked.changes().get("description").newValue().asText()).isEqualTo(AuditEvent.MASKED);
    assertThat(masked.changes().get("title").newValue().asText()).isEqualTo("b");
    assertThat(masked.attributes()).containsEntry("masked", "description");
    assertThat(masked.toString()).doesNotContain("s3cr3t");
    assertThat(untouched.changes().get("description").newValue().asText()).isEqualTo("new s3cr3t");
  }

  @Test
  void failuresAndSkipsAreSaidSo() {
    assertThat(outcome(EventTypes.ITEM_PARKED, Map.of())).isEqualTo(Outcome.FAILURE);
    assertThat(outcome(EventTypes.CONNECTION_FAILED, Map.of())).isEqualTo(Outcome.FAILURE);
    assertThat(outcome(EventTypes.PASS_FAILED, Map.of())).isEqualTo(Outcome.FAILURE);
    assertThat(outcome(EventTypes.CONNECTION_HEALTH, Map.of("status", "DOWN"))).isEqualTo(Outcome.FAILURE);
    assertThat(outcome(EventTypes.CONNECTION_HEALTH, Map.of("status", "UP"))).isEqualTo(Outcome.SUCCESS);
    assertThat(outcome(EventTypes.CONFLICT_DETECTED, Map.of())).isEqualTo(Outcome.SKIPPED);
    assertThat(outcome(EventTypes.ITEM_CREATED, Map.of())).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void aHostEventIsAuditedUnderItsOwnType() {
    AuditEvent record = AuditRecords.of(ChangeEvent.builder("billing.invoice-paid", ChangeEvent.Origin.HOST, T)
        .item("INV-7").attribute("amount", "120.00").build().at(3));

    assertThat(record.type()).isEqualTo("billing.invoice-paid");
    assertThat(record.message()).isEqualTo("host event billing.invoice-paid about item INV-7");
    assertThat(record.attributes()).containsEntry("amount", "120.00").containsEntry("origin", "HOST");
  }

  private static Outcome outcome(String type, Map<String, String> attributes) {
    ChangeEvent.Builder b = ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, T);
    attributes.forEach(b::attribute);
    return AuditRecords.of(b.build().at(1)).outcome();
  }
}
