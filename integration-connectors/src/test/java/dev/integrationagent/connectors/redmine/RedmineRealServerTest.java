package dev.integrationagent.connectors.redmine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.TestConnectorContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The connector contract and the listing and marker edge cases against a real Redmine (see
 * {@link RealRedmine}). Excluded from the default build; {@code .ci/run} starts the server and runs
 * it. Every issue a test creates carries this run's id in its subject and is deleted afterwards;
 * the project may hold other issues.
 */
@Tag("real-redmine")
class RedmineRealServerTest extends ConnectorContract {
  static final RealRedmine REAL = RealRedmine.fromEnvironment();
  final String run = "run-" + UUID.randomUUID().toString().substring(0, 8);
  final ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();

  @AfterEach
  void deleteWhatThisTestCreated() {
    try (ConnectorSession cleaner = open(REAL.apiKey())) {
      created.forEach(cleaner::delete);
    }
  }

  private static ConnectorSession open(String key) {
    return RedmineConnector.builder().baseUrl(REAL.url()).project(REAL.project()).apiKey(key)
        .markerFieldId(REAL.markerField()).open(TestConnectorContext.of("redmine", Clock.systemUTC()));
  }

  @Override
  protected ConnectorSession openSession() {
    return new Recording(open(REAL.apiKey()));
  }

  @Override
  protected Mapping mapping() {
    return RedmineConnector.shippedMapping();
  }

  @Override
  protected Remote remote() {
    // "behind the connector's back": a second session, as another client of the same server would be
    ConnectorSession other = open(REAL.apiKey());
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        ExternalItem issue = other.create(title(item.title()), null);
        created.add(issue.id());
        return issue.id();
      }

