package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.Auth;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.http.Sleeper;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code http.call} audit event says which pass made the call: a connection's session serves
 * every plan, so without the plan and run a failed call cannot be told apart from the others.
 */
class HttpCallAuditTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final Sleeper sleeper = clock::advance;
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);
  private final RecordingAuditSink audit = new RecordingAuditSink();

  @AfterEach
  void stop() {
    github.close();
    jira.close();
  }

  @Test
  void aFailedCallDuringAPassNamesThePlanAndTheRun() {
    github.createIssue("Printer on fire", "Third floor");
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).sleeper(sleeper)
        .stateStore(StateStores.inMemory())
        .connection("github", Fakes.github(github))
        .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken())))
        .sync(SyncPlan.between("github", "jira"))
        .audit(audit)
        .build()) {
      SyncReport first = agent.syncNow("github-jira");
      github.createIssue("Coffee machine empty", "Kitchen");
      jira.failNext(1, 500);                                  // the create fails, audited as a failed call
      SyncReport second = agent.syncNow("github-jira");

      assertThat(first.runId()).isNotEqualTo(second.runId());
      List<AuditEvent> calls = audit.ofType("http.call");
      assertThat(calls).as("the 500 Jira answered").isNotEmpty().allSatisfy(call -> {
        assertThat(call.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
        assertThat(call.connectionId()).isEqualTo("jira");
        assertThat(call.planId()).isEqualTo("github-jira");
        assertThat(call.runId()).isEqualTo(second.runId());
      });
      assertThat(audit.ofType("pass.started")).extracting(AuditEvent::runId)
          .containsExactly(first.runId(), second.runId());
    }
  }
}
