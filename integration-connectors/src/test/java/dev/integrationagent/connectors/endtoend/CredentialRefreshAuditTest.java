package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.Auth;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.connectors.github.GitHubConnector;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every refresh of a connection's OAuth 2.0 token is on the audit trail, a failed one as a failure; never the token. */
class CredentialRefreshAuditTest {
  private static final String CLIENT_SECRET = "client-secret-do-not-print";
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final MockWebServer tokens = new MockWebServer();
  private final AtomicBoolean revoked = new AtomicBoolean();
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private IntegrationAgent agent;

  @AfterEach
  void close() throws IOException {
    if (agent != null) {
      agent.close();
    }
    github.close();
    tokens.close();
  }

  @Test
  void aFetchedTokenAndARefusedRefreshAreAudited() throws IOException {
    tokens.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return revoked.get()
            ? new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_client\"}").build()
            : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"access_token\":\"" + github.token() + "\",\"token_type\":\"Bearer\",\"expires_in\":600}").build();
      }
    });
    tokens.start();
    agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("tracker", tracker)
        .connection("github", GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
            .minWriteInterval(Duration.ZERO)
            .auth(Auth.oauth2ClientCredentials(tokens.url("/oauth/token").toString(), "agent", CLIENT_SECRET)
                .clock(clock).build()))
        .sync(SyncPlan.between("tracker", "github")).audit(audit).build();
    tracker.add(WorkItem.builder().title("Login fails").build());

    assertThat(agent.syncNow("tracker-github").created()).isEqualTo(1);
    revoked.set(true);
    clock.advance(Duration.ofMinutes(20)); // the token expired: the next call fetches another
    tracker.add(WorkItem.builder().title("Export hangs").build());
    agent.syncNow("tracker-github");

    List<AuditEvent> refreshes = audit.ofType(EventTypes.CREDENTIAL_REFRESHED);
    assertThat(refreshes).extracting(AuditEvent::outcome)
        .containsExactly(AuditEvent.Outcome.SUCCESS, AuditEvent.Outcome.FAILURE);
    assertThat(refreshes).allSatisfy(r -> assertThat(r.connectionId()).isEqualTo("github"));
    assertThat(refreshes.get(0).message()).isEqualTo("the credential of github was refreshed");
    assertThat(refreshes.get(1).message()).contains("the refresh failed", "HTTP 400");
    assertThat(refreshes.get(1).errorCategory()).isNull(); // the category is in the reason: a refresh is not an item's failure
    assertThat(audit.events().toString()).doesNotContain(github.token()).doesNotContain(CLIENT_SECRET);
  }
}
