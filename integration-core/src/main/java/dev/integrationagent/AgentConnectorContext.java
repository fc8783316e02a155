package dev.integrationagent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.connector.ConnectorContext;
import java.time.Clock;

/** The context the agent hands each connection it opens. */
record AgentConnectorContext(String connectionId, Clock clock, ObjectMapper json) implements ConnectorContext {}
