package dev.integrationagent.connectors.redmine;

import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeRedmine;
import dev.integrationagent.testkit.TestConnectorContext;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

class RedmineConnectorContractTest extends ConnectorContract {
  final FakeClock clock = FakeClock.at("2026-03-01T10:00:00.250Z");
  final FakeRedmine redmine = FakeRedmine.start(clock);
  /** Rate-limit waits (ten calls a second) advance the fake clock instead of stalling the test. */
  final TestConnectorContext context = TestConnectorContext.builder().connectionId("redmine").waitsOn(clock).build();

  @AfterEach
  void stop() {
    redmine.close();
  }

  @Override
  protected ConnectorSession openSession() {
    return RedmineConnector.builder().baseUrl(redmine.url()).project(FakeRedmine.PROJECT)
        .apiKey(redmine.apiKey()).markerFieldId(redmine.markerFieldId())
        .open(context);
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
        .open(context);
  }

  @Override
  protected String doneStatus() {
    return "Closed";
  }
}
