/**
 * Owns the binding of the agent's metrics to Micrometer: {@link IntegrationAgentMetrics} registers
 * the meters of {@code agent.metrics()} in a host's {@code MeterRegistry}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.micrometer;

import javax.annotation.ParametersAreNonnullByDefault;
