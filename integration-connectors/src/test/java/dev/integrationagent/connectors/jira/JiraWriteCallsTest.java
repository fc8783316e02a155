package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How many HTTP calls a write costs, and that the item a write returns maps to the same
 * canonical fields as a fresh read of the issue (the engine hashes them to recognise its own
 * writes when the listing brings them back).
 */
class JiraWriteCallsTest {
  private static final String POST_ISSUE = "POST /rest/api/3/issue";
  private static final String GET_ISSUE = "GET /rest/api/3/issue/{issueIdOrKey}";
  private static final String PUT_ISSUE = "PUT /rest/api/3/issue/{issueIdOrKey}";
  private static final String POST_TRANSITION = "POST /rest/api/3/issue/{issueIdOrKey}/transitions";
  private static final String MARKDOWN = """
      Steps to reproduce:

      1. open [checkout](https://example.com/checkout)
      2. press **refund** twice

      ```java
      refund(order, Money.of(5));
      ```

      - seen on `v2.3`
      - not on _v2.2_""";

  private final JiraFixture fixture = new JiraFixture();
  private final ConnectorSession session = fixture.open();
  private final Mapping mapping = new JiraConnector().defaultMapping();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private int calls() {
    return fixture.jira.requestCounts().values().stream().mapToInt(Integer::intValue).sum();
  }

  private int calls(String route) {
    return fixture.jira.requestCount(route);
  }

  private ExternalItem create(WorkItem item) {
    return session.create(mapping.fromCanonical(item, mapping.writableFields()), null);
  }

  private static WorkItem titled(String title) {
    return WorkItem.builder().title(title).build();
  }

  private static WorkItem inStatus(String title, String status, StatusCategory category) {
    return WorkItem.builder().title(title).status(Status.of(status, category)).build();
  }

  private Map<String, JsonNode> canonical(JsonNode issue) {
    return CanonicalJson.fields(mapping.toCanonical(issue));
  }

  /** The returned item maps like the issue Jira holds now. */
  private void assertFaithful(ExternalItem written) {
    JsonNode fresh = fixture.jira.issueJson(written.id()).orElseThrow();
    assertThat(canonical(written.data())).isEqualTo(canonical(fresh));
    assertThat(written.key()).isEqualTo(fresh.path("key").asText());
  }

  // --- creates -------------------------------------------------------------------------------

  @Test
  void theFirstCreateOfATypeReadsTheIssueOnceAndLaterCreatesAreOnePost() {
    ExternalItem first = create(titled("First task"));
    assertThat(calls(POST_ISSUE)).isEqualTo(1);
    assertThat(calls(GET_ISSUE)).isEqualTo(1);

    int before = calls();
    ExternalItem second = create(titled("Second task"));
    ExternalItem third = create(titled("Third task"));

    assertThat(calls() - before).as("one POST each").isEqualTo(2);
    assertThat(calls(GET_ISSUE)).isEqualTo(1);
    assertFaithful(first);
    assertFaithful(second);
    assertFaithful(third);
  }

  @Test
  void aCreateInAnotherStatusMovesTheIssueInTheSamePost() {
    create(titled("Warm-up"));
    int before = calls();

    ExternalItem started = create(inStatus("Started", "In Progress", StatusCategory.IN_PROGRESS));
    ExternalItem done = create(inStatus("Finished", "Done", StatusCategory.DONE));
    ExternalItem closed = create(inStatus("Closed by category", "Closed", StatusCategory.DONE));

    assertThat(calls() - before).as("one POST each, transition included").isEqualTo(3);
    assertThat(calls(POST_TRANSITION)).isZero();
    assertThat(fixture.jira.issueJson(started.id()).orElseThrow().path("fields").path("status").path("name").asText())
        .isEqualTo("In Progress");
    assertFaithful(started);
    assertFaithful(done);
    assertFaithful(closed);
  }

  @Test
  void theFirstCreateOfATypeInAnotherStatusReadsThenTransitions() {
    ExternalItem done = create(inStatus("Born done", "Done", StatusCategory.DONE));

    assertThat(calls()).isEqualTo(3);
    assertThat(calls(POST_TRANSITION)).isEqualTo(1);
    assertFaithful(done);
  }

  @Test
  void eachIssueTypeIsLearnedOnce() {
    create(titled("A task"));
    JsonNode bug = mapping.fromCanonical(titled("A bug"), mapping.writableFields());
    ((ObjectNode) bug.path("fields")).putObject("issuetype").put("name", "Bug");

    ExternalItem firstBug = session.create(bug, null);
    ExternalItem secondBug = session.create(bug, null);

    assertThat(calls(GET_ISSUE)).as("one read for Task, one for Bug").isEqualTo(2);
    assertThat(calls(POST_ISSUE)).isEqualTo(3);
    assertThat(secondBug.data().path("fields").path("issuetype").path("name").asText()).isEqualTo("Bug");
    assertFaithful(firstBug);
    assertFaithful(secondBug);
  }

