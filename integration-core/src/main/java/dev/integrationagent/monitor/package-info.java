/**
 * Owns health, metrics and alerting: the agent's metrics ({@link AgentMetrics}), the alert rules and the built-in alert sinks.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.monitor;

import javax.annotation.ParametersAreNonnullByDefault;
