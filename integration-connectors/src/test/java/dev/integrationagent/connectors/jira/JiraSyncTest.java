package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Jira connector under the real sync engine, against an in-memory tracker. */
class JiraSyncTest {
  private final JiraFixture fixture = new JiraFixture();
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(fixture.clock).build();
  private final IntegrationAgent agent = IntegrationAgent.builder()
      .clock(fixture.clock)
      .stateStore(StateStores.inMemory())
      .connection("tracker", tracker)
      .connection("jira", fixture.builder())
      .sync(SyncPlan.between("tracker", "jira").twoWay())
      .build();

  @AfterEach
  void stop() {
    agent.close();
    fixture.close();
  }

  private SyncReport pass() {
    fixture.clock.advance(Duration.ofSeconds(30));
    SyncReport report = agent.syncNow("tracker-jira");
    assertThat(report.failures()).as(report.summary()).isEmpty();
    return report;
  }

  private JsonNode onlyIssue() {
    assertThat(fixture.jira.issueCount()).isEqualTo(1);
    return fixture.jira.issueJson("PAY-1").orElseThrow();
  }

  @Test
  void anItemFlowsToJiraOnceAndItsEchoIsNotSyncedBack() {
    tracker.add(WorkItem.builder().title("Refund fails").description("Steps:\n\n1. open *checkout*")
        .status(Status.of("Open", StatusCategory.TODO)).priority("High").labels(List.of("payments"))
        .dueDate(LocalDate.parse("2026-04-01")).build());

    SyncReport first = pass();
    SyncReport second = pass();

    assertThat(first.created()).isEqualTo(1);
    JsonNode fields = onlyIssue().path("fields");
    assertThat(fields.path("summary").asText()).isEqualTo("Refund fails");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
    assertThat(fields.path("labels")).extracting(JsonNode::asText).containsExactly("payments");
    assertThat(fields.path("description").path("type").asText()).isEqualTo("doc");
    assertThat(second.created() + second.updated()).as(second.summary()).isZero();
    assertThat(tracker.items()).hasSize(1);
  }

  @Test
  void itemsCreatedFromTheRequestComeBackAsEchoesNotAsChanges() {
    String other = fixture.jira.otherAccountId();
    List<WorkItem> items = List.of(
        WorkItem.builder().title("Plain").build(),
        WorkItem.builder().title("Open one").status(Status.of("Open", StatusCategory.TODO)).priority("Low").build(),
        WorkItem.builder().title("Started").status(Status.of("In Progress", StatusCategory.IN_PROGRESS))
            .assignees(List.of(other)).labels(List.of("payments", "api")).build(),
        WorkItem.builder().title("Finished").status(Status.of("Done", StatusCategory.DONE))
            .description("- a [link](https://example.com)\n- `code`").dueDate(LocalDate.parse("2026-04-01")).build(),
        WorkItem.builder().title("Closed").status(Status.of("Closed", StatusCategory.DONE)).labels(List.of("z", "y"))
            .priority("Highest").build(),
        WorkItem.builder().title("Plain again").build());
    items.forEach(tracker::add);

    SyncReport first = pass();
    int writes = fixture.jira.requestCount("POST /rest/api/3/issue");
    int reads = fixture.jira.requestCount("GET /rest/api/3/issue/{issueIdOrKey}");
    SyncReport second = pass();

    // the pass lists Jira after creating there: the new issues come back at once, as echoes
    assertThat(first.created()).isEqualTo(items.size());
    assertThat(first.updated()).as(first.summary()).isZero();
    assertThat(writes).isEqualTo(items.size());
    assertThat(reads).as("most creates are answered from the request").isLessThan(items.size() / 2);
    assertThat(second.created() + second.updated()).as(second.summary()).isZero();
    assertThat(fixture.jira.requestCount("PUT /rest/api/3/issue/{issueIdOrKey}")).as("no echo writes").isZero();
    assertThat(fixture.jira.issueCount()).isEqualTo(items.size());
    assertThat(tracker.items()).hasSize(items.size());
  }

