package dev.integrationagent.connectors.jira;

import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

class JiraConnectorContractTest extends ConnectorContract {
  private final JiraFixture fixture = new JiraFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Override
  protected ConnectorSession openSession() {
    return fixture.open();
  }

  @Override
  protected Mapping mapping() {
    return new JiraConnector().defaultMapping();
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        fixture.clock.advance(Duration.ofSeconds(1));
        return fixture.jira.createIssue(item.title());
      }

      @Override
      public void retitle(String id, String title) {
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.jira.editSummary(id, title);
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return JiraConnector.CAPABILITIES;
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return fixture.openWithBadCredentials();
  }
}
