package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.HealthStatus;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's health: each connection's check and the worst of them.
 *
 * @param status DOWN if any connection is down, DEGRADED if any is degraded, else UP
 * @param connections each connection's check, by connection id
 * @param checkedAt when the checks ran
 */
public record HealthReport(HealthStatus status, Map<String, ConnectorHealth> connections, Instant checkedAt) {
  public HealthReport {
    requireNonNull(status, "status");
    connections = java.util.Collections.unmodifiableMap(new TreeMap<>(connections));
    requireNonNull(checkedAt, "checkedAt");
  }

  static HealthReport of(Map<String, ConnectorHealth> connections, Instant checkedAt) {
    HealthStatus worst = HealthStatus.UP;
    for (ConnectorHealth health : connections.values()) {
      if (health.status().compareTo(worst) > 0) {
        worst = health.status();
      }
    }
    return new HealthReport(worst, connections, checkedAt);
  }
}
