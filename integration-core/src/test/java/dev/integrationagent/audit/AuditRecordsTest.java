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
  void aRecordCarriesTheEventsFactsItsIdentityAndTheNamesNotTheValuesOfWhatChanged() {
    ChangeEvent cause = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, T).build();
    ChangeEvent written = ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT, T)
        .plan("github-jira").run("r1").connection("jira").item("10001").causedBy(cause)
        .changes(Map.of("priority", new FieldChange(IntNode.valueOf(2), IntNode.valueOf(12345))))
        .attribute("source", "github:7").build().at(42);

    AuditEvent record = AuditRecords.of(written);

    assertThat(record.type()).isEqualTo("item.updated");
    assertThat(record.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(record.at()).isEqualTo(T);
    assertThat(record.planId()).isEqualTo("github-jira");
    assertThat(record.runId()).isEqualTo("r1");
    assertThat(record.connectionId()).isEqualTo("jira");
    assertThat(record.itemId()).isEqualTo("10001");
    assertThat(record.message()).isEqualTo("updated priority of jira item 10001 from github item 7");
    assertThat(record.attributes()).containsEntry("eventId", written.id()).containsEntry("offset", "42")
        .containsEntry("origin", "AGENT").containsEntry("cause", cause.id()).containsEntry("fields", "priority")
        .containsEntry("source", "github:7");
    assertThat(record.toString()).doesNotContain("12345");
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
