package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubWritesTest {
  private final GitHubFixture f = new GitHubFixture();
  private final GitHubSession session = f.session();
  private final Mapping mapping = new GitHubConnector().defaultMapping();

  @AfterEach
  void close() {
    f.close();
  }

  private ObjectNode fields() {
    return f.context().json().createObjectNode();
  }

  private static void assertCategory(Runnable call, ErrorCategory category, String... messageParts) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class, e -> {
      assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
      if (messageParts.length > 0) {
        assertThat(e.getMessage()).contains(messageParts);
      }
    });
  }

  @Test
  void labelsAndAssigneesFromTheMappingAreWrittenAsNamesAndLogins() {
    WorkItem item = WorkItem.builder().title("Crash").description("It **crashes**")
        .labels(List.of("bug", "p1")).assignees(List.of("octocat")).build();

    ExternalItem created = session.create(mapping.fromCanonical(item, mapping.writableFields()), null);

    JsonNode stored = f.github.issue(Integer.parseInt(created.id()));
    assertThat(stored.path("labels").findValuesAsText("name")).containsExactly("bug", "p1");
    assertThat(stored.path("assignees").findValuesAsText("login")).containsExactly("octocat");
    WorkItem back = mapping.toCanonical(created.data());
    assertThat(back.labels()).containsExactly("bug", "p1");
    assertThat(back.description()).isEqualTo("It **crashes**");
  }

  @Test
  void anUpdateReturnsTheFreshStateAndKeepsTheMarkerInTheBody() {
    ExternalItem created = session.create(fields().put("title", "t").put("body", "old"), "ia:w:1");
    f.clock.advance(Duration.ofSeconds(3));

    ExternalItem updated = session.update(created.id(), fields().put("body", "new text"), created.version());

    assertThat(updated.data().path("body").asText()).isEqualTo("new text");
    assertThat(updated.version()).isNotEqualTo(created.version());
    assertThat(f.github.issue(Integer.parseInt(created.id())).path("body").asText())
        .isEqualTo("new text\n\n<!-- integration-agent:marker=ia:w:1 -->");
    assertThat(session.findByMarker("ia:w:1")).map(ExternalItem::id).contains(created.id());
  }

  @Test
  void anUpdateOnAStaleVersionFailsAsConflict() {
    ExternalItem created = session.create(fields().put("title", "t"), null);
    f.clock.advance(Duration.ofSeconds(2));
    f.github.editIssue(Integer.parseInt(created.id()), "changed by a person");

    assertCategory(() -> session.update(created.id(), fields().put("title", "mine"), created.version()),
        ErrorCategory.CONFLICT, "changed since version");
    assertThat(f.github.issue(Integer.parseInt(created.id())).path("title").asText()).isEqualTo("changed by a person");
  }

  @Test
  void deleteClosesTheIssueAsNotPlannedAndReadsAsGoneFromThenOn() {
    ExternalItem created = session.create(fields().put("title", "t").put("body", "kept"), "ia:test:deleted");

    session.delete(created.id());

    JsonNode stored = f.github.issue(Integer.parseInt(created.id()));
    assertThat(stored.path("state").asText()).isEqualTo("closed");
    assertThat(stored.path("state_reason").asText()).isEqualTo("not_planned");
    assertThat(stored.path("body").asText()).startsWith("kept").contains("ia:test:deleted");
    assertThat(session.get(created.id())).isEmpty();
    assertThat(session.findByMarker("ia:test:deleted")).isEmpty();
    assertThat(session.changes(dev.integrationagent.api.connector.Cursor.START, 10).items())
        .singleElement().satisfies(i -> {
          assertThat(i.deleted()).isTrue();
          assertThat(i.data().path("body").asText()).isEqualTo("kept");
        });
  }

  @Test
  void transitionsMapStatusNamesToOpenAndClosed() {
    ExternalItem created = session.create(fields().put("title", "t"), null);

    ExternalItem done = session.transition(created.id(), "Done");
    assertThat(mapping.toCanonical(done.data()).status().category()).isEqualTo(StatusCategory.DONE);
    assertThat(done.data().path("state_reason").asText()).isEqualTo("completed");

    ExternalItem reopened = session.transition(created.id(), "In Progress");
    assertThat(reopened.data().path("state").asText()).isEqualTo("open");
    assertThat(reopened.data().path("state_reason").asText()).isEqualTo("reopened");

    assertCategory(() -> session.transition(created.id(), "In Review"), ErrorCategory.VALIDATION,
        "'In Review'", "open or closed");
  }

  @Test
  void aClosedStateOnCreateClosesTheNewIssue() {
    ExternalItem created = session.create(fields().put("title", "t").put("state", "closed"), null);

    assertThat(created.data().path("state").asText()).isEqualTo("closed");
  }

  @Test
  void writesAreSpacedAtLeastASecondApart() {
    for (int i = 0; i < 3; i++) {
      session.create(fields().put("title", "t" + i), null);
    }

    assertThat(f.waited()).isEqualTo(Duration.ofSeconds(2));
    assertThat(f.github.issue(3).path("created_at").asText()).isEqualTo("2026-01-05T10:00:02Z");
  }

  @Test
  void commentsAreListedSinceAndAdded() {
    ExternalItem item = session.create(fields().put("title", "t"), null);
    int number = Integer.parseInt(item.id());
    f.github.addComment(number, "early");
    f.clock.advance(Duration.ofMinutes(1));
    Instant since = f.clock.instant().plusMillis(500);
    f.clock.advance(Duration.ofSeconds(1));

    ExternalComment mine = session.addComment(item.id(), "Looks **good**");

    List<ExternalComment> recent = session.comments(item.id(), since);
    assertThat(recent).extracting(ExternalComment::id).containsExactly(mine.id());
    assertThat(recent.get(0).author()).isEqualTo("octocat");
    assertThat(session.comments(item.id(), null)).extracting(ExternalComment::body)
        .containsExactly("early", "Looks **good**");
  }

  @Test
  void theFakesValidationErrorsArriveAsValidationWithGitHubsMessage() {
    assertCategory(() -> session.create(fields().put("body", "no title"), null), ErrorCategory.VALIDATION,
        "HTTP 422", "title");
    assertCategory(() -> session.create(fields().put("title", "t").set("assignees",
        f.context().json().createArrayNode().add("nobody-here")), null), ErrorCategory.VALIDATION, "assignees");
    assertCategory(() -> session.addComment("1", " "), ErrorCategory.NOT_FOUND);
  }

  @Test
  void missingIssuesAreEmptyOrNotFound() {
    assertThat(session.get("12")).isEmpty();
    assertThat(session.get("not-a-number")).isEmpty();
    assertCategory(() -> session.update("abc", fields().put("title", "x"), null), ErrorCategory.NOT_FOUND, "'abc'");
    assertCategory(() -> session.comments("77", null), ErrorCategory.NOT_FOUND);
  }

  @Test
  void readOnlyFieldsOfTheIssueObjectAreNotSent() {
    ExternalItem created = session.create(fields().put("title", "t"), null);
    ObjectNode patch = created.data().deepCopy();
    patch.put("title", "t2").put("number", 999).put("updated_at", "2000-01-01T00:00:00Z");

    ExternalItem updated = session.update(created.id(), patch, null);

    assertThat(updated.data().path("title").asText()).isEqualTo("t2");
    assertThat(updated.id()).isEqualTo(created.id());
    assertThat(mapping.toCanonical(updated.data()).title()).isEqualTo("t2");
    assertThat(Set.of(updated.data().path("number").asInt())).containsExactly(Integer.parseInt(created.id()));
  }

  @Test
  void fieldsChangedAtReadsTitleAndStateFromTheEventsAndTheBodyFromGraphQl() {
    int number = f.github.createIssue("Before", "body");
    Instant created = f.clock.instant();
    f.clock.advance(Duration.ofMinutes(3));
    session.update(String.valueOf(number), JsonNodeFactory.instance.objectNode()
        .put("title", "After"), null);
    f.clock.advance(Duration.ofMinutes(4));
    f.github.setState(number, "closed");
    f.clock.advance(Duration.ofMinutes(5));
    f.github.editBody(number, "edited body, which only GraphQL's lastEditedAt dates");

    Map<String, Instant> times = session.fieldsChangedAt(String.valueOf(number));

    assertThat(times)
        .containsEntry("/title", created.plus(Duration.ofMinutes(3)))
        .containsEntry("/state", created.plus(Duration.ofMinutes(7)))
        .containsEntry("/body", created.plus(Duration.ofMinutes(12)));
  }

  @Test
  void fieldsChangedAtOfAnIssueNeverEditedIsItsCreation() {
    int number = f.github.createIssue("Untouched", null);
    Instant created = f.clock.instant();

    assertThat(session.fieldsChangedAt(String.valueOf(number)))
        .containsEntry("/title", created).containsEntry("/state", created).containsEntry("/body", created);
  }
}
