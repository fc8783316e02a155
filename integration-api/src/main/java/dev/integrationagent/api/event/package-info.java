/**
 * The event stream: durable, typed facts about what happened to items, conflicts, passes and
 * connections, recorded in the same store transaction as the state they describe, and read by
 * consumers (the audit trail, metrics, workflows, alert rules, a host's own code) by offset.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.event;

import javax.annotation.ParametersAreNonnullByDefault;
