package dev.integrationagent.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.ItemChange;
import dev.integrationagent.SyncReport;
import dev.integrationagent.config.SecretResolver;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeJira;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host table syncing two ways with Jira through an agent built from one YAML file (issue #15):
 * the table is a {@code jdbc-table} connection by JDBC URL with its mapping by path, the secrets come
 * from references; edits on both sides converge, and a change the host publishes reaches Jira
 * without a poll.
 */
abstract class JdbcTableFromConfig {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final FakeJira jira = FakeJira.start(clock);
  private final TestDatabases.Kind kind;
  @TempDir Path dir;
  private IntegrationAgent agent;

  JdbcTableFromConfig(TestDatabases.Kind kind) {
    this.kind = kind;
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    jira.close();
  }

  private IntegrationAgent agent(TicketTable table) throws IOException {
    try (InputStream mapping = getClass().getResourceAsStream("/dev/integrationagent/connectors/jdbc/tickets.mapping.yaml")) {
      Files.write(dir.resolve("tickets.mapping.yaml"), mapping.readAllBytes());
    }
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, """
        schemaVersion: 1
        stateStore: {type: memory}
        connections:
          tickets:
            type: jdbc-table
            settings:
              url: "%s"
              user: %s
              %s
              table: %s
              tracking: changeTable
              timestampColumn: updated_at
              allowDeletes: true
            mapping: tickets.mapping.yaml
          jira:
            type: jira
            settings:
              baseUrl: %s
              project: %s
              email: %s
              apiToken: ${env:JIRA_API_TOKEN}
        plans:
          - between: [tickets, jira]
            direction: twoWay
        """.formatted(table.db.url(), table.db.user(),
        table.db.password().isEmpty() ? "" : "password: ${env:HOST_DB_PASSWORD}", table.name, jira.url(),
        jira.projectKey(), jira.email()));
    Map<String, String> env = Map.of("JIRA_API_TOKEN", jira.apiToken(), "HOST_DB_PASSWORD", table.db.password());
    SecretResolver environment = (scheme, name) -> scheme.equals("env") ? Optional.ofNullable(env.get(name))
        : Optional.empty();
    return IntegrationAgent.fromConfig(config, environment);
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
  void aHostTableFromAYamlFileSyncsBothWaysConvergesAndAPublishedChangeNeedsNoPoll() throws IOException {
    TicketTable table = new TicketTable(TestDatabases.fresh(kind), clock);
    agent = agent(table);
    String ticket = table.insert("Refund fails");
    assertThat(pass().created()).isEqualTo(1);
    String key = jira.projectKey() + "-1";
    assertThat(issue(key).path("summary").asText()).isEqualTo("Refund fails");
    String issueId = jira.createIssue("Export is slow");
    assertThat(pass().created()).isEqualTo(1);
    assertThat(table.count()).isEqualTo(2);

    // concurrent edits: different fields on both sides, then the same field, the later write winning
    clock.advance(Duration.ofSeconds(5));
    table.set(ticket, "body", "Steps: open checkout");
    clock.advance(Duration.ofSeconds(5));
    jira.editSummary(key, "Refund fails on Safari");
    pass();
    pass();
    assertThat(table.row(ticket).get("subject")).isEqualTo("Refund fails on Safari");
    assertThat(issue(key).path("description").toString()).contains("Steps: open checkout");
    String copy = Long.toString(Long.parseLong(ticket) + 1); // the row created from the Jira issue
    assertThat(table.row(copy)).containsEntry("subject", "Export is slow");
    clock.advance(Duration.ofSeconds(5));
    jira.editSummary(issueId, "Export is slow (Jira)");
    clock.advance(Duration.ofSeconds(5));
    table.set(copy, "subject", "Export is slow (host)");
    pass();
    pass();
    assertThat(issue(issueId).path("summary").asText()).isEqualTo("Export is slow (host)");
    assertThat(table.row(copy).get("subject")).isEqualTo("Export is slow (host)");

    // the host publishes its own change: Jira has it without a pass
    clock.advance(Duration.ofSeconds(5));
    table.set(ticket, "subject", "Refund fails on Safari 17");
    int searches = jira.requestCount("POST /rest/api/3/search/jql");
    SyncReport published = agent.publish(ItemChange.updated("tickets", ticket)).reports().get(0);
    assertThat(published.updated()).as(published.summary()).isEqualTo(1);
    assertThat(issue(key).path("summary").asText()).isEqualTo("Refund fails on Safari 17");
    assertThat(jira.requestCount("POST /rest/api/3/search/jql")).as("no listing ran").isEqualTo(searches);
  }
}
