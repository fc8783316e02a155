package dev.integrationagent.connectors.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listing by {@code updatedAt}: oldest change first, whatever order Linear pages in. */
class LinearListingTest {
  private final LinearFixture fixture = new LinearFixture();
  private final ConnectorSession session = fixture.open();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void itemsSharingOneMillisecondAreListedOnceEachInPagesOfOne() {
    List<String> tied = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tied.add(fixture.linear.createIssue("Tied " + i)); // the clock does not move
    }

    List<String> listed = new ArrayList<>();
    Cursor at = Cursor.START;
    for (int calls = 0; calls < 10; calls++) {
      ChangePage page = session.changes(at, 1);
      page.items().forEach(i -> listed.add(i.id()));
      at = page.next();
      if (!page.hasMore()) {
        break;
      }
    }

    assertThat(listed).containsExactlyInAnyOrderElementsOf(tied).doesNotHaveDuplicates();
    assertThat(session.changes(at, 1).items()).isEmpty();
  }

  @Test
  void theOldestChangeComesFirstAndAnEditBetweenPagesComesAgainLast() {
    String first = fixture.linear.createIssue("First");
    fixture.clock.advance(Duration.ofSeconds(1));
    String second = fixture.linear.createIssue("Second");
    fixture.clock.advance(Duration.ofSeconds(1));
    String third = fixture.linear.createIssue("Third");

    ChangePage one = session.changes(Cursor.START, 2);
    fixture.clock.advance(Duration.ofSeconds(1));
    fixture.linear.editTitle(first, "First, edited");
    ChangePage two = session.changes(one.next(), 2);

    assertThat(one.items()).extracting(ExternalItem::id).containsExactly(first, second);
    assertThat(one.hasMore()).isTrue();
    assertThat(two.items()).extracting(ExternalItem::id).containsExactly(third, first);
    assertThat(two.items().get(1).data().path("title").asText()).isEqualTo("First, edited");
  }

  @Test
  void aTrashedIssueIsListedAsDeleted() {
    ExternalItem item = session.create(LinearFixture.JSON.createObjectNode().put("title", "Trash me"), null);
    Cursor after = session.changes(Cursor.START, 10).next();
    fixture.clock.advance(Duration.ofSeconds(1));

    session.delete(item.id());

    assertThat(session.changes(after, 10).items()).singleElement()
        .satisfies(i -> assertThat(i.deleted()).isTrue());
    assertThat(session.get(item.id())).isEmpty();
  }

  @Test
  void aCursorThisConnectorDidNotWriteIsAConfigurationError() {
    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> session.changes(Cursor.of("page-token-from-elsewhere"), 10));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
  }
}
