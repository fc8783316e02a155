package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WorkItem full() {
    return WorkItem.builder().title("Login fails").description("# Steps\n\n- open")
        .status(Status.of("In Review", StatusCategory.IN_PROGRESS)).priority("High")
        .assignees(List.of("ada", "linus")).labels(List.of("bug")).dueDate(LocalDate.parse("2026-03-01"))
        .createdAt(Instant.parse("2026-01-01T00:00:00Z")).updatedAt(Instant.parse("2026-01-02T00:00:00Z"))
        .customField("points", IntNode.valueOf(3)).build();
  }

  @Test
  void documentRoundTripsEveryField() {
    assertThat(CanonicalJson.fromDocument(CanonicalJson.toDocument(full()), "test")).isEqualTo(full());
  }

  @Test
  void fieldsAreFlatWithNullForAbsentValues() {
    WorkItem bare = WorkItem.builder().title("Bare").build();

    assertThat(CanonicalJson.fields(bare)).containsEntry("status", NullNode.getInstance())
        .containsEntry("dueDate", NullNode.getInstance()).containsEntry("title", TextNode.valueOf("Bare"));
    assertThat(CanonicalJson.fields(full())).containsEntry("custom.points", IntNode.valueOf(3));
  }

  @Test
  void withFieldsReplacesOnlyTheNamedFields() {
    WorkItem changed = CanonicalJson.withFields(full(), Map.of("title", TextNode.valueOf("New"),
        "custom.points", NullNode.getInstance(), "priority", NullNode.getInstance()));

    assertThat(changed.title()).isEqualTo("New");
    assertThat(changed.priority()).isNull();
    assertThat(changed.customFields()).doesNotContainKey("points");
    assertThat(changed.labels()).containsExactly("bug");
  }

  @Test
  void everyProblemOfADocumentIsReportedByPath() throws Exception {
    var doc = JSON.readTree("{\"title\":\"\",\"labels\":[\"ok\",7],\"dueDate\":\"tomorrow\","
        + "\"status\":{\"name\":\"Done\",\"category\":\"FINISHED\"}}");

    assertThatThrownBy(() -> CanonicalJson.fromDocument(doc, "item 7 of a"))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("item 7 of a")
        .hasMessageContaining("/title: required, but blank")
        .hasMessageContaining("/labels/1: expected a string, found NUMBER")
        .hasMessageContaining("/dueDate: expected a date")
        .hasMessageContaining("/status/category: expected one of TODO, IN_PROGRESS, DONE, found 'FINISHED'");
  }
}
