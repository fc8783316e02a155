package dev.integrationagent.connectors.github;

import dev.integrationagent.Auth;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import dev.integrationagent.testkit.FakeGitHub;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

class GitHubConnectorContractTest extends ConnectorContract {
  private static final String WEBHOOK_SECRET = "contract-webhook-secret";
  private final GitHubFixture fixture = new GitHubFixture();

  @AfterEach
  void closeFake() {
    fixture.close();
  }

  @Override
  protected ConnectorSession openSession() {
    return fixture.builder().webhookSecret(WEBHOOK_SECRET).open(fixture.context());
  }

  @Override
  protected Mapping mapping() {
    return new GitHubConnector().defaultMapping();
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        return Integer.toString(fixture.github.createIssue(item.title(), item.description()));
      }

      @Override
      public void retitle(String id, String title) {
        fixture.github.editIssue(Integer.parseInt(id), title);
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return GitHubConnector.CAPABILITIES;
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return fixture.builder().auth(Auth.bearer("ghp_not-a-valid-token")).open(fixture.context());
  }

  @Override
  protected SignedDelivery webhookDelivery(ExternalItem item) {
    FakeGitHub.Delivery d = fixture.github.issuesDelivery(WEBHOOK_SECRET, "edited", Integer.parseInt(item.id()));
    return new SignedDelivery(d.headers(), d.body(), "X-Hub-Signature-256");
  }
}
