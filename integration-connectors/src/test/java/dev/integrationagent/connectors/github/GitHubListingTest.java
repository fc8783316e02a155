package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubListingTest {
  private final GitHubFixture f = new GitHubFixture();
  private Cursor cursor = Cursor.START;

  @AfterEach
  void close() {
    f.close();
  }

  /** Every change after the cursor, page by page; the cursor moves to the end. */
  private List<String> drain(GitHubSession session, int pageSize) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ChangePage page = session.changes(cursor, pageSize);
      page.items().forEach(item -> ids.add(item.id()));
      cursor = page.next();
      if (!page.hasMore()) {
        return ids;
      }
    }
    throw new AssertionError("listing did not end");
  }

  @Test
  void issuesStampedInTheSameSecondAcrossPageEdgesAreListedOnceEach() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(Integer.toString(f.github.createIssue("same second " + i, null)));
    }
    GitHubSession session = (GitHubSession) f.builder().listPageSize(3).open(f.context());

    assertThat(drain(session, 2)).containsExactlyElementsOf(created);
    assertThat(drain(session, 2)).as("nothing changed since").isEmpty();
  }

  @Test
  void aListingThatGrowsBehindACachedFullLastPageIsReadToItsEnd() {
    // GitHub answers a revalidated page 304 without its Link header, and its weak ETag covers
    // the body only: the cached page, the last one when cached, must not decide that it still is
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      first.add(Integer.toString(f.github.createIssue("same second " + i, null)));
    }
    GitHubSession session = (GitHubSession) f.builder().listPageSize(3).open(f.context());
    assertThat(drain(session, 10)).containsExactlyElementsOf(first);
    assertThat(drain(session, 10)).as("nothing changed since").isEmpty();

    f.clock.advance(Duration.ofSeconds(5));
    int later = f.github.createIssue("after the cached page", null);

    assertThat(drain(session, 10)).containsExactly("" + later);
    assertThat(drain(session, 10)).isEmpty();
  }

  @Test
  void issuesSharingOneSecondCostCallsInProportionToTheirNumber() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      created.add(Integer.toString(f.github.createIssue("same second " + i, null)));
    }
    f.clock.advance(Duration.ofMinutes(10)); // a backlog: nothing can be stamped with that second any more
    GitHubSession session = (GitHubSession) f.builder().listPageSize(4).open(f.context());
    int before = f.github.requestCount("GET /repos/{owner}/{repo}/issues");

    assertThat(drain(session, 4)).containsExactlyElementsOf(created);

    int calls = f.github.requestCount("GET /repos/{owner}/{repo}/issues") - before;
    // 10 pages of 4, each read about once (one page back at each resume), not 1 + 2 + ... + 10
    assertThat(calls).as("listing calls for 40 issues in one second, 4 a page").isLessThanOrEqualTo(21);
  }

  @Test
  void issuesSharingAYoungSecondCostCallsInProportionToTheirNumber() {
    // a bulk edit listed within the minute: issues can still be stamped with that second
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      created.add(Integer.toString(f.github.createIssue("same second " + i, null)));
    }
    GitHubSession session = (GitHubSession) f.builder().listPageSize(4).open(f.context());
    int before = f.github.requestCount("GET /repos/{owner}/{repo}/issues");

    assertThat(drain(session, 4)).containsExactlyElementsOf(created);
    f.clock.advance(Duration.ofSeconds(1));
    int later = f.github.createIssue("a second later", null);
    assertThat(drain(session, 4)).containsExactly("" + later);

    int calls = f.github.requestCount("GET /repos/{owner}/{repo}/issues") - before;
    // read about once while listed, once more before the listing leaves the second: not 1 + 2 + ... + 10
    assertThat(calls).as("listing calls for 40 issues in one young second, 4 a page, and one later")
        .isLessThanOrEqualTo(34);
  }

  @Test
  void anIssueStampedWithAYoungSecondOnAPageAlreadyReadIsListedBeforeLaterSeconds() {
    int early = f.github.createIssue("a second earlier", null);
    f.clock.advance(Duration.ofSeconds(1));
    List<String> crowd = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      crowd.add(Integer.toString(f.github.createIssue("same second " + i, null)));
    }
    GitHubSession session = (GitHubSession) f.builder().listPageSize(3).open(f.context());
    List<String> listed = new ArrayList<>(drain(session, 3));
    assertThat(listed).hasSize(13);
    assertThat(GitHubCursor.parse(cursor, "github").page()).as("the cursor resumes on the last page").isGreaterThan(1);

    // within the same second, the earlier issue is edited: it now sorts first among the crowd
    // (ties by number), on a page the cursor skips
    f.github.editIssue(early, "edited within the crowded second");
    f.clock.advance(Duration.ofMinutes(10)); // however long the next poll waits
    f.clock.advance(Duration.ofSeconds(1));
    int later = f.github.createIssue("later", null);

    assertThat(drain(session, 3)).as("the edited issue is not skipped when the listing leaves the second")
        .containsExactly("" + early, "" + later);
    assertThat(drain(session, 3)).isEmpty();
  }

  @Test
  void aCursorOwingARecheckKeepsItAcrossItsEncoding() {
    GitHubCursor owing = new GitHubCursor(java.time.Instant.parse("2026-01-05T10:00:00Z"),
        java.util.Map.of(12, "3f2a"), 4, true);
    assertThat(owing.encode().value()).isEqualTo("gh1|2026-01-05T10:00:00Z|12:3f2a|4|r");
    assertThat(GitHubCursor.parse(owing.encode(), "github")).isEqualTo(owing);
    assertThat(GitHubCursor.parse(Cursor.of("gh1|2026-01-05T10:00:00Z|12:3f2a|4"), "github").recheck())
        .as("a cursor written before rechecks existed").isFalse();
    assertThatThrownBy(() -> GitHubCursor.parse(Cursor.of("gh1|2026-01-05T10:00:00Z|12:3f2a|4|x"), "github"))
        .isInstanceOf(IntegrationException.class);
  }

  @Test
  void issuesSharingOneSecondAreAllListedWhenSomeAreEditedBetweenCalls() {
    List<Integer> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      created.add(f.github.createIssue("same second " + i, null));
    }
    f.clock.advance(Duration.ofMinutes(10));
    GitHubSession session = (GitHubSession) f.builder().listPageSize(3).open(f.context());
    List<String> listed = new ArrayList<>();
    for (int call = 0; call < 2; call++) { // two pages of three: the second call resumes on page 2
      ChangePage page = session.changes(cursor, 5);
      page.items().forEach(item -> listed.add(item.id()));
      cursor = page.next();
    }
    List<String> firstCall = List.copyOf(listed);
    // issues already listed move to the end: every later issue shifts left by as many places
    f.clock.advance(Duration.ofSeconds(1));
    f.github.editIssue(created.get(0), "edited");
    f.github.editIssue(created.get(1), "edited");
    f.github.editIssue(created.get(2), "edited");
    f.github.editIssue(created.get(3), "edited");
    listed.addAll(drain(session, 5));

    assertThat(listed).as("every issue listed, the edited ones again")
        .containsAll(created.stream().map(String::valueOf).toList());
    long editedAfterListed = created.subList(0, 4).stream().filter(n -> firstCall.contains("" + n)).count();
    assertThat(listed).as("none twice but those edited after they were listed").hasSize(12 + (int) editedAfterListed);
  }

  @Test
  void anEditInTheCursorsOwnSecondIsNotLost() {
    int a = f.github.createIssue("a", null);
    int b = f.github.createIssue("b", null);
    GitHubSession session = f.session();
    assertThat(drain(session, 10)).containsExactly("" + a, "" + b);

    f.github.editIssue(a, "a, edited in the same second");

    assertThat(drain(session, 10)).containsExactly("" + a);
    assertThat(drain(session, 10)).isEmpty();
  }

  @Test
  void laterChangesFollowInUpdateOrderAcrossSeconds() {
    int a = f.github.createIssue("a", null);
    f.clock.advance(Duration.ofSeconds(1));
    int b = f.github.createIssue("b", null);
    GitHubSession session = (GitHubSession) f.builder().listPageSize(1).open(f.context());
    assertThat(drain(session, 1)).containsExactly("" + a, "" + b);

    f.clock.advance(Duration.ofSeconds(5));
    f.github.editIssue(a, "a again");
    f.github.addComment(b, "a comment bumps updated_at");

    assertThat(drain(session, 1)).containsExactly("" + a, "" + b);
  }

  @Test
  void pullRequestsAreLeftOutButPassed() {
    int issue = f.github.createIssue("an issue", null);
    f.github.createPullRequest("a pull request");
    GitHubSession session = f.session();

    assertThat(drain(session, 10)).containsExactly("" + issue);
    assertThat(session.changes(cursor, 10).items()).isEmpty();
  }

  @Test
  void anUnchangedListingIsServedFromTheConditionalCacheWithoutSpendingTheLimit() {
    f.github.createIssue("a", null);
    GitHubSession session = f.session();
    drain(session, 10);
    session.changes(cursor, 10);
    int before = f.github.rateLimitRemaining();

    assertThat(session.changes(cursor, 10).items()).isEmpty();
    assertThat(f.github.rateLimitRemaining()).isEqualTo(before);
  }

  @Test
  void listedItemsCarryNumberKeyVersionAndBodyWithoutMarker() {
    GitHubSession session = f.session();
    ExternalItem created = session.create(f.context().json().createObjectNode()
        .put("title", "marked").put("body", "Some text"), "ia:list:1");

    ExternalItem listed = session.changes(Cursor.START, 10).items().get(0);
    assertThat(listed.id()).isEqualTo(created.id());
    assertThat(listed.key()).isEqualTo("#" + created.id());
    assertThat(listed.version()).isEqualTo("2026-01-05T10:00:00Z");
    assertThat(listed.data().path("body").asText()).isEqualTo("Some text");
  }

  @Test
  void aForeignCursorIsRejectedWithAClearMessage() {
    GitHubSession session = f.session();

    assertThatThrownBy(() -> session.changes(Cursor.of("42"), 10))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
          assertThat(e.getMessage()).contains("'42'", "not a GitHub connector cursor");
        });
  }
}
