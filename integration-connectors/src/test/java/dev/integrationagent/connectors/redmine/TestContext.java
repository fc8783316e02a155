package dev.integrationagent.connectors.redmine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.connector.ConnectorContext;
import java.time.Clock;

/** A connector context without an agent: the pipeline falls back to its shared client. */
record TestContext(String connectionId, Clock clock, ObjectMapper json) implements ConnectorContext {
  static TestContext of(Clock clock) {
    return new TestContext("redmine", clock, new ObjectMapper());
  }
}