  @Test
  void providedItemsMapLikeAFreshReadForASpreadOfInputs() {
    String other = fixture.jira.otherAccountId();
    List<WorkItem> items = List.of(
        WorkItem.builder().title("Markdown").description(MARKDOWN).build(),
        WorkItem.builder().title("Labelled").labels(List.of("payments", "p1", "checkout")).build(),
        WorkItem.builder().title("Labelled again").labels(List.of("zeta", "alpha")).build(),
        WorkItem.builder().title("One label").labels(List.of("solo")).build(),
        WorkItem.builder().title("Assigned").assignees(List.of(other)).priority("Highest").build(),
        WorkItem.builder().title("Assigned to me").assignees(List.of(fixture.jira.accountId())).build(),
        WorkItem.builder().title("Due").dueDate(LocalDate.parse("2026-05-01")).priority("Low").build(),
        WorkItem.builder().title("Everything").description(MARKDOWN).labels(List.of("b", "a"))
            .assignees(List.of(other)).priority("High").dueDate(LocalDate.parse("2026-06-30"))
            .status(Status.of("In Progress", StatusCategory.IN_PROGRESS)).build(),
        inStatus("To do", "To Do", StatusCategory.TODO),
        inStatus("Open", "Open", StatusCategory.TODO),
        inStatus("Doing", "In Progress", StatusCategory.IN_PROGRESS),
        inStatus("Done", "Done", StatusCategory.DONE),
        inStatus("Resolved", "Resolved", StatusCategory.DONE));

    for (WorkItem item : items) {
      assertFaithful(create(item));
    }
    for (WorkItem item : items) {
      int before = calls();
      ExternalItem again = create(item.toBuilder().title(item.title() + " (again)").build());
      assertThat(calls() - before).as("once learned, one POST: %s", item.title()).isEqualTo(1);
      assertFaithful(again);
    }
  }

  @Test
  void aDefaultJiraFillsInIsLearnedBeforeItIsTrusted() {
    create(WorkItem.builder().title("With priority").priority("High").build());
    int reads = calls(GET_ISSUE);

    ExternalItem firstWithout = create(titled("Without priority"));
    assertThat(calls(GET_ISSUE)).as("the default priority is read once").isEqualTo(reads + 1);
    ExternalItem secondWithout = create(titled("Without priority again"));
    assertThat(calls(GET_ISSUE)).isEqualTo(reads + 1);

    assertThat(secondWithout.data().path("fields").path("priority").path("name").asText()).isEqualTo("Medium");
    assertFaithful(firstWithout);
    assertFaithful(secondWithout);
  }

  @Test
  void theMarkerIsInTheCreatedItemAsInARead() {
    create(titled("Warm-up"));
    ExternalItem created = session.create(mapping.fromCanonical(titled("Marked"), mapping.writableFields()), "ia:p:a:1");

    ExternalItem read = session.get(created.id()).orElseThrow();
    assertThat(created.data().path("properties")).isEqualTo(read.data().path("properties"));
    assertThat(created.data().path("properties").path(JiraSession.MARKER_PROPERTY).path("marker").asText())
        .isEqualTo("ia:p:a:1");
  }

  @Test
  void aCustomMappingGetsEveryCreatedIssueReadBack() {
    ConnectorSession custom = fixture.builder()
        .mapping(Mappings.fromResource(JiraConnector.MAPPING_RESOURCE)).open(fixture.context());
    JsonNode body = mapping.fromCanonical(titled("Custom"), mapping.writableFields());

    custom.create(body, null);
    custom.create(body, null);

    assertThat(calls(POST_ISSUE)).isEqualTo(2);
    assertThat(calls(GET_ISSUE)).as("nothing is guessed for a mapping that may read any field").isEqualTo(2);
  }

  @Test
  void aTransitionRefusedInTheCreateFallsBackToCreatingThenMoving() {
    create(titled("Learns the workflow"));
    fixture.jira.renumberTransition("Done", "41");
    int issues = fixture.jira.issueCount();
    int before = calls();

    ExternalItem done = create(inStatus("After the workflow changed", "Done", StatusCategory.DONE));

    assertThat(calls() - before).as("refused POST, POST, read, transition").isEqualTo(4);
    assertThat(fixture.jira.issueCount()).as("the refused create made no issue").isEqualTo(issues + 1);
    assertThat(fixture.jira.issueJson(done.id()).orElseThrow().path("fields").path("status").path("name").asText())
        .isEqualTo("Done");
    assertFaithful(done);

    int after = calls();
    assertFaithful(create(inStatus("Relearned", "Done", StatusCategory.DONE)));
    assertThat(calls() - after).as("the refreshed workflow is used").isEqualTo(1);
  }

