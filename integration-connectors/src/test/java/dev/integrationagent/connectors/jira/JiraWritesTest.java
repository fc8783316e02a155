package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraWritesTest {
  private final JiraFixture fixture = new JiraFixture();
  private final ConnectorSession session = fixture.open();
  private final Mapping mapping = new JiraConnector().defaultMapping();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static JsonNode json(String text) {
    try {
      return JiraFixture.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyMappedFieldIsWrittenInJirasWriteShapeAndReadsBack() {
    WorkItem item = WorkItem.builder()
        .title("Refund fails")
        .description("Steps:\n\n- open **checkout**\n- press refund")
        .priority("High")
        .assignees(List.of(fixture.jira.otherAccountId()))
        .labels(List.of("payments", "p1"))
        .dueDate(LocalDate.parse("2026-04-01"))
        .build();

    ExternalItem created = session.create(mapping.fromCanonical(item, mapping.writableFields()), null);

    WorkItem back = mapping.toCanonical(session.get(created.id()).orElseThrow().data());
    assertThat(back.title()).isEqualTo("Refund fails");
    assertThat(back.description()).contains("**checkout**").contains("- press refund");
    assertThat(back.priority()).isEqualTo("High");
    assertThat(back.assignees()).containsExactly(fixture.jira.otherAccountId());
    assertThat(back.labels()).containsExactly("payments", "p1");
    assertThat(back.dueDate()).isEqualTo(LocalDate.parse("2026-04-01"));
    assertThat(fixture.jira.issueJson(created.id()).orElseThrow().path("fields").path("issuetype").path("name").asText())
        .isEqualTo("Task");
  }

  @Test
  void anUpdateReturnsTheEditedIssueFromJirasAnswer() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Old\"}}"), null);
    fixture.clock.advance(Duration.ofSeconds(5));

    ExternalItem updated = session.update(created.id(),
        json("{\"fields\":{\"summary\":\"New\",\"labels\":[\"a\"],\"priority\":{\"name\":\"Low\"},"
            + "\"customfield_10016\":5,\"assignee\":null}}"), null);

    assertThat(updated.data().path("fields").path("summary").asText()).isEqualTo("New");
    assertThat(updated.data().path("fields").path("priority").path("name").asText()).isEqualTo("Low");
    assertThat(updated.data().path("fields").path("customfield_10016").asInt()).isEqualTo(5);
    assertThat(updated.updatedAt()).isAfter(created.updatedAt());
    assertThat(updated.version()).isNotEqualTo(created.version());
  }

  @Test
  void aStatusInAnUpdateGoesThroughAWorkflowTransition() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Flow\"}}"), null);
    WorkItem done = mapping.toCanonical(created.data()).toBuilder().status(Status.of("Done", StatusCategory.DONE)).build();

    ExternalItem updated = session.update(created.id(), mapping.fromCanonical(done, Set.of("status")), null);

    assertThat(updated.data().path("fields").path("status").path("name").asText()).isEqualTo("Done");
    assertThat(fixture.jira.requestCount("POST /rest/api/3/issue/{issueIdOrKey}/transitions")).isEqualTo(1);
    assertThat(fixture.jira.requestCount("PUT /rest/api/3/issue/{issueIdOrKey}")).as("no field edit").isZero();
  }

  @Test
  void aTransitionFallsBackToTheStatusCategoryWhenNoStatusHasTheName() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Close me\"}}"), null);

    ExternalItem closed = session.transition(created.id(), "Closed");

    assertThat(closed.data().path("fields").path("status").path("statusCategory").path("key").asText()).isEqualTo("done");
  }

  @Test
  void aTransitionToAnUnreachableStatusNamesTheAvailableTransitions() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Blocked?\"}}"), null);

    assertThatThrownBy(() -> session.transition(created.id(), "Blocked"))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
          assertThat(e.getMessage()).contains("'Blocked'").contains("'In Progress' (id 21)").contains("'Done' (id 31)");
        });
  }

  @Test
  void aTransitionToTheCurrentStatusChangesNothing() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Stay\"}}"), null);

    session.transition(created.id(), "To Do");

    assertThat(fixture.jira.requestCount("POST /rest/api/3/issue/{issueIdOrKey}/transitions")).isZero();
  }

  @Test
  void aStatusNamedDifferentlyButInTheCurrentCategoryNeedsNoTransition() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Open one\"}}"), null);

    ExternalItem same = session.transition(created.id(), "Open");

    assertThat(same.data().path("fields").path("status").path("name").asText()).isEqualTo("To Do");
    assertThat(fixture.jira.requestCount("POST /rest/api/3/issue/{issueIdOrKey}/transitions")).isZero();
  }

  @Test
  void anExpectedVersionIsNotCheckedBecauseJiraHasNoConditionalEdit() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Mine\"}}"), null);
    fixture.clock.advance(Duration.ofSeconds(3));
    fixture.jira.editSummary(created.id(), "Theirs");
    int reads = fixture.jira.requestCount("GET /rest/api/3/issue/{issueIdOrKey}");

    ExternalItem updated = session.update(created.id(), json("{\"fields\":{\"summary\":\"Mine again\"}}"),
        created.version());

    assertThat(updated.data().path("fields").path("summary").asText()).isEqualTo("Mine again");
    assertThat(fixture.jira.requestCount("GET /rest/api/3/issue/{issueIdOrKey}")).as("no read before the edit")
        .isEqualTo(reads);
    assertThat(JiraConnector.CAPABILITIES).doesNotContain(dev.integrationagent.api.connector.Capability.OPTIMISTIC_LOCKING);
  }

  @Test
  void commentsAreMarkdownBothWaysAndFilteredBySince() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Talk\"}}"), null);
    fixture.jira.addComment(created.id(), "an early remark");
    fixture.clock.advance(Duration.ofMinutes(1));
    Instant since = fixture.clock.instant();
    ExternalComment mine = session.addComment(created.id(), "Fixed in **v2**, see `refund()`");

    List<ExternalComment> recent = session.comments(created.id(), since);
    List<ExternalComment> all = session.comments(created.id(), null);

    assertThat(recent).extracting(ExternalComment::id).containsExactly(mine.id());
    assertThat(recent.get(0).body()).isEqualTo("Fixed in **v2**, see `refund()`");
    assertThat(recent.get(0).author()).isEqualTo(fixture.jira.accountId());
    assertThat(all).hasSize(2);
    assertThat(all.get(0).body()).isEqualTo("an early remark");
  }

  @Test
  void aDeletedIssueIsGone() {
    ExternalItem created = session.create(json("{\"fields\":{\"summary\":\"Remove\"}}"), null);

    session.delete(created.id());

    assertThat(session.get(created.id())).isEmpty();
    assertThatThrownBy(() -> session.delete(created.id()))
        .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));
  }

  @Test
  void aCreateNamingAStatusEndsInThatStatus() {
    ObjectNode fields = (ObjectNode) json("{\"fields\":{\"summary\":\"Born done\",\"status\":{\"name\":\"Done\"}}}");

    ExternalItem created = session.create(fields, null);

    assertThat(created.data().path("fields").path("status").path("name").asText()).isEqualTo("Done");
  }
}
