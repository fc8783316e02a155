package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * The result of a connection's health check: one cheap authenticated call.
 *
 * @param status up, degraded or down
 * @param reason why, in words a person can act on; empty when up
 * @param latency how long the check took
 * @param details further facts (remaining rate limit, server version); never a secret
 */
public record ConnectorHealth(
    HealthStatus status, String reason, Duration latency, Map<String, String> details) {
  public ConnectorHealth {
    requireNonNull(status, "status");
    requireNonNull(reason, "reason");
    requireNonNull(latency, "latency");
    details = Map.copyOf(details);
  }

  public static ConnectorHealth up(Duration latency) {
    return new ConnectorHealth(HealthStatus.UP, "", latency, Map.of());
  }

  public static ConnectorHealth down(String reason, Duration latency) {
    return new ConnectorHealth(HealthStatus.DOWN, reason, latency, Map.of());
  }
}
