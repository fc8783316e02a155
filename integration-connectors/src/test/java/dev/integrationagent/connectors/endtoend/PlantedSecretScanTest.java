package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.AlertSinks;
import dev.integrationagent.AuditSinks;
import dev.integrationagent.Auth;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.monitor.MetricsSnapshot;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.RecordingAuditSink;
import dev.integrationagent.testkit.RecordingLogger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted everywhere a secret can enter (the GitHub token and the Jira API token, each
 * echoed back by the fake in an error body, the basic-auth header's encoded form, the alert
 * webhook's signing key, a secret in issue descriptions whose audit values are masked for both
 * connections, the GitHub token inside a workflow's template) and then searched for in every
 * output the agent has: each audit sink's output (JSON Lines bytes, every column of the JDBC table,
 * the SLF4J audit lines, the recording sink), the engine's log lines, the alerts (as objects and as
 * the webhook bodies posted), the metrics snapshot and its tags, the health report, sync reports,
 * parked items, workflow run records and exceptions thrown to the caller. Nothing is found.
 */
class PlantedSecretScanTest {
  private static final String PLAN = "github-jira";
  private static final String DESCRIPTION_SECRET = "sk_live_PLANTEDdescription7f3a";
  private static final String ALERT_SECRET = "whsec_PLANTEDalertkey91c2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final Sleeper sleeper = clock::advance;
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);
  private final RecordingAuditSink recording = new RecordingAuditSink();
  private final RecordingLogger.Factory logs = RecordingLogger.factory();
  private final RecordingLogger auditLog = new RecordingLogger("audit");
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final List<String> alertBodies = new CopyOnWriteArrayList<>();
  private final MockWebServer alertReceiver = new MockWebServer();
  private final JdbcConnectionPool auditDb = JdbcConnectionPool.create(
      "jdbc:h2:mem:planted-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
  /** What the caller saw: reports, reports' failures, exceptions, health, metrics, run records. */
  private final Map<String, String> seen = new LinkedHashMap<>();

  @AfterEach
  void stop() throws Exception {
    github.close();
    jira.close();
    alertReceiver.close();
    auditDb.dispose();
  }

  @Test
  void noPlantedSecretReachesAnySinkLogAlertMetricReportOrException(@TempDir Path dir) throws Exception {
    alertReceiver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        alertBodies.add(request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8)
            + " " + request.getHeaders());
        return new MockResponse.Builder().code(200).build();
      }
    });
    alertReceiver.start();
    Path trail = dir.resolve("audit.jsonl");
    StateStore store = StateStores.inMemory();
    String workflow = """
        schemaVersion: 1
        id: ack
        version: 1
        settings:
          variables: {key: '%s'}
        nodes:
          - id: labelled
            type: trigger
            params: {on: event, event: item.updated, connection: github, labelAdded: triage}
          - id: thank
            type: action
            params: {action: addComment, connection: github, item: '{{ .event.itemId }}', body: 'Noted with {{ .vars.key }}'}
        edges:
          - {id: e1, from: {node: labelled, port: out}, to: {node: thank, port: in}}
        """.formatted(github.token());
    int login;
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).sleeper(sleeper).stateStore(store)
        .loggers(logs)
        .connection("github", Fakes.github(github))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken())))
        .sync(SyncPlan.between("github", "jira").id(PLAN).twoWay().comments().conflicts(ConflictPolicy.manual())
            .retries(2, Duration.ofSeconds(1)))
        .workflow(Workflows.fromYaml(workflow))
        .maskInAudit("github", "description").maskInAudit("jira", "description")
        .audit(AuditSinks.jsonLines(trail)).audit(AuditSinks.jdbc(auditDb)).audit(AuditSinks.slf4j(auditLog))
        .audit(recording)
        .alerts(alerts::add).alerts(AlertSinks.webhook(alertReceiver.url("/alerts").toString(), ALERT_SECRET))
        .build()) {
      login = github.createIssue("Login fails", "Reset key: " + DESCRIPTION_SECRET);
      jira.answerNext(500, "{\"errorMessages\":[\"internal error near token " + jira.apiToken() + "\"],\"errors\":{}}");
      jira.answerNext(500, "{\"errorMessages\":[\"internal error near token " + jira.apiToken() + "\"],\"errors\":{}}");
      call("first pass, Jira echoes its token in 500s", () -> agent.syncNow(PLAN));
      clock.advance(Duration.ofMinutes(1));
      call("second pass", () -> agent.syncNow(PLAN));
      clock.advance(Duration.ofMinutes(1));

      String loginInJira = store.link(PLAN, Side.A, Integer.toString(login)).orElseThrow().bId();
      github.editBody(login, "Reset key: " + DESCRIPTION_SECRET + " (rotated on GitHub)");
      jira.editIssue(loginInJira, fields -> fields.set("description", adf("Reset key: " + DESCRIPTION_SECRET
          + " (rotated in Jira)")));
      github.addLabel(login, "triage");
      call("a pass with a description conflict", () -> agent.syncNow(PLAN));
      call("the workflow", () -> agent.workflowRuns().runNow());
      clock.advance(Duration.ofMinutes(1));
      call("the workflow's comment copied", () -> agent.syncNow(PLAN));
      agent.conflicts().list(PLAN).forEach(c -> call("a person resolves the conflict",
          () -> agent.conflicts().resolve(PLAN, c.id(), Side.A)));
      clock.advance(Duration.ofMinutes(1));

      github.createIssue("Export hangs", "Steps: export");
      for (int i = 0; i < 3; i++) {
        github.answerNext(401, "{\"message\":\"Bad credentials: " + github.token() + "\","
            + "\"documentation_url\":\"https://docs.github.com/rest\"}");
      }
      call("GitHub refuses its token and echoes it", () -> agent.syncNow(PLAN));
      call("health", agent::health);
      clock.advance(Duration.ofMinutes(6));
      call("health later", agent::health);
      call("parked", () -> agent.parked(PLAN));
      call("workflow runs", () -> agent.workflowRuns().list("ack", 10));
      MetricsSnapshot metrics = agent.metrics().snapshot();
      seen.put("metrics", metrics.toString());
      metrics.series().forEach(s -> seen.put("metric " + s.id(), s.id().toString()));
      call("retry parked", () -> agent.retryParked(PLAN));
    }

    Map<String, String> outputs = new LinkedHashMap<>(seen);
    outputs.put("audit.jsonl", Files.readString(trail, StandardCharsets.UTF_8));
    outputs.put("ia_audit_records", table(auditDb, "ia_audit_records"));
    outputs.put("audit slf4j", lines(auditLog.lines()));
    outputs.put("engine log", lines(logs.lines()));
    outputs.put("recording sink", recording.events().stream().map(AuditEvent::toString).toList().toString());
    outputs.put("alerts", alerts.toString());
    outputs.put("alert webhook bodies", alertBodies.toString());

    assertThat(recording.events()).as("the scenario ran").isNotEmpty();
    assertThat(alerts).as("an alert fired").extracting(a -> a.attributes().get("rule")).contains("credentials-refused");
    assertThat(seen.get("first pass, Jira echoes its token in 500s")).as("the echoed token was there to hide")
        .contains("internal error near token [REDACTED]");
    assertThat(seen.get("workflow runs")).as("the template rendered the token, recorded hidden")
        .contains("Noted with [REDACTED]");
    assertThat(alertBodies).as("and was posted").isNotEmpty();
    assertThat(outputs.get("ia_audit_records")).contains("item.created");
    assertThat(recording.events()).as("the description changed, masked")
        .anySatisfy(e -> assertThat(e.attributes().get("masked")).contains("description"));

    Map<String, String> planted = new LinkedHashMap<>();
    planted.put("github token", github.token());
    planted.put("jira api token", jira.apiToken());
    planted.put("jira basic credentials", Base64.getEncoder().encodeToString(
        (jira.email() + ":" + jira.apiToken()).getBytes(StandardCharsets.UTF_8)));
    planted.put("alert signing key", ALERT_SECRET);
    planted.put("description secret", DESCRIPTION_SECRET);
    List<String> found = new ArrayList<>();
    // escaped forms count too: a token rendered into Markdown reads ghp\_…, and JSON doubles the backslash
    outputs.forEach((where, raw) -> planted.forEach((what, secret) -> {
      String text = raw.replace("\\", "");
      if (text.contains(secret)) {
        int at = text.indexOf(secret);
        found.add(what + " in " + where + ": …" + text.substring(Math.max(0, at - 160),
            Math.min(text.length(), at + secret.length() + 40)).replace('\n', ' ') + "…");
      }
    }));
    assertThat(found).as("planted secrets found in the outputs").isEmpty();
  }

  /** Runs a call as a caller would, keeping what it returned or threw (with the stack trace). */
  private void call(String what, Supplier<?> call) {
    try {
      Object result = call.get();
      seen.put(what, String.valueOf(result));
      if (result instanceof SyncReport report) {
        seen.put(what + " (report)", report.toString());
      }
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      seen.put(what + " (thrown)", trace.toString());
    }
  }

  private void call(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return "done";
    });
  }

  private static String lines(List<RecordingLogger.Line> lines) {
    StringBuilder out = new StringBuilder();
    for (RecordingLogger.Line line : lines) {
      out.append(line.level()).append(' ').append(line.logger()).append(' ').append(line.message()).append(' ')
          .append(line.mdc()).append('\n');
      if (line.error() != null) {
        StringWriter trace = new StringWriter();
        line.error().printStackTrace(new PrintWriter(trace));
        out.append(trace).append('\n');
      }
    }
    return out.toString();
  }

  private static String table(JdbcConnectionPool db, String table) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          out.append(meta.getColumnName(i)).append('=').append(rows.getString(i)).append(' ');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static ObjectNode adf(String text) {
    ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
    doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text")
        .put("text", text);
    return doc;
  }
}
