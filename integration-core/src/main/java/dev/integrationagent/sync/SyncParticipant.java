package dev.integrationagent.sync;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;

/**
 * One side of a plan as the engine uses it.
 *
 * @param connectionId the connection's id
 * @param session the open session
 * @param mapping its mapping to and from the canonical item
 */
public record SyncParticipant(String connectionId, ConnectorSession session, Mapping mapping) {
  public SyncParticipant {
    requireNonNull(connectionId, "connectionId");
    requireNonNull(session, "session");
    requireNonNull(mapping, "mapping");
  }
}
