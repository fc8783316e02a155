package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("t").clock(clock).build();
  private final ConnectorSession session = open(tracker);
  @TempDir Path dir;

  private ConnectorSession open(InMemoryConnector connector) {
    return connector.open(TestConnectorContext.builder().connectionId("t").clock(clock).json(JSON).build());
  }

  private static ObjectNode doc(String title) {
    return JSON.createObjectNode().put("title", title);
  }

  private static IntegrationException failure(Runnable call) {
    try {
      call.run();
    } catch (IntegrationException e) {
      return e;
    }
    throw new AssertionError("expected an IntegrationException");
  }

  @Test
  void theChangeFeedPagesWithoutLossOrRepeatAndShowsEachItemsLatestState() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(tracker.add(WorkItem.builder().title("item " + i).build()));
    }
    tracker.edit(ids.get(0), i -> i.toBuilder().title("item 0 edited").build());

    List<String> seen = new ArrayList<>();
    Cursor cursor = Cursor.START;
    ChangePage page;
    do {
      page = session.changes(cursor, 2);
      page.items().forEach(item -> seen.add(item.data().path("title").asText()));
      cursor = page.next();
    } while (page.hasMore());

    assertThat(seen).containsExactly("item 1", "item 2", "item 3", "item 4", "item 0 edited");
    assertThat(session.changes(cursor, 2).items()).isEmpty();
  }

  @Test
  void updatesBumpTheVersionAndStaleVersionsConflict() {
    ExternalItem created = session.create(doc("first"), null);
    clock.advance(Duration.ofSeconds(5));
    ExternalItem updated = session.update(created.id(), doc("second"), created.version());

    assertThat(updated.version()).isNotEqualTo(created.version());
    assertThat(updated.updatedAt()).isEqualTo(clock.instant());
    assertThat(failure(() -> session.update(created.id(), doc("third"), created.version())).category())
        .isEqualTo(ErrorCategory.CONFLICT);
    assertThat(session.get(created.id()).orElseThrow().data().path("title").asText()).isEqualTo("second");
  }

  @Test
  void invalidItemsAreRejectedWithEveryProblem() {
    ObjectNode bad = JSON.createObjectNode().put("title", "").put("dueDate", "soon");

    IntegrationException e = failure(() -> session.create(bad, null));

    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
    assertThat(e).hasMessageContaining("/title").hasMessageContaining("/dueDate");
    assertThat(tracker.items()).isEmpty();
  }

  @Test
  void markersFindCreatedItems() {
    ExternalItem created = session.create(doc("marked"), "ia:p:a:1");

    assertThat(session.findByMarker("ia:p:a:1")).map(ExternalItem::id).contains(created.id());
    assertThat(session.findByMarker("ia:p:a:2")).isEmpty();
  }

  @Test
  void missingItemsAreNotFound() {
    assertThat(session.get("404")).isEmpty();
    assertThat(failure(() -> session.update("404", doc("x"), null)).category()).isEqualTo(ErrorCategory.NOT_FOUND);
  }

  @Test
  void commentsAndTransitionsWork() {
    ExternalItem item = session.create(doc("commented"), null);
    session.addComment(item.id(), "first **comment**");
    clock.advance(Duration.ofMinutes(1));
    session.addComment(item.id(), "second");

    assertThat(session.comments(item.id(), null)).hasSize(2);
    assertThat(session.comments(item.id(), clock.instant())).singleElement()
        .satisfies(c -> assertThat(c.body()).isEqualTo("second"));

    session.transition(item.id(), "Done");
    assertThat(tracker.item(item.id()).orElseThrow().status().category()).isEqualTo(StatusCategory.DONE);
  }

  @Test
  void deletedItemsAppearInTheFeedOnceMarkedDeleted() {
    String id = tracker.add(WorkItem.builder().title("doomed").build());
    Cursor after = session.changes(Cursor.START, 10).next();
    session.delete(id);

    assertThat(session.changes(after, 10).items()).singleElement().satisfies(i -> assertThat(i.deleted()).isTrue());
    assertThat(session.get(id)).isEmpty();
  }

  @Test
  void injectedFaultsHitTheNextCallsOnly() {
    tracker.failNext(2, ErrorCategory.TRANSIENT);

    assertThat(failure(() -> session.get("1")).category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(failure(() -> session.changes(Cursor.START, 1)).category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(session.get("1")).isEmpty();
  }

  @Test
  void storageKeepsItemsAcrossInstances() {
    Path file = dir.resolve("tracker.json");
    InMemoryConnector first = InMemoryConnector.builder().clock(clock).storage(file).build();
    String id = first.add(WorkItem.builder().title("kept").labels(List.of("x")).build());
    open(first).addComment(id, "hello");

    InMemoryConnector second = InMemoryConnector.builder().clock(clock).storage(file).build();
    assertThat(second.isEmpty()).isFalse();
    assertThat(second.item(id).orElseThrow().labels()).containsExactly("x");
    assertThat(open(second).comments(id, null)).hasSize(1);
    String next = second.add(WorkItem.builder().title("after reload").build());
    assertThat(next).isNotEqualTo(id);
  }

  @Test
  void aCorruptStorageFileIsAClearConfigurationError() throws Exception {
    Path file = dir.resolve("tracker.json");
    java.nio.file.Files.writeString(file, "{broken");

    assertThatThrownBy(() -> InMemoryConnector.builder().storage(file).build())
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
        .hasMessageContaining("delete the file to start afresh");
  }
}
