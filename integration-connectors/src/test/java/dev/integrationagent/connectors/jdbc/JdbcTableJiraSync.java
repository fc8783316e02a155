package dev.integrationagent.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.Auth;
import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeJira;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host table syncing two ways with Jira (the real connector against the fake Jira) under the
 * real engine: items flow both ways once, and edits made on both sides between two passes, of
 * different fields and of the same field, converge with nothing lost.
 */
abstract class JdbcTableJiraSync {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final FakeJira jira = FakeJira.start(clock);
  private final TicketTable table;
  /** Run once, on the host's own connection, right before the connector next locks a row to write it. */
  private final AtomicReference<Runnable> beforeLock = new AtomicReference<>();
  private final IntegrationAgent agent;

  private final TicketTable.Mode mode;

  JdbcTableJiraSync(TestDatabases.Kind kind, TicketTable.Mode mode) {
    this.mode = mode;
    table = new TicketTable(TestDatabases.fresh(kind), clock);
    agent = IntegrationAgent.builder()
        .clock(clock)
        .stateStore(StateStores.inMemory())
        .connection("tickets", table.connection(mode).dataSource(beforeRowLock(table.db.dataSource(), beforeLock)))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken()))
            .settings(HttpSettings.from(JiraConnector.Builder.defaultSettings())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build()))
        .sync(SyncPlan.between("tickets", "jira").twoWay())
        .build();
  }

  @AfterEach
  void stop() {
    agent.close();
    jira.close();
  }

  private SyncReport pass() {
    clock.advance(Duration.ofSeconds(30));
    SyncReport report = agent.syncNow("tickets-jira");
    assertThat(report.failures()).as(report.summary()).isEmpty();
    return report;
  }

  private JsonNode issue(String key) {
    return jira.issueJson(key).orElseThrow().path("fields");
  }

  @Test
  void rowsAndIssuesFlowBothWaysOnceAndEditsOnBothSidesConverge() {
    String ticket = table.insert("Refund fails");
    SyncReport first = pass();
    assertThat(first.created()).as(first.summary()).isEqualTo(1);
    assertThat(jira.issueCount()).isEqualTo(1);
    String key = jira.projectKey() + "-1";
    assertThat(issue(key).path("summary").asText()).isEqualTo("Refund fails");

    String issueId = jira.createIssue("Export is slow");
    SyncReport second = pass();
    assertThat(second.created()).as(second.summary()).isEqualTo(1);
    assertThat(table.count()).isEqualTo(2);
    SyncReport quiet = pass();
    assertThat(quiet.created() + quiet.updated()).as("echoes are not synced back: " + quiet.summary()).isZero();

    // different fields on both sides between two passes: both edits survive
    clock.advance(Duration.ofSeconds(5));
    table.set(ticket, "body", "Steps: open checkout");
    clock.advance(Duration.ofSeconds(5));
    jira.editSummary(key, "Refund fails on Safari");
    pass();
    pass();
    Map<String, Object> row = table.row(ticket);
    assertThat(row.get("subject")).isEqualTo("Refund fails on Safari");
    assertThat(row.get("body")).isEqualTo("Steps: open checkout");
    assertThat(issue(key).path("summary").asText()).isEqualTo("Refund fails on Safari");
    assertThat(issue(key).path("description").toString()).contains("Steps: open checkout");

    // the same field on both sides: the later write wins on both sides, and the status moves too
    String copy = onlyOtherRow(ticket);
    clock.advance(Duration.ofSeconds(5));
    jira.editSummary(issueId, "Export is slow (Jira)");
    clock.advance(Duration.ofSeconds(5));
    table.set(copy, "subject", "Export is slow (host)");
    table.set(copy, "state", "done");
    pass();
    pass();
    assertThat(table.row(copy).get("subject")).isEqualTo("Export is slow (host)");
    assertThat(issue(issueId).path("summary").asText()).isEqualTo("Export is slow (host)");
    assertThat(issue(issueId).path("status").path("name").asText()).isEqualTo("Done");

    SyncReport settled = pass();
    assertThat(settled.created() + settled.updated()).as(settled.summary()).isZero();
    assertThat(table.count()).isEqualTo(2);
    assertThat(jira.issueCount()).isEqualTo(2);
  }

  @Test
  void aHostEditMadeWhileThePassWritesTheRowIsMergedNotOverwritten() {
    String ticket = table.insert("Checkout times out");
    pass();
    String key = jira.projectKey() + "-1";
    int reads = jira.requestCount("GET /rest/api/3/issue/{issueIdOrKey}");

    clock.advance(Duration.ofSeconds(5));
    jira.editSummary(key, "Checkout times out after 30 s");
    // the host retitles the row after the pass listed it and before the connector writes Jira's
    // title to it: the write names the version the engine last saw and is refused, the engine
    // reads the row again and merges, and the later edit (the host's) wins on both sides
    beforeLock.set(() -> {
      clock.advance(Duration.ofSeconds(5));
      table.set(ticket, "subject", "Checkout times out on mobile");
    });
    pass();
    pass();

    assertThat(beforeLock.get()).as("the host's edit happened during the pass").isNull();
    assertThat(table.row(ticket)).containsEntry("subject", "Checkout times out on mobile");
    assertThat(issue(key).path("summary").asText()).isEqualTo("Checkout times out on mobile");
    assertThat(reads).as("the first pass created the issue without reading it back more than once").isLessThanOrEqualTo(1);
  }

  @Test
  void aDeletedRowDeletesItsIssueWhereTheTableTellsOfDeletes() {
    try (IntegrationAgent propagating = IntegrationAgent.builder()
        .clock(clock)
        .stateStore(StateStores.inMemory())
        .connection("tickets", table.connection(mode))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken())))
        .sync(SyncPlan.between("tickets", "jira").twoWay().deletes(DeletePolicy.PROPAGATE))
        .build()) {
      String ticket = table.insert("Duplicate of APP-3");
      clock.advance(Duration.ofSeconds(30));
      propagating.syncNow("tickets-jira");
      assertThat(jira.issueCount()).isEqualTo(1);

      table.delete(ticket);
      for (int i = 0; i < 2; i++) {
        clock.advance(Duration.ofSeconds(30));
        SyncReport report = propagating.syncNow("tickets-jira");
        assertThat(report.failures()).as(report.summary()).isEmpty();
      }

      if (mode == TicketTable.Mode.CHANGE_TABLE) {
        assertThat(jira.issueCount()).as("the change table reports the delete").isZero();
      } else {
        // an updated-at column cannot tell of a delete: the issue stays, and is not copied back either
        assertThat(jira.issueCount()).isEqualTo(1);
        assertThat(table.count()).isZero();
      }
    }
  }

  /** The connector's connections, running {@code hook} (once) before a statement that locks a row. */
  private static DataSource beforeRowLock(DataSource real, AtomicReference<Runnable> hook) {
    return (DataSource) Proxy.newProxyInstance(JdbcTableJiraSync.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(JdbcTableJiraSync.class.getClassLoader(), new Class<?>[] {Connection.class},
              (p, m, a) -> {
                if (m.getName().equals("prepareStatement") && String.valueOf(a[0]).endsWith("FOR UPDATE")) {
                  Runnable run = hook.getAndSet(null);
                  if (run != null) {
                    run.run();
                  }
                }
                return invoke(connection, m, a);
              });
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private String onlyOtherRow(String ticket) {
    String other = Long.toString(Long.parseLong(ticket) + 1);
    assertThat(table.row(other)).as("the row created from the Jira issue").containsEntry("subject", "Export is slow");
    return other;
  }
}