      @Override
      public void retitle(String id, String title) {
        other.update(id, title(title), null);
      }
    };
  }

  /**
   * The contract compares titles exactly, so its items are kept apart by id (deleted after each
   * test), not by subject; this class's own items carry the run id in the subject too.
   */
  private static JsonNode title(String title) {
    return JsonNodeFactory.instance.objectNode().put("subject", title);
  }

  private JsonNode subject(String title) {
    return title(title + " [" + run + "]");
  }

  @Override
  protected Set<Capability> capabilities() {
    return RedmineConnector.CAPABILITIES;
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return open("0000000000000000000000000000000000000000");
  }

  @Override
  protected String doneStatus() {
    return "Closed";
  }

  // ---- beyond the contract ---------------------------------------------------------------------

  @Test
  void aDeletedIssueIsFoundByTheReconcilingListingAndItsCopyDeleted() {
    dev.integrationagent.testkit.FakeClock clock = dev.integrationagent.testkit.FakeClock.at(Instant.now());
    dev.integrationagent.testkit.InMemoryConnector tracker = dev.integrationagent.testkit.InMemoryConnector.builder()
        .name("tracker").clock(clock).build();
    remote().create(WorkItem.builder().title("Keep [" + run + "]").build());
    String doomed = remote().create(WorkItem.builder().title("Delete [" + run + "]").build());
    try (dev.integrationagent.IntegrationAgent agent = dev.integrationagent.IntegrationAgent.builder().clock(clock)
        .stateStore(dev.integrationagent.StateStores.inMemory())
        .connection("redmine", RedmineConnector.builder().baseUrl(REAL.url()).project(REAL.project())
            .apiKey(REAL.apiKey()).markerFieldId(REAL.markerField()))
        .connection("tracker", tracker)
        .sync(dev.integrationagent.SyncPlan.between("redmine", "tracker")
            .scope("redmine", "contains(\"" + run + "\", .title)")
            .deletes(dev.integrationagent.DeletePolicy.PROPAGATE).reconcileEvery(java.time.Duration.ofMinutes(5)))
        .build()) {
      agent.syncNow("redmine-tracker");
      assertThat(tracker.items().values()).extracting(WorkItem::title)
          .containsExactlyInAnyOrder("Keep [" + run + "]", "Delete [" + run + "]");

      try (ConnectorSession admin = open(REAL.apiKey())) {
        admin.delete(doomed);
      }
      created.remove(doomed);
      clock.advance(java.time.Duration.ofMinutes(10));
      dev.integrationagent.SyncReport report = agent.syncNow("redmine-tracker");

      assertThat(report.failures()).isEmpty();
      assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Keep [" + run + "]");
    }
  }

  @Test
  void issuesCreatedInABurstAreListedOnceEachAcrossPageEdges() {
    Cursor before = drainToEnd(Cursor.START);
    List<String> burst = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      burst.add(remote().create(WorkItem.builder().title("Burst " + i + " [" + run + "]").build()));
    }
    List<ExternalItem> listed = new ArrayList<>();
    Cursor at = before;
    for (int pages = 0; pages < 50; pages++) {
      ChangePage page = session.changes(at, 2);
      listed.addAll(page.items());
      at = page.next();
      if (!page.hasMore()) {
        break;
      }
    }

    assertThat(listed).extracting(ExternalItem::id).containsAll(burst).doesNotHaveDuplicates();
    Map<Instant, Long> perSecond = listed.stream().filter(i -> burst.contains(i.id()))
        .collect(Collectors.groupingBy(ExternalItem::updatedAt, Collectors.counting()));
    assertThat(perSecond.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(burst.size());
    assertThat(session.changes(at, 2).items()).as("nothing after the last page").isEmpty();
  }

  @Test
  void anEditWithinTheSameSecondIsListedAgain() {
    String id = remote().create(WorkItem.builder().title("Same second [" + run + "]").build());
    Cursor after = drainToEnd(Cursor.START);
    ExternalItem seen = session.get(id).orElseThrow();

    ExternalItem edited = session.update(id, subject("Same second, edited"), null);

    assertThat(edited.version()).isNotEqualTo(seen.version());
    List<ExternalItem> again = session.changes(after, 10).items();
    assertThat(again).extracting(ExternalItem::id).containsExactly(id);
    assertThat(again.get(0).data().path("subject").asText()).startsWith("Same second, edited");
  }

  @Test
  void writesResolveNamesAndReadBackInTheMappingShape() {
    ExternalItem item = session.create(JsonNodeFactory.instance.objectNode()
        .put("subject", "Named fields [" + run + "]").put("description", "line one\nline two")
        .put("due_date", "2031-05-06")
        .set("priority", JsonNodeFactory.instance.objectNode().put("name", "High")), "ia:" + run + ":named");

    ExternalItem updated = session.update(item.id(), JsonNodeFactory.instance.objectNode()
        .set("status", JsonNodeFactory.instance.objectNode().put("name", "In Progress")), item.version());

    assertThat(updated.data().path("priority").path("name").asText()).isEqualTo("High");
    assertThat(updated.data().path("status").path("name").asText()).isEqualTo("In Progress");
    assertThat(updated.data().path("due_date").asText()).isEqualTo("2031-05-06");
    assertThat(updated.data().path("description").asText()).isEqualTo("line one\r\nline two");
    assertThat(read(updated).status().name()).isEqualTo("In Progress");
  }

  @Test
  void aCreateAskingForAClosedStatusArrivesClosedThoughRedmineIgnoresStatusOnPost() {
    ExternalItem item = session.create(JsonNodeFactory.instance.objectNode()
        .put("subject", "Born closed [" + run + "]")
        .set("status", JsonNodeFactory.instance.objectNode().put("name", "Closed")), "ia:" + run + ":closed");

    assertThat(item.data().path("status").path("name").asText()).isEqualTo("Closed");
    ExternalItem again = session.get(item.id()).orElseThrow();
    assertThat(again.data().path("status").path("name").asText()).isEqualTo("Closed");
    assertThat(again.data().path("status").path("is_closed").asBoolean()).isTrue();
  }

  @Test
  void fieldsChangedAtTellsAnEditedAttributeFromOneNeverEdited() throws Exception {
    ExternalItem item = session.create(JsonNodeFactory.instance.objectNode()
        .put("subject", "Timed [" + run + "]"), "ia:" + run + ":timed");
    Thread.sleep(1100); // Redmine stamps journals to the second: the edit must fall in a later one
    session.update(item.id(), JsonNodeFactory.instance.objectNode().put("subject", "Timed again [" + run + "]"), null);

    Map<String, Instant> times = session.fieldsChangedAt(item.id());

    assertThat(times.get("/subject")).isAfter(times.get("/description"));
    assertThat(times.get("/status/name")).isEqualTo(times.get("/description"));
  }

  @Test
  void markersMatchExactlyAndOnlyInThisProject() {
    String marker = "ia:" + run + ":exact";
    ExternalItem item = createThroughConnector("Marked exactly [" + run + "]", marker);

    assertThat(session.findByMarker(marker)).map(ExternalItem::id).contains(item.id());
    assertThat(session.findByMarker(marker.toUpperCase())).isEmpty();
    assertThat(session.findByMarker(marker.substring(0, marker.length() - 2))).isEmpty();
  }

  @Test
  void notesAreCommentsInMarkdownAndUnknownStatusesAreRefused() {
    ExternalItem item = createThroughConnector("Notes [" + run + "]", null);
    ExternalComment added = session.addComment(item.id(), "Looks **done** to me");

    List<ExternalComment> listed = session.comments(item.id(), null);
    assertThat(listed).extracting(ExternalComment::id).containsExactly(added.id());
    assertThat(listed.get(0).body()).isEqualTo("Looks **done** to me");
    assertCategory(() -> session.transition(item.id(), "Nonexistent status"), ErrorCategory.VALIDATION);
  }

  @Test
  void healthNamesTheUser() {
    ConnectorHealth health = session.health();

    assertThat(health.details()).containsKey("user");
    assertThat(health.toString()).doesNotContain(REAL.apiKey());
  }

  private Cursor drainToEnd(Cursor from) {
    Cursor at = from;
    for (int pages = 0; pages < 1000; pages++) {
      ChangePage page = session.changes(at, 100);
      at = page.next();
      if (!page.hasMore()) {
        return at;
      }
    }
    throw new AssertionError("the listing did not end within 1000 pages");
  }

  /** Remembers what the contract creates so that the test deletes it afterwards. */
  private final class Recording extends ForwardingConnectorSession {
    Recording(ConnectorSession delegate) {
      super(delegate);
    }

    @Override
    public ExternalItem create(JsonNode fields, @Nullable String marker) {
      ExternalItem item = super.create(fields, marker);
      created.add(item.id());
      return item;
    }
  }
}
