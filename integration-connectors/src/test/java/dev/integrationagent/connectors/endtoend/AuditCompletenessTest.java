package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.Auth;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditEvent.Actor;
import dev.integrationagent.api.audit.AuditEvent.Outcome;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.audit.AuditEventJson;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.FakeServer;
import dev.integrationagent.testkit.ForwardingStateStore;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completeness of the audit trail, counted: a two-way GitHub ⇄ Jira agent on the real connectors and
 * the fake servers (creates and updates on both sides, an echo pass, a parked item, a conflict a
 * person settles, a delete propagated, a workflow that comments and labels, 503s, dropped
 * connections, a create whose answer was lost, and a process killed between a create and its
 * record, then a new agent on the same store) writes to the fakes exactly what its trail says.
 *
 * <p>The mapping, per connection and kind:
 *
 * <ul>
 *   <li>applied writes: the exchanges a fake answered 2xx to a write route ({@code POST} an issue:
 *       create; GitHub {@code PATCH} an issue: update, or delete when it carries the tombstone; Jira
 *       {@code PUT} an issue or {@code POST} a transition: update; Jira {@code DELETE}: delete;
 *       {@code POST} a comment, or edit one: comment), leaving out the person's own request, plus the
 *       create whose answer the fake lost (applied, never answered). Reads sent as {@code POST}
 *       ({@code /search/jql}, {@code /graphql}) are not writes; any other write route fails the test.
 *   <li>audited writes: records of origin {@code AGENT} and outcome {@code SUCCESS} of
 *       {@code item.created} (a recovered one included: the write it names was made by the lost
 *       attempt), {@code item.updated}, {@code item.deleted} and {@code comment.copied}, by the
 *       agent or a workflow, and {@code workflow.step} records of an {@code addComment} step done
 *       that did not find an earlier attempt's comment (such a comment has no record of its own).
 *       Records delivered twice (the dead agent's sink threads and the new agent's) count once, by id.
 * </ul>
 *
 * <p>The engine records no decision per item for a skipped echo: a pass's {@code pass.finished}
 * counts them ({@code echoes}), and that count is what is checked.
 */
class AuditCompletenessTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final Sleeper sleeper = clock::advance;
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);
  private final RecordingAuditSink recording = new RecordingAuditSink();
  private final CrashAfterJiraCreate store = new CrashAfterJiraCreate(StateStores.inMemory());
  private static final String PLAN = "github-jira";
  private static final String PERSON = "X-Test-Person";
  private static final int LOST_JIRA_CREATES = 1;
  private final Path trail;
  private final dev.integrationagent.api.audit.AuditSink jsonLines;
  private @Nullable IntegrationAgent abandoned;

  AuditCompletenessTest(@TempDir Path dir) {
    trail = dir.resolve("audit.jsonl");
    jsonLines = AuditSinks.jsonLines(trail);
  }

  @AfterEach
  void stop() {
    if (abandoned != null) {
      abandoned.close(); // only to end its threads: the test treated it as dead
    }
    github.close();
    jira.close();
  }

  private static final String TRIAGE = """
      schemaVersion: 1
      id: ack
      version: 1
      name: Acknowledge triaged issues
      nodes:
        - id: labelled
          type: trigger
          params: {on: event, event: item.updated, connection: github, labelAdded: triage}
        - id: thank
          type: action
          params: {action: addComment, connection: github, item: '{{ .event.itemId }}', body: 'Triaged, thank you.'}
        - id: mark
          type: action
          params: {action: updateFields, connection: github, item: '{{ .event.itemId }}', fields: {labels: ['triage', 'acknowledged']}}
      edges:
        - {id: e1, from: {node: labelled, port: out}, to: {node: thank, port: in}}
        - {id: e2, from: {node: thank, port: out}, to: {node: mark, port: in}}
      """;

  @Test
  void everyWriteTheFakesAppliedIsAuditedAndEveryAuditedWriteWasApplied() throws Exception {
    github.recordTraffic();
    jira.recordTraffic();
    IntegrationAgent first = agent();
    abandoned = first;
    int login = github.createIssue("Login fails", "Steps: log in");
    int export = github.createIssue("Export hangs", "Steps: export");
    github.createIssue(" ", "A blank title cannot become a Jira issue"); // parked
    String invoice = jira.createIssue("Invoice total is wrong");
    jira.failNext(2, 503);
    github.dropNext(1);
    first.syncNow(PLAN);                 // creates on both sides, through 503s and a dropped connection
    clock.advance(Duration.ofMinutes(1));
    first.syncNow(PLAN);                 // the create the 503s held back
    clock.advance(Duration.ofMinutes(1));
    first.syncNow(PLAN);                 // the agent's own writes come back: echoes
    clock.advance(Duration.ofMinutes(1));

    github.editIssue(login, "Login fails on Safari");
    jira.editSummary(invoice, "Invoice total is wrong by one cent");
    github.dropNext(1);
    jira.failNext(1, 503);
    first.syncNow(PLAN);                 // updates on both sides
    clock.advance(Duration.ofMinutes(1));

    github.addLabel(export, "triage");
    first.syncNow(PLAN);
    first.workflowRuns().runNow();       // comments on the issue and labels it
    clock.advance(Duration.ofMinutes(1));
    first.syncNow(PLAN);                 // the workflow's label and comment go to Jira
    clock.advance(Duration.ofMinutes(1));

    String loginInJira = store.link(PLAN, Side.A, Integer.toString(login)).orElseThrow().bId();
    github.editIssue(login, "Login fails on Safari 17");
    jira.editSummary(loginInJira, "Login fails on Safari and Firefox");
    first.syncNow(PLAN);                 // a conflict, queued for a person
    ConflictRecord conflict = first.conflicts().list(PLAN).get(0);
    first.conflicts().resolve(PLAN, conflict.id(), Side.B);
    clock.advance(Duration.ofMinutes(1));

    int search = github.createIssue("Search is slow", null);
    jira.loseNextResponses("POST /rest/api/3/issue", 1);
    first.syncNow(PLAN);                 // Jira took the create, its answer was lost
    clock.advance(Duration.ofMinutes(1));
    first.syncNow(PLAN);                 // found by its marker, not created again
    clock.advance(Duration.ofMinutes(1));

    String invoiceInGitHub = store.link(PLAN, Side.B, invoice).orElseThrow().aId();
    deleteInJiraAsAPerson(invoice);
    clock.advance(Duration.ofMinutes(6));
    first.syncNow(PLAN);                 // the reconciliation finds it gone and closes the GitHub issue
    clock.advance(Duration.ofMinutes(1));

    int crash = github.createIssue("Checkout crashes", "Steps: pay");
    store.armed = true;
    assertThatThrownBy(() -> first.syncNow(PLAN)).isInstanceOf(CrashAfterJiraCreate.Crash.class);
    clock.advance(Duration.ofMinutes(3)); // the dead agent's lease runs out
    try (IntegrationAgent second = agent()) {
      second.syncNow(PLAN);              // links the create the dead agent never recorded
      clock.advance(Duration.ofMinutes(1));
      second.syncNow(PLAN);
    }

    Map<String, AuditEvent> audited = byId(recording.events());
    Map<String, Integer> applied = appliedWrites();
    Map<String, Integer> auditedWrites = auditedWrites(audited.values());
    assertThat(github.issueCount()).isEqualTo(6);
    assertThat(jira.issueCount()).as("created once each, the deleted one gone").isEqualTo(4);
    assertThat(auditedWrites).as("audited writes per connection and kind").isEqualTo(applied);
    assertThat(applied).containsKeys("github create", "github update", "github delete", "github comment",
        "jira create", "jira update", "jira comment");

    assertThat(audited.values()).filteredOn(e -> e.operation().equals(EventTypes.ITEM_UPDATED))
        .filteredOn(e -> "ack".equals(e.attributes().get("workflow")))
        .as("the workflow's own write is the workflow's doing, with its run").singleElement().satisfies(e -> {
          assertThat(e.actor()).isEqualTo(Actor.workflow("ack"));
          assertThat(e.workflowRunId()).isEqualTo(first.workflowRuns().list("ack", 5).get(0).id());
        });
    assertThat(of(audited, EventTypes.ITEM_PARKED)).extracting(AuditEvent::itemId).contains("3");
    assertThat(of(audited, EventTypes.CONFLICT_DETECTED)).singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(Outcome.SKIPPED));
    assertThat(of(audited, EventTypes.CONFLICT_RESOLVED)).singleElement()
        .satisfies(c -> assertThat(c.attributes()).containsEntry("by", "queue").containsEntry("field", "title"));
    assertThat(of(audited, EventTypes.PASS_FINISHED)).as("passes that skipped the agent's own writes as echoes")
        .anySatisfy(p -> assertThat(Integer.parseInt(p.attributes().get("echoes"))).isPositive());
    assertThat(of(audited, EventTypes.WORKFLOW_STEP)).extracting(e -> e.attributes().get("step"),
        e -> e.attributes().get("outcome"), AuditEvent::actor)
        .containsExactly(tuple("thank", "done", Actor.workflow("ack")), tuple("mark", "done", Actor.workflow("ack")));
    assertThat(of(audited, IntegrationAgent.CONFIG_LOADED)).as("each agent's configuration").hasSize(2)
        .allSatisfy(c -> assertThat(c.attributes()).containsEntry("plans", PLAN).containsEntry("workflows", "ack@1"));
    assertThat(of(audited, EventTypes.ITEM_CREATED)).filteredOn(e -> "true".equals(e.attributes().get("recovered")))
        .extracting(AuditEvent::connectionId).as("the lost answer and the crash").containsExactly("jira", "jira");
    assertThat(github.issue(Integer.parseInt(invoiceInGitHub)).path("state").asText())
        .as("the Jira delete closed the GitHub issue").isEqualTo("closed");
    assertThat(store.link(PLAN, Side.A, Integer.toString(search))).as("the lost answer's create, linked").isPresent();
    assertThat(store.link(PLAN, Side.A, Integer.toString(crash))).as("the dead agent's create, linked").isPresent();

    Map<String, String> lines = new TreeMap<>();
    for (String line : Files.readAllLines(trail)) {
      AuditEvent e = AuditEventJson.read(line);
      lines.put(e.id(), AuditEventJson.write(e));
    }
    Map<String, String> recorded = new TreeMap<>();
    audited.forEach((id, e) -> recorded.put(id, AuditEventJson.write(e)));
    assertThat(lines).as("the JSON Lines file holds what the recording sink got").isEqualTo(recorded);
  }

  /** The writes the fakes applied, by "connection kind": answered 2xx, and those whose answer was lost. */
  private Map<String, Integer> appliedWrites() {
    Map<String, Integer> out = new TreeMap<>();
    for (FakeServer.Exchange e : github.traffic()) {
      String kind = kind(e);
      if (kind != null) {
        out.merge("github " + kind, 1, Integer::sum);
      }
    }
    for (FakeServer.Exchange e : jira.traffic()) {
      String kind = kind(e);
      if (kind != null) {
        out.merge("jira " + kind, 1, Integer::sum);
      }
    }
    out.merge("jira create", LOST_JIRA_CREATES, Integer::sum);
    return out;
  }

  private static @Nullable String kind(FakeServer.Exchange e) {
    int status = e.response().status();
    if (status < 200 || status > 299 || e.request().header(PERSON) != null) {
      return null;
    }
    return switch (e.route()) {
      case "POST /repos/{owner}/{repo}/issues", "POST /rest/api/3/issue" -> "create";
      case "PATCH /repos/{owner}/{repo}/issues/{number}" ->
          e.request().body().contains("integration-agent:deleted") ? "delete" : "update";
      case "PUT /rest/api/3/issue/{issueIdOrKey}", "POST /rest/api/3/issue/{issueIdOrKey}/transitions" -> "update";
      case "DELETE /rest/api/3/issue/{issueIdOrKey}" -> "delete";
      case "POST /repos/{owner}/{repo}/issues/{number}/comments", "POST /rest/api/3/issue/{issueIdOrKey}/comment",
          "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
          "PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id}" -> "comment";
      default -> {
        if (!e.request().method().equals("GET") && !e.route().endsWith("/search/jql")
            && !e.route().equals("POST /graphql")) {
          throw new AssertionError("a write this test does not classify: " + e.route());
        }
        yield null;
      }
    };
  }

  /** The writes the trail says the agent made, by "connection kind". */
  private static Map<String, Integer> auditedWrites(Iterable<AuditEvent> records) {
    Map<String, Integer> out = new TreeMap<>();
    for (AuditEvent e : records) {
      boolean own = "AGENT".equals(e.attributes().get("origin")) && e.outcome() == Outcome.SUCCESS;
      String kind = !own ? null : switch (e.operation()) {
        case EventTypes.ITEM_CREATED -> "create";
        case EventTypes.ITEM_UPDATED -> "update";
        case EventTypes.ITEM_DELETED -> "delete";
        case EventTypes.COMMENT_COPIED -> "comment";
        case EventTypes.WORKFLOW_STEP -> "addComment".equals(e.attributes().get("action"))
            && "done".equals(e.attributes().get("outcome")) && !"true".equals(e.attributes().get("found"))
            ? "comment" : null;
        default -> null;
      };
      if (kind != null) {
        out.merge(e.connectionId() + " " + kind, 1, Integer::sum);
      }
    }
    return out;
  }

  private static Map<String, AuditEvent> byId(List<AuditEvent> events) {
    Map<String, AuditEvent> out = new LinkedHashMap<>();
    events.forEach(e -> out.putIfAbsent(e.id(), e));
    return out;
  }

  private static List<AuditEvent> of(Map<String, AuditEvent> audited, String operation) {
    return audited.values().stream().filter(e -> e.operation().equals(operation)).toList();
  }

  /** A person deletes the issue in Jira: their request is not the agent's, and is left out of the count. */
  private void deleteInJiraAsAPerson(String id) throws IOException {
    Request delete = new Request.Builder().url(jira.url() + "/rest/api/3/issue/" + id).delete()
        .header("Authorization", okhttp3.Credentials.basic(jira.email(), jira.apiToken())).header(PERSON, "yes")
        .build();
    try (okhttp3.Response response = new OkHttpClient().newCall(delete).execute()) {
      assertThat(response.code()).isEqualTo(204);
    }
  }

  private IntegrationAgent agent() {
    return IntegrationAgent.builder().clock(clock).sleeper(sleeper).stateStore(store).agentId("audited")
        .connection("github", Fakes.github(github))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken())))
        .sync(SyncPlan.between("github", "jira").id(PLAN).twoWay().comments().conflicts(ConflictPolicy.manual())
            .deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ofMinutes(5)).retries(3, Duration.ofSeconds(1)))
        .workflow(Workflows.fromYaml(TRIAGE))
        .audit(jsonLines).audit(recording)
        .build();
  }

  /** A store whose process "dies" (an Error) right after the tool took a create, before it is recorded. */
  static final class CrashAfterJiraCreate extends ForwardingStateStore {
    static final class Crash extends Error {
      private static final long serialVersionUID = 1L;

      Crash() {
        super("the process was killed");
      }
    }

    volatile boolean armed;

    CrashAfterJiraCreate(StateStore delegate) {
      super(delegate);
    }

    @Override
    public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
      if (armed && events.stream().anyMatch(e -> e.type().equals(EventTypes.ITEM_CREATED)
          && e.origin() == ChangeEvent.Origin.AGENT && "jira".equals(e.connectionId()))) {
        armed = false;
        throw new Crash();
      }
      return super.appendEvents(events);
    }
  }
}
