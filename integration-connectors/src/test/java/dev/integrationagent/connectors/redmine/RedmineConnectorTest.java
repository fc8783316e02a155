package dev.integrationagent.connectors.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorProvider;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeRedmine;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedmineConnectorTest {
  final FakeClock clock = FakeClock.at("2026-03-01T10:00:00.250Z");
  final FakeRedmine redmine = FakeRedmine.start(clock);
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final Sleeper sleeper = d -> {
    waits.add(d);
    clock.advance(d);
  };
  final ConnectorSession session = session(b -> b);

  @AfterEach
  void stop() {
    redmine.close();
  }

  ConnectorSession session(UnaryOperator<RedmineConnector.Builder> custom) {
    return custom.apply(RedmineConnector.builder().baseUrl(redmine.url()).project(FakeRedmine.PROJECT)
        .apiKey(redmine.apiKey()).markerFieldId(redmine.markerFieldId()).sleeper(sleeper))
        .open(TestConnectorContext.of("redmine", clock));
  }

  static ObjectNode issue(String subject) {
    return JsonNodeFactory.instance.objectNode().put("subject", subject);
  }

  List<String> drain(Cursor from, int pageSize, List<Cursor> last) {
    List<String> ids = new ArrayList<>();
    Cursor at = from;
    for (int i = 0; i < 100; i++) {
      ChangePage page = session.changes(at, pageSize);
      page.items().forEach(item -> ids.add(item.id()));
      at = page.next();
      if (!page.hasMore()) {
        break;
      }
    }
    last.add(at);
    return ids;
  }

  // ---- listing ------------------------------------------------------------------------------------

  @Test
  void aListingWithoutAnIssuesArrayIsValidationNotAnEmptyPage() {
    redmine.createIssue("Waiting");
    session.changes(Cursor.START, 10); // the project and its lookups are read first
    redmine.answerNext(200, "{\"issues\":{\"id\":1},\"total_count\":1}");

    assertThatThrownBy(() -> session.changes(Cursor.START, 10))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
          assertThat(e.getMessage()).contains("'issues' array");
        });
  }

  @Test
  void anIssueWithAnUnreadableTimestampIsRejectedWithItsReasonAndTheRestListed() {
    redmine.createIssue("Readable");
    session.changes(Cursor.START, 10);
    redmine.answerNext(200, "{\"issues\":[{\"id\":7,\"subject\":\"Bad\",\"updated_on\":\"soon\"},"
        + "{\"id\":8,\"subject\":\"Good\",\"updated_on\":\"2026-03-01T10:00:00Z\","
        + "\"created_on\":\"2026-03-01T10:00:00Z\"}],\"total_count\":2,\"offset\":0,\"limit\":25}");

    ChangePage page = session.changes(Cursor.START, 10);

    assertThat(page.items()).extracting(ExternalItem::id).containsExactly("8");
    assertThat(page.rejected()).singleElement().satisfies(r -> {
      assertThat(r.itemId()).isEqualTo("7");
      assertThat(r.reason()).contains("soon");
    });
  }

  @Test
  void issuesStampedTheSameSecondAcrossPageEdgesAreListedOnceEach() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(String.valueOf(redmine.createIssue("same second " + i)));
    }
    List<Cursor> cursors = new ArrayList<>();

    List<String> listed = drain(Cursor.START, 2, cursors);

    assertThat(listed).containsExactlyElementsOf(created);
    assertThat(drain(cursors.get(0), 2, cursors)).isEmpty();
  }

  @Test
  void theSecondBeforeTheCursorThatRedmineAlsoReturnsIsNotListedAgain() {
    int first = redmine.createIssue("at 10:00:00.250");
    clock.advance(Duration.ofSeconds(1));
    int second = redmine.createIssue("at 10:00:01.250");
    List<Cursor> cursors = new ArrayList<>();

    assertThat(drain(Cursor.START, 1, cursors)).containsExactly(String.valueOf(first), String.valueOf(second));
    assertThat(drain(cursors.get(0), 1, cursors)).isEmpty();
  }

  @Test
  void anEditWithinTheSameSecondIsListedAgainWithItsNewState() {
    int id = redmine.createIssue("before");
    List<Cursor> cursors = new ArrayList<>();
    drain(Cursor.START, 10, cursors);

    redmine.editIssue(id, i -> i.put("subject", "after"));
    ChangePage page = session.changes(cursors.get(0), 10);

    assertThat(page.items()).extracting(ExternalItem::id).containsExactly(String.valueOf(id));
    assertThat(page.items().get(0).data().path("subject").asText()).isEqualTo("after");
    assertThat(session.changes(page.next(), 10).items()).isEmpty();
  }

  @Test
  void anIssueEditedWhilePagingShiftsNothingPastTheCursor() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      created.add(String.valueOf(redmine.createIssue("first second " + i)));
    }
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(1));
      created.add(String.valueOf(redmine.createIssue("later " + i)));
    }
    redmine.beforeNextPage(() -> {
      clock.advance(Duration.ofSeconds(30));
      redmine.editIssue(5, i -> i.put("subject", "edited while paging"));
    });
    List<Cursor> cursors = new ArrayList<>();

    List<String> listed = drain(Cursor.START, 150, cursors);

    assertThat(listed).containsAll(created).hasSize(121).containsOnlyOnce("101");
    assertThat(listed.stream().filter("5"::equals)).as("before and after its edit").hasSize(2);
  }

  @Test
  void anOverlapFindsAnIssueCommittedLateWithAnEarlierStampAndRepeatsNothing() {
    ConnectorSession overlapping = session(b -> b.listingOverlap(Duration.ofSeconds(3)));
    Instant start = clock.instant();
    clock.advance(Duration.ofSeconds(5));
    int onTime = redmine.createIssue("on time");
    ChangePage first = overlapping.changes(Cursor.START, 10);
    clock.set(start.plusSeconds(3));
    int late = redmine.createIssue("stamped 2 s before the cursor, committed after it");
    clock.set(start.plusSeconds(6));

    ChangePage second = overlapping.changes(first.next(), 10);

    assertThat(first.items()).extracting(ExternalItem::id).containsExactly(String.valueOf(onTime));
    assertThat(second.items()).extracting(ExternalItem::id).containsExactly(String.valueOf(late));
    assertThat(overlapping.changes(second.next(), 10).items()).isEmpty();
    assertThat(session.changes(first.next(), 10).items()).as("without the overlap it is missed").isEmpty();
  }

  @Test
  void closedIssuesAreListedToo() {
    int id = redmine.createIssue("closed one");
    redmine.editIssue(id, i -> i.putObject("status").put("id", 5).put("name", "Closed").put("is_closed", true));

    assertThat(session.changes(Cursor.START, 10).items()).extracting(ExternalItem::id).contains(String.valueOf(id));
  }

  @Test
  void aCursorFromElsewhereIsAConfigurationError() {
    assertThatThrownBy(() -> session.changes(Cursor.of("gh:12345"), 10))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
        .hasMessageContaining("gh:12345");
  }

  // ---- writes -------------------------------------------------------------------------------------

  @Test
  void writesTurnNamesIntoIdsAndUseTheConfiguredTracker() {
    ConnectorSession features = session(b -> b.tracker("Feature"));
    ObjectNode fields = issue("Named");
    fields.putObject("status").put("name", "In Progress");
    fields.putObject("priority").put("name", "Urgent");
    fields.putObject("assigned_to").put("id", 2);
    fields.put("due_date", "2026-04-01").put("description", "h2. Title\n\n*bold*");

    ExternalItem created = features.create(fields, null);
    ObjectNode unassign = JsonNodeFactory.instance.objectNode();
    unassign.putNull("assigned_to");
    unassign.putObject("priority").put("name", "low");
    ExternalItem updated = features.update(created.id(), unassign, null);

    JsonNode stored = redmine.issue(Integer.parseInt(created.id()));
    assertThat(created.data().path("status").path("name").asText()).isEqualTo("In Progress");
    assertThat(created.data().path("tracker").path("name").asText()).isEqualTo("Feature");
    assertThat(created.data().path("assigned_to").path("name").asText()).isEqualTo("John Smith");
    assertThat(created.data().path("description").asText()).isEqualTo("h2. Title\r\n\r\n*bold*");
    assertThat(updated.data().has("assigned_to")).isFalse();
    assertThat(stored.path("priority").path("name").asText()).isEqualTo("Low");
    assertThat(redmine.requestCount("GET /enumerations/issue_priorities.json")).as("cached").isEqualTo(1);
  }

  @Test
  void aCreateAskingForAStatusIsFollowedByTheStatusChangeRedmineIgnoredOnPost() {
    ExternalItem created = session.create(JsonNodeFactory.instance.objectNode().put("subject", "Born closed")
        .set("status", JsonNodeFactory.instance.objectNode().put("name", "Closed")), "ia:m:closed");

    assertThat(created.data().path("status").path("name").asText()).isEqualTo("Closed");
    assertThat(redmine.requestCount("PUT /issues/{file}")).as("one follow-up call").isEqualTo(1);
    assertThat(session.get(created.id()).orElseThrow().data().path("status").path("name").asText())
        .isEqualTo("Closed");
  }

  @Test
  void fieldsChangedAtReadsEachAttributesTimeFromTheJournals() {
    ExternalItem created = session.create(JsonNodeFactory.instance.objectNode().put("subject", "Before"), "ia:m:times");
    Instant createdAt = clock.instant();
    clock.advance(Duration.ofMinutes(5));
    session.update(created.id(), JsonNodeFactory.instance.objectNode().put("subject", "After"), null);

    Map<String, Instant> times = session.fieldsChangedAt(created.id());

    assertThat(times).containsEntry("/subject", createdAt.plus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .containsEntry("/description", createdAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .containsEntry("/status/name", createdAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void aCreateInTheDefaultStatusTakesOneCall() {
    session.create(JsonNodeFactory.instance.objectNode().put("subject", "Born new"), "ia:m:new");

    assertThat(redmine.requestCount("PUT /issues/{file}")).isZero();
  }

  @Test
  void aWholeCanonicalItemWrittenThroughTheShippedMappingReadsBackTheSame() {
    var mapping = RedmineConnector.shippedMapping();
    WorkItem item = WorkItem.builder().title("Through the mapping").description("Some **bold** text\n\n- one\n- two")
        .status(Status.of("In Progress", StatusCategory.IN_PROGRESS)).priority("High").assignees(List.of("2"))
        .dueDate(LocalDate.parse("2026-05-01")).build();

    ExternalItem created = session.create(mapping.fromCanonical(item, mapping.writableFields()), "ia:m:1");
    WorkItem back = mapping.toCanonical(session.get(created.id()).orElseThrow().data());
    WorkItem unassigned = back.toBuilder().assignees(List.of()).status(Status.of("Closed", StatusCategory.DONE)).build();
    WorkItem after = mapping.toCanonical(session.update(created.id(),
        mapping.fromCanonical(unassigned, Set.of("assignees", "status")), created.version()).data());

    assertThat(back.title()).isEqualTo(item.title());
    assertThat(back.description()).isEqualTo(item.description());
    assertThat(back.status().name()).isEqualTo("In Progress");
    assertThat(back.priority()).isEqualTo("High");
    assertThat(back.assignees()).containsExactly("2");
    assertThat(back.dueDate()).isEqualTo(item.dueDate());
    assertThat(after.assignees()).isEmpty();
    assertThat(after.status().category()).isEqualTo(StatusCategory.DONE);
  }

  @Test
  void anUnknownNameIsRefusedBeforeAnythingIsWritten() {
    ObjectNode fields = issue("Bad priority");
    fields.putObject("priority").put("name", "Whenever");

    assertThatThrownBy(() -> session.create(fields, null))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("Whenever").hasMessageContaining("Immediate");
    assertThat(redmine.issueIds()).isEmpty();
  }

  @Test
  void redminesValidationMessagesReachTheError() {
    ObjectNode fields = issue("");
    fields.putObject("assigned_to").put("id", 99);

    assertThatThrownBy(() -> session.create(fields, null))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("Subject cannot be blank").hasMessageContaining("Assignee is invalid");
  }

  @Test
  void aTransitionTheWorkflowIgnoresFailsInsteadOfPretending() {
    ExternalItem item = session.create(issue("stuck"), null);
    redmine.denyTransitionsTo("Closed");

    assertThatThrownBy(() -> session.transition(item.id(), "Closed"))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("workflow");
    assertThat(session.transition(item.id(), "resolved").data().path("status").path("name").asText())
        .isEqualTo("Resolved");
  }

  @Test
  void deleteRemovesTheIssueAndIsIdempotent() {
    ExternalItem item = session.create(issue("doomed"), null);

    session.delete(item.id());
    session.delete(item.id());

    assertThat(session.get(item.id())).isEmpty();
  }

  // ---- markers ------------------------------------------------------------------------------------

  @Test
  void aCreateWhoseAnswerIsLostReturnsTheIssueItsMarkerFinds() {
    ConnectorSession impatient = session(b -> b.settings(HttpSettings.from(RedmineConnector.DEFAULT_SETTINGS)
        .readTimeout(Duration.ofMillis(300)).build()));
    impatient.health();
    redmine.loseNextCreateAnswer();

    ExternalItem created = impatient.create(issue("lost answer"), "ia:plan:lost");

    assertThat(redmine.issueIds()).containsExactly(Integer.valueOf(created.id()));
    assertThat(session.findByMarker("ia:plan:lost")).map(ExternalItem::id).contains(created.id());
  }

  @Test
  void markersMatchExactly() {
    ExternalItem marked = session.create(issue("marked"), "ia:plan:1");
    session.create(issue("other"), "ia:plan:10");

    assertThat(session.findByMarker("ia:plan:1")).map(ExternalItem::id).contains(marked.id());
    assertThat(session.findByMarker("IA:PLAN:1")).isEmpty();
    assertThat(session.findByMarker("ia:plan")).isEmpty();
  }

  // ---- comments -----------------------------------------------------------------------------------

  @Test
  void notesAreCommentsInMarkdownListedSince() {
    int id = redmine.createIssue("talk");
    redmine.addNote(id, "old *news*");
    clock.advance(Duration.ofMinutes(5));
    java.time.Instant since = clock.instant();
    redmine.editIssue(id, i -> i.put("subject", "talk more"));
    int fresh = redmine.addNote(id, "fresh *news*");

    List<ExternalComment> comments = session.comments(String.valueOf(id), since);
    ExternalComment added = session.addComment(String.valueOf(id), "my **reply**");

    assertThat(comments).extracting(ExternalComment::id).containsExactly(String.valueOf(fresh));
    assertThat(comments.get(0).body()).isEqualTo("fresh **news**");
    assertThat(comments.get(0).author()).isEqualTo("John Smith");
    assertThat(session.comments(String.valueOf(id), null)).extracting(ExternalComment::id).hasSize(3)
        .endsWith(added.id());
    assertThat(added.body()).isEqualTo("my **reply**");
  }

  // ---- credentials, errors and limits -------------------------------------------------------------

  @Test
  void aRejectedKeyIsNotSilentlyReadAsAnonymous() {
    ConnectorSession wrongKey = session(b -> b.apiKey("wrong"));

    assertThatThrownBy(() -> wrongKey.changes(Cursor.START, 10))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION));
    assertThat(redmine.requestCount("GET /issues.json")).isZero();
  }

  @Test
  void waitsWhatAProxysRetryAfterSaysInsteadOfFailing() {
    redmine.limitRequests(1, Duration.ofSeconds(10));

    session.changes(Cursor.START, 10);

    assertThat(waits).contains(Duration.ofSeconds(10));
    assertThat(redmine.requestCount("GET /issues.json")).isEqualTo(2);
  }

  @Test
  void serverErrorsAreRetriedThenReportedAsTransient() {
    redmine.failNext(1, 503);
    assertThat(session.health().status()).isEqualTo(HealthStatus.UP);

    redmine.failNext(4, 500);
    assertThatThrownBy(() -> session.get("1"))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT));
  }

  @Test
  void forbiddenIsAuthorization() {
    redmine.failNext(1, 403);

    assertThatThrownBy(() -> session.changes(Cursor.START, 5))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.AUTHORIZATION));
  }

  @Test
  void healthIsUpDownWhenTheServerFailsAndDegradedWhileLimited() {
    ConnectorHealth up = session.health();
    redmine.failNext(4, 502);
    ConnectorHealth down = session.health();
    redmine.limitRequests(0, Duration.ofMinutes(5));
    ConnectorHealth limited = session.health();

    assertThat(up.status()).isEqualTo(HealthStatus.UP);
    assertThat(up.details()).containsEntry("user", "admin");
    assertThat(up.toString()).doesNotContain(redmine.apiKey());
    assertThat(limited.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.reason()).isNotBlank().doesNotContain(redmine.apiKey());
  }

  // ---- definition ---------------------------------------------------------------------------------

  @Test
  void everyProblemOfADefinitionIsListed() {
    RedmineConnector.Builder bad = RedmineConnector.builder().baseUrl("ftp://x").project("Not An Id");

    assertThat(bad.problems()).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("baseUrl:").contains("ftp://x"))
        .anySatisfy(p -> assertThat(p).startsWith("project:")).anySatisfy(p -> assertThat(p).startsWith("auth:"))
        .anySatisfy(p -> assertThat(p).startsWith("markerFieldId:"));
    assertThatThrownBy(() -> bad.open(TestConnectorContext.of("redmine", clock))).isInstanceOfSatisfying(ConfigurationException.class,
        e -> assertThat(e.problems()).isEqualTo(bad.problems()));
  }

  @Test
  void everyMisusedSetterIsListedWithTheRestNamingItsSetting() {
    String unsetKey = System.getenv("REDMINE_KEY_SURELY_UNSET");
    RedmineConnector.Builder bad = RedmineConnector.builder().baseUrl("https://redmine.example.com")
        .project(null).apiKey(unsetKey).markerFieldId(0).slowHealth(java.time.Duration.ZERO)
        .listingOverlap(java.time.Duration.ofHours(2));

    assertThat(bad.problems()).containsExactly(
        "auth: key: " + dev.integrationagent.http.SettingProblems.missing(),
        "project: " + dev.integrationagent.http.SettingProblems.missing(),
        "markerFieldId: must be a positive custom field id but was 0",
        "slowHealth: must be positive but was PT0S",
        "listingOverlap: must be between 0 and PT1H but was PT2H");
    assertThatThrownBy(() -> dev.integrationagent.IntegrationAgent.builder()
        .stateStore(dev.integrationagent.StateStores.inMemory()).connection("redmine", bad).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(5)
            .allSatisfy(p -> assertThat(p).startsWith("connections.redmine: ")));
  }

  @Test
  void theKeyIsASecretOfTheDefinition() {
    assertThat(RedmineConnector.builder().apiKey("k-123").secrets()).contains("k-123");
  }

  @Test
  void serviceLoaderFindsTheConnectorWhichOpensFromSettings() {
    var connector = ServiceLoader.load(ConnectorProvider.class).stream()
        .flatMap(p -> p.get().connectors().stream()).filter(c -> c.type().equals("redmine")).findFirst().orElseThrow();
    ConnectionSettings settings = ConnectionSettings.builder().put("baseUrl", redmine.url())
        .put("project", FakeRedmine.PROJECT).secret("apiKey", redmine.apiKey())
        .put("markerFieldId", String.valueOf(redmine.markerFieldId())).build();

    assertThat(connector.validate(ConnectionSettings.builder().put("markerFieldId", "seven").build()))
        .anySatisfy(p -> assertThat(p).contains("'seven'"));
    assertThat(connector.open(settings, TestConnectorContext.of("redmine", clock)).health().status()).isEqualTo(HealthStatus.UP);
    assertThat(session.webhooks()).isEmpty();
  }
}
