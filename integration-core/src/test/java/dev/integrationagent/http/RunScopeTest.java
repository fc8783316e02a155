package dev.integrationagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import mockwebserver3.MockWebServer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pipeline's events name the plan and run whose scope the call was made in, and only while it lasts. */
class RunScopeTest {
  private final MockWebServer server = new MockWebServer();
  private final Fixtures.Events events = new Fixtures.Events();
  private HttpPipeline pipeline;

  @BeforeEach
  void start() throws Exception {
    server.start();
    FakeClock clock = new FakeClock();
    pipeline = Fixtures.pipeline(server, clock, new RecordingSleeper(clock)).listener(events).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aCallInAScopeNamesItsPlanAndRunAndTheScopeEndsWithItsBody() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(Fixtures.json(200, "{}"));
    }
    pipeline.get("/before", Map.of());
    RunScope.call("github-jira", "run-1", () -> {
      pipeline.get("/outer", Map.of());
      return RunScope.call("jira-redmine", "run-2", () -> pipeline.get("/inner", Map.of()));
    });
    pipeline.get("/after", Map.of());

    assertThat(events.events).extracting(HttpCallEvent::pathTemplate, HttpCallEvent::planId, HttpCallEvent::runId)
        .containsExactly(
            Tuple.tuple("/before", null, null),
            Tuple.tuple("/outer", "github-jira", "run-1"),
            Tuple.tuple("/inner", "jira-redmine", "run-2"),
            Tuple.tuple("/after", null, null));
  }
}
