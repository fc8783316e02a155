package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraListingTest {
  private final JiraFixture fixture = new JiraFixture();
  private final ConnectorSession session = fixture.open();
  private Cursor cursor = Cursor.START;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private List<String> drain(int pageSize) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ChangePage page = session.changes(cursor, pageSize);
      page.items().forEach(item -> ids.add(item.id()));
      cursor = page.next();
      if (!page.hasMore()) {
        return ids;
      }
    }
    throw new AssertionError("listing never ended");
  }

  @Test
  void aSearchAnswerWithoutAnIssuesArrayIsValidationNotAnEmptyPage() {
    fixture.jira.createIssue("Waiting");
    session.changes(Cursor.START, 10); // the user's time zone and the project are read first
    fixture.jira.answerNext(200, "{\"issues\":{},\"isLast\":true}");

    assertThatThrownBy(() -> session.changes(Cursor.START, 10))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
          assertThat(e.getMessage()).contains("'issues' array");
        });
  }

  @Test
  void anIssueWithoutAnUpdatedStampIsRejectedWithItsReasonAndTheRestListed() {
    String good = fixture.jira.createIssue("Readable");
    session.changes(Cursor.START, 10);
    fixture.jira.answerNext(200, "{\"issues\":[{\"id\":\"10099\",\"key\":\"PAY-99\",\"fields\":{\"summary\":\"Bad\"}},"
        + session.get(good).orElseThrow().data() + "],\"isLast\":true}");

    ChangePage page = session.changes(Cursor.START, 10);

    assertThat(page.items()).extracting(ExternalItem::id).containsExactly(good);
    assertThat(page.rejected()).singleElement().satisfies(r -> {
      assertThat(r.itemId()).isEqualTo("10099");
      assertThat(r.reason()).contains("fields.updated");
    });
  }

  @Test
  void issuesWithTheSameUpdatedStampAcrossAPageEdgeAreListedOnceEach() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(fixture.jira.createIssue("same millisecond " + i));
    }

    List<String> first = new ArrayList<>();
    ChangePage page = session.changes(cursor, 3);
    page.items().forEach(item -> first.add(item.id()));
    assertThat(page.hasMore()).isTrue();
    cursor = page.next();
    List<String> rest = drain(3);

    assertThat(first).hasSize(3);
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    assertThat(all).containsExactlyElementsOf(created);
    assertThat(drain(3)).as("listing again from the last cursor").isEmpty();
  }

  @Test
  void issuesInTheSameMinuteButLaterSecondsAreNotMissedWhenTheCursorResumes() {
    String early = fixture.jira.createIssue("early");
    fixture.clock.advance(Duration.ofSeconds(20));
    String middle = fixture.jira.createIssue("middle");
    assertThat(drain(50)).containsExactly(early, middle);

    fixture.clock.advance(Duration.ofSeconds(5));
    String late = fixture.jira.createIssue("late, same minute");
    fixture.clock.advance(Duration.ofSeconds(1));
    fixture.jira.editSummary(early, "early, edited");

    assertThat(drain(1)).containsExactly(late, early);
    assertThat(drain(1)).isEmpty();
  }

  @Test
  void aListingLongerThanOneSearchPageFollowsTheNextPageToken() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      created.add(fixture.jira.createIssue("bulk " + i));
    }

    ChangePage page = session.changes(Cursor.START, 120);
    cursor = page.next();

    assertThat(page.items()).extracting(ExternalItem::id).containsExactlyElementsOf(created.subList(0, 120));
    assertThat(page.hasMore()).isTrue();
    assertThat(drain(120)).containsExactlyElementsOf(created.subList(120, 130));
  }

  private int searches() {
    return fixture.jira.requestCounts().getOrDefault("POST /rest/api/3/search/jql", 0);
  }

  @Test
  void aThousandIssuesChangedInOneMinuteCostASearchPerPage() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      created.add(fixture.jira.createIssue("bulk " + i)); // as the agent's own bulk create would leave them
    }
    int before = searches();

    List<String> listed = drain(100);

    assertThat(listed).containsExactlyElementsOf(created);
    // each call continues the search where the last one stopped instead of reading the minute again
    assertThat(searches() - before).isEqualTo(10);
  }

  @Test
  void anIssueEditedWhileAListingContinuesIsNeitherLostNorRepeated() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      created.add(fixture.jira.createIssue("issue " + i));
    }
    ChangePage first = session.changes(cursor, 10);
    cursor = first.next();
    List<String> listed = new ArrayList<>();
    first.items().forEach(item -> listed.add(item.id()));
    fixture.clock.advance(Duration.ofSeconds(2));
    fixture.jira.editSummary(created.get(3), "listed already, edited since"); // moves to the end
    fixture.jira.editSummary(created.get(15), "not listed yet, edited now");   // moves to the end

    listed.addAll(drain(10));

    List<String> expected = new ArrayList<>(created);
    expected.remove(created.get(15));
    expected.add(created.get(3));
    expected.add(created.get(15));
    assertThat(listed).containsExactlyElementsOf(expected);
  }

  @Test
  void aPageTokenJiraNoLongerTakesRestartsFromTheWindowWithoutLossOrRepeats() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(fixture.jira.createIssue("issue " + i));
    }
    ChangePage first = session.changes(cursor, 10);
    JiraCursor stale = JiraCursor.decode(first.next(), "jira");
    assertThat(stale.continuedToken()).isNotNull();
    stale.continueWith(stale.continuedQuery(), "dG9rZW4tcGFzdC1pdHMtc2V2ZW4tZGF5cw"); // Jira answers 400 for it
    cursor = stale.encode();

    List<String> listed = new ArrayList<>();
    first.items().forEach(item -> listed.add(item.id()));
    listed.addAll(drain(10));

    assertThat(listed).containsExactlyElementsOf(created);
  }

  @Test
  void anIssueChangedSeveralTimesIsListedWithItsLatestState() {
    String id = fixture.jira.createIssue("v1");
    drain(10);
    fixture.clock.advance(Duration.ofMinutes(3));
    fixture.jira.editSummary(id, "v2");
    fixture.clock.advance(Duration.ofMinutes(3));
    fixture.jira.editSummary(id, "v3");

    ChangePage page = session.changes(cursor, 10);

    assertThat(page.items()).singleElement().satisfies(item -> {
      assertThat(item.id()).isEqualTo(id);
      assertThat(item.key()).isEqualTo("PAY-1");
      assertThat(item.data().path("fields").path("summary").asText()).isEqualTo("v3");
      assertThat(item.version()).isEqualTo(item.data().path("fields").path("updated").asText());
    });
  }

  @Test
  void jqlDatesAreSentInTheJiraUsersTimeZone() {
    fixture.jira.userTimeZone(ZoneId.of("America/Los_Angeles"));
    fixture.jira.createIssue("before");
    drain(10);
    fixture.clock.advance(Duration.ofMinutes(10));
    String later = fixture.jira.createIssue("after");

    assertThat(drain(10)).containsExactly(later);
  }

  @Test
  void anIssueIndexedLateIsStillListedWithinTheOverlapWindow() {
    fixture.clock.set(java.time.Instant.parse("2026-03-02T09:15:50Z"));
    String slow = fixture.jira.createIssue("indexed late");
    fixture.jira.delayIndexing(slow, Duration.ofSeconds(60));
    fixture.clock.advance(Duration.ofSeconds(10));
    String fast = fixture.jira.createIssue("indexed at once");
    fixture.clock.advance(Duration.ofSeconds(10));
    assertThat(drain(10)).containsExactly(fast);

    fixture.clock.advance(Duration.ofSeconds(60));

    assertThat(drain(10)).containsExactly(slow);
    assertThat(drain(10)).isEmpty();
  }

  @Test
  void withoutOverlapALateIndexedIssueBeforeTheWatermarkMinuteIsMissed() {
    ConnectorSession noOverlap = fixture.builder().searchOverlap(Duration.ZERO).open(fixture.context());
    fixture.clock.set(java.time.Instant.parse("2026-03-02T09:15:50Z"));
    String slow = fixture.jira.createIssue("indexed late");
    fixture.jira.delayIndexing(slow, Duration.ofSeconds(60));
    fixture.clock.advance(Duration.ofSeconds(10));
    fixture.jira.createIssue("indexed at once");
    fixture.clock.advance(Duration.ofSeconds(10));
    ChangePage first = noOverlap.changes(Cursor.START, 10);
    fixture.clock.advance(Duration.ofSeconds(60));

    assertThat(noOverlap.changes(first.next(), 10).items()).as("why the overlap window exists").isEmpty();
  }

  @Test
  void anUnknownProjectFailsAsConfiguration() {
    ConnectorSession elsewhere = fixture.builder().project("NOPE").open(fixture.context());

    assertThatThrownBy(() -> elsewhere.changes(Cursor.START, 10))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
          assertThat(e.getMessage()).contains("'NOPE'");
        });
  }

  @Test
  void aCursorThisConnectorDidNotWriteFailsAsPermanent() {
    assertThatThrownBy(() -> session.changes(Cursor.of("gh:12345"), 10))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT));
  }

  @Test
  void theCursorForgetsIssuesOlderThanTheOverlapWindow() {
    for (int i = 0; i < 5; i++) {
      fixture.jira.createIssue("old " + i);
    }
    drain(10);
    fixture.clock.advance(Duration.ofMinutes(10));
    fixture.jira.createIssue("new");
    drain(10);

    assertThat(JiraCursor.decode(cursor, "jira").seenCount()).isEqualTo(1);
  }
}