  @Test
  void concurrentCreatesShareWhatIsLearnedAndStayFaithful() throws Exception {
    int threads = 8;
    int perThread = 5;
    List<String> statuses = List.of("To Do", "In Progress", "Done");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<ExternalItem>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Callable<List<ExternalItem>> work = () -> {
        start.await();
        List<ExternalItem> out = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          String status = statuses.get((thread + i) % statuses.size());
          out.add(create(WorkItem.builder().title("Thread " + thread + " item " + i).labels(List.of("t" + thread))
              .status(Status.of(status, category(status))).build()));
        }
        return out;
      };
      results.add(pool.submit(work));
    }
    start.countDown();
    List<ExternalItem> created = new ArrayList<>();
    for (Future<List<ExternalItem>> result : results) {
      created.addAll(result.get(30, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(created).hasSize(threads * perThread);
    created.forEach(this::assertFaithful);
    assertThat(calls(POST_ISSUE)).isEqualTo(threads * perThread);
    assertThat(calls(GET_ISSUE)).as("only creates that found nothing learned yet read").isLessThanOrEqualTo(threads);
    assertThat(calls(POST_TRANSITION)).isLessThanOrEqualTo(threads);
    int before = calls();
    create(inStatus("After the rush", "Done", StatusCategory.DONE));
    assertThat(calls() - before).isEqualTo(1);
  }

  private static StatusCategory category(String status) {
    return switch (status) {
      case "Done" -> StatusCategory.DONE;
      case "In Progress" -> StatusCategory.IN_PROGRESS;
      default -> StatusCategory.TODO;
    };
  }

  // --- updates -------------------------------------------------------------------------------

  private ExternalItem update(ExternalItem item, WorkItem desired, Set<String> fields) {
    return session.update(item.id(), mapping.fromCanonical(desired, fields), item.version());
  }

  @Test
  void anEditIsOnePut() {
    ExternalItem created = create(titled("Edit me"));
    int before = calls();

    ExternalItem edited = update(created, WorkItem.builder().title("Edited").description(MARKDOWN)
        .labels(List.of("x", "y")).priority("Lowest").assignees(List.of(fixture.jira.otherAccountId())).build(),
        Set.of("title", "description", "labels", "priority", "assignees"));

    assertThat(calls() - before).isEqualTo(1);
    assertThat(calls(PUT_ISSUE)).isEqualTo(1);
    assertFaithful(edited);
  }

  @Test
  void anEditWithAStatusChangeIsAPutAndATransition() {
    ExternalItem created = create(titled("Edit and move"));
    int before = calls();

    ExternalItem moved = update(created, inStatus("Edited and moved", "Done", StatusCategory.DONE),
        Set.of("title", "status"));

    assertThat(calls() - before).isEqualTo(2);
    assertThat(calls(PUT_ISSUE)).isEqualTo(1);
    assertThat(calls(POST_TRANSITION)).isEqualTo(1);
    assertFaithful(moved);
  }

  @Test
  void anEditWhoseStatusIsAlreadyRightTakesNoTransition() {
    ExternalItem created = create(titled("Stay put"));
    int before = calls();

    ExternalItem edited = update(created, inStatus("Stay put, edited", "To Do", StatusCategory.TODO),
        Set.of("title", "status"));

    assertThat(calls() - before).isEqualTo(1);
    assertThat(calls(POST_TRANSITION)).isZero();
    assertFaithful(edited);
  }

  @Test
  void aStatusOnlyChangeIsTransitionCallsOnly() {
    ExternalItem created = create(titled("Move me"));
    for (String status : List.of("In Progress", "Done", "To Do")) {
      int before = calls();

      ExternalItem moved = update(created, inStatus("Move me", status, category(status)), Set.of("status"));

      assertThat(calls() - before).as("read with transitions, then the transition").isEqualTo(2);
      assertFaithful(moved);
    }
    assertThat(calls(PUT_ISSUE)).isZero();
    int before = calls();
    update(created, inStatus("Move me", "To Do", StatusCategory.TODO), Set.of("status"));
    assertThat(calls() - before).as("already there: one read, no transition").isEqualTo(1);
  }
}
