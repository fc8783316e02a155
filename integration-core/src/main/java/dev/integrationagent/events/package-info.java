/**
 * The event stream as the agent runs it: subscriptions that read the store's outbox by offset,
 * each with its own durable position and retries, the host's own events, retention, and watches
 * (one-sided passes that report a connection's changes without syncing them).
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.events;

import javax.annotation.ParametersAreNonnullByDefault;
