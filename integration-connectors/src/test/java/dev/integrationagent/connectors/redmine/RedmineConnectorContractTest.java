package dev.integrationagent.connectors.redmine;

import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeRedmine;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

class RedmineConnectorContractTest extends ConnectorContract {
  final FakeClock clock = FakeClock.at("2026-03-01T10:00:00.250Z");
  final FakeRedmine redmine = FakeRedmine.start(clock);

  @AfterEach
  void stop() {
    redmine.close();
  }

  @Override
  protected ConnectorSession openSession() {
    return RedmineConnector.builder().baseUrl(redmine.url()).project(FakeRedmine.PROJECT)
        .apiKey(redmine.apiKey()).markerFieldId(redmine.markerFieldId())
        .open(TestContext.of(clock));
  }

  @Override
  protected Mapping mapping() {
    return RedmineConnector.shippedMapping();
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        return String.valueOf(redmine.createIssue(item.title()));
      }

      @Override
      public void retitle(String id, String title) {
        redmine.editIssue(Integer.parseInt(id), issue -> issue.put("subject", title));
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return RedmineConnector.CAPABILITIES;
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return RedmineConnector.builder().baseUrl(redmine.url()).project(FakeRedmine.PROJECT)
        .apiKey("not-the-key").markerFieldId(redmine.markerFieldId())
        .open(TestContext.of(clock));
  }

  @Override
  protected String doneStatus() {
    return "Closed";
  }
}