  @Test
  void anEditInJiraFlowsBackAndAStatusChangeBecomesATransition() {
    String id = tracker.add(WorkItem.builder().title("Export is slow").build());
    pass();

    fixture.clock.advance(Duration.ofMinutes(1));
    fixture.jira.editSummary("PAY-1", "Export is slow on Safari");
    pass();
    assertThat(tracker.item(id).orElseThrow().title()).isEqualTo("Export is slow on Safari");

    tracker.edit(id, item -> item.toBuilder().status(Status.of("Done", StatusCategory.DONE)).build());
    pass();
    assertThat(onlyIssue().path("fields").path("status").path("name").asText()).isEqualTo("Done");
  }

  @Test
  void aCreateWhoseAnswerWasLostIsRecoveredByItsMarkerWithoutADuplicate() {
    try (IntegrationAgent oneWay = IntegrationAgent.builder()
        .clock(fixture.clock)
        .stateStore(StateStores.inMemory())
        .connection("tracker", tracker)
        .connection("jira", fixture.builder())
        .sync(SyncPlan.between("tracker", "jira").oneWay())
        .build()) {
      String id = tracker.add(WorkItem.builder().title("Charge twice?").build());
      fixture.jira.loseNextResponses("POST /rest/api/3/issue", 1);

      SyncReport lost = oneWay.syncNow("tracker-jira");
      assertThat(lost.failed()).as(lost.summary()).isEqualTo(1);
      assertThat(fixture.jira.issueCount()).as("Jira did create it").isEqualTo(1);

      fixture.clock.advance(Duration.ofMinutes(5));
      SyncReport recovered = oneWay.syncNow("tracker-jira");
      assertThat(recovered.failures()).as(recovered.summary()).isEmpty();
      tracker.edit(id, item -> item.toBuilder().title("Charged twice").build());
      fixture.clock.advance(Duration.ofMinutes(1));
      oneWay.syncNow("tracker-jira");

      assertThat(fixture.jira.issueCount()).as("no duplicate").isEqualTo(1);
      assertThat(onlyIssue().path("fields").path("summary").asText()).as("linked after recovery").isEqualTo("Charged twice");
    }
  }

  @Test
  void aLostCreateIsRecoveredWithoutADuplicateWhenThePropertyQueryAnswersEmpty() {
    fixture.jira.propertyClause(FakeJira.PropertyClause.EMPTY);
    try (IntegrationAgent oneWay = IntegrationAgent.builder()
        .clock(fixture.clock)
        .stateStore(StateStores.inMemory())
        .connection("tracker", tracker)
        .connection("jira", fixture.builder())
        .sync(SyncPlan.between("tracker", "jira").oneWay())
        .build()) {
      String id = tracker.add(WorkItem.builder().title("Charge twice?").build());
      fixture.jira.loseNextResponses("POST /rest/api/3/issue", 1);

      SyncReport lost = oneWay.syncNow("tracker-jira");
      assertThat(lost.failed()).as(lost.summary()).isEqualTo(1);

      fixture.clock.advance(Duration.ofMinutes(5));
      SyncReport recovered = oneWay.syncNow("tracker-jira");
      assertThat(recovered.failures()).as(recovered.summary()).isEmpty();
      assertThat(fixture.jira.issueCount()).as("no duplicate after recovery").isEqualTo(1);
      tracker.edit(id, item -> item.toBuilder().title("Charged twice").build());
      fixture.clock.advance(Duration.ofMinutes(1));
      oneWay.syncNow("tracker-jira");

      assertThat(fixture.jira.issueCount()).as("no duplicate").isEqualTo(1);
      assertThat(onlyIssue().path("fields").path("summary").asText()).as("linked after recovery").isEqualTo("Charged twice");
    }
  }

  @Test
  void anIssueCreatedInJiraAppearsInTheTracker() {
    fixture.jira.createIssue("Typo on pricing page");

    SyncReport report = pass();

    assertThat(report.created()).isEqualTo(1);
    assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Typo on pricing page");
    assertThat(fixture.jira.issueCount()).as("not echoed back as a new issue").isEqualTo(1);
  }
}
