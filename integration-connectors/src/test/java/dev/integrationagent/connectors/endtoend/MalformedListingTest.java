package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listing answer of the wrong shape is not "no changes", and one unreadable item does not hold
 * up the others.
 */
class MalformedListingTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
      .connection("github", Fakes.github(github)).connection("tracker", tracker)
      .sync(SyncPlan.between("github", "tracker")).build();

  @AfterEach
  void close() {
    agent.close();
    github.close();
  }

  @Test
  void aListingAnswerOfTheWrongShapeFailsThePassWithValidationAndKeepsTheCursor() {
    github.createIssue("Waiting", null);
    github.answerNext(200, "{\"message\":\"an object where GitHub sends an array\"}");

    SyncReport report = agent.syncNow("github-tracker");

    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.category()).isEqualTo(ErrorCategory.VALIDATION);
      assertThat(f.connectionId()).isEqualTo("github");
      assertThat(f.message()).contains("no JSON array").contains("object");
    });
    assertThat(tracker.items()).isEmpty();
    assertThat(agent.syncNow("github-tracker").created()).as("the cursor was kept: the issue comes next pass")
        .isEqualTo(1);
  }

  @Test
  void anIssueWithAnUnreadableTimestampIsParkedWithItsReasonAndTheRestSync() {
    int good = github.createIssue("Readable", null);
    clock.advance(Duration.ofSeconds(1));
    int bad = github.createIssue("Unreadable", null);
    clock.advance(Duration.ofSeconds(1));
    int later = github.createIssue("Also readable", null);
    ArrayNode listing = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
    listing.add(github.issue(good));
    listing.add(((ObjectNode) github.issue(bad).deepCopy()).put("updated_at", "yesterday"));
    listing.add(github.issue(later));
    github.answerNext(200, listing.toString());

    SyncReport report = agent.syncNow("github-tracker");

    assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactlyInAnyOrder("Readable", "Also readable");
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.itemId()).isEqualTo("" + bad);
      assertThat(f.category()).isEqualTo(ErrorCategory.VALIDATION);
      assertThat(f.message()).contains("updated_at").contains("yesterday");
      assertThat(f.parked()).isTrue();
    });
    assertThat(agent.parked("github-tracker")).singleElement().satisfies(p -> assertThat(p.itemId()).isEqualTo("" + bad));

    // GitHub answers it properly once it is edited: it syncs and leaves the list
    clock.advance(Duration.ofSeconds(1));
    github.editIssue(bad, "Unreadable, now edited");
    agent.syncNow("github-tracker");
    assertThat(tracker.items().values()).extracting(WorkItem::title).contains("Unreadable, now edited");
    assertThat(agent.parked("github-tracker")).isEmpty();
  }
}
