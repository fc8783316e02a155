package dev.integrationagent.events;

import java.util.Optional;

/**
 * What one pass of a watch did.
 *
 * @param connectionId the watched connection
 * @param listed whether it listed the connection itself (false when a plan's passes report it)
 * @param seen items read
 * @param recorded events recorded
 * @param failure why the listing stopped early (the cursor stays), when it did
 */
public record WatchReport(String connectionId, boolean listed, int seen, int recorded, Optional<String> failure) {}
