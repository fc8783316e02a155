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
 * @param feed where the plan lists the connection's changes: the session, or a listing shared
 *     with the other plans that read it ({@link SharedListings})
 */
public record SyncParticipant(String connectionId, ConnectorSession session, Mapping mapping,
    SharedListings.ChangeFeed feed) {
  public SyncParticipant {
    requireNonNull(connectionId, "connectionId");
    requireNonNull(session, "session");
    requireNonNull(mapping, "mapping");
    requireNonNull(feed, "feed");
  }

  /** A side that lists its changes straight from the session. */
  public SyncParticipant(String connectionId, ConnectorSession session, Mapping mapping) {
    this(connectionId, session, mapping, requireNonNull(session, "session")::changes);
  }
}
