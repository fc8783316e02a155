package dev.integrationagent.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.Auth;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeJira;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host callbacks under the real engine, syncing two ways with the Jira connector against the fake Jira. */
class HostConnectorJiraSyncTest {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final FakeJira jira = FakeJira.start(clock);
  private final InMemoryHostItems items = new InMemoryHostItems(clock);
  private final IntegrationAgent agent = IntegrationAgent.builder()
      .clock(clock)
      .stateStore(StateStores.inMemory())
      .connection("host", HostConnector.of(items).mapping(TicketTable.MAPPING))
      .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
          .auth(Auth.basic(jira.email(), jira.apiToken()))
          .settings(HttpSettings.from(JiraConnector.Builder.defaultSettings())
              .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build()))
      .sync(SyncPlan.between("host", "jira").twoWay())
      .build();

  @AfterEach
  void stop() {
    agent.close();
    jira.close();
  }

  private SyncReport pass() {
    clock.advance(Duration.ofSeconds(30));
    SyncReport report = agent.syncNow("host-jira");
    assertThat(report.failures()).as(report.summary()).isEmpty();
    return report;
  }

  @Test
  void hostItemsAndIssuesFlowBothWaysAndEditsOnBothSidesConverge() {
    String id = items.upsert(null, JsonNodeFactory.instance.objectNode().put("subject", "Invoice PDF is blank")
        .put("state", "open"), null, null).id();
    pass();
    String key = jira.projectKey() + "-1";
    assertThat(jira.issueJson(key).orElseThrow().path("fields").path("summary").asText()).isEqualTo("Invoice PDF is blank");

    jira.createIssue("Dark mode");
    pass();
    assertThat(items.changedSince(dev.integrationagent.api.connector.Cursor.START, 10).items())
        .extracting(i -> i.data().path("subject").asText()).containsExactlyInAnyOrder("Invoice PDF is blank", "Dark mode");

    clock.advance(Duration.ofSeconds(5));
    items.edit(id, "body", "Only for invoices in EUR");
    clock.advance(Duration.ofSeconds(5));
    jira.editSummary(key, "Invoice PDF is blank in Firefox");
    pass();
    pass();

    assertThat(items.get(id).orElseThrow().data().path("subject").asText()).isEqualTo("Invoice PDF is blank in Firefox");
    assertThat(jira.issueJson(key).orElseThrow().path("fields").path("description").toString())
        .contains("Only for invoices in EUR");
    SyncReport settled = pass();
    assertThat(settled.created() + settled.updated()).as(settled.summary()).isZero();
    assertThat(jira.issueCount()).isEqualTo(2);
  }
}
