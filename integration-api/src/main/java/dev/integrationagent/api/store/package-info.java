/**
 * Durable state of the agent: links, base snapshots, cursors, history, conflicts, parked items, create
 * intents, leases and workflow executions.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.store;

import javax.annotation.ParametersAreNonnullByDefault;
