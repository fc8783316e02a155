package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.monitor.ConnectionHealth;
import dev.integrationagent.monitor.PlanHealth;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The agent's health: each connection's and each plan's, and the worst of them.
 *
 * <pre>{@code
 * HealthReport h = agent.health();
 * if (h.status() != HealthStatus.UP) {
 *   h.plans().values().forEach(p -> log.warn("{}: {} ({}), lag {}", p.planId(), p.status(), p.reason(), p.lag()));
 * }
 * }</pre>
 *
 * @param status DOWN if any connection or plan is down, DEGRADED if any is degraded, else UP
 * @param connections each connection's health, by connection id
 * @param plans each plan's health, by plan id
 * @param checkedAt when the checks ran
 */
public record HealthReport(HealthStatus status, Map<String, ConnectionHealth> connections,
    Map<String, PlanHealth> plans, Instant checkedAt) {
  public HealthReport {
    requireNonNull(status, "status");
    connections = Collections.unmodifiableMap(new TreeMap<>(connections));
    plans = Collections.unmodifiableMap(new TreeMap<>(plans));
    requireNonNull(checkedAt, "checkedAt");
  }

  static HealthReport of(Map<String, ConnectionHealth> connections, Map<String, PlanHealth> plans, Instant checkedAt) {
    HealthStatus worst = Stream.concat(connections.values().stream().map(ConnectionHealth::status),
        plans.values().stream().map(PlanHealth::status)).max(Enum::compareTo).orElse(HealthStatus.UP);
    return new HealthReport(worst, connections, plans, checkedAt);
  }

  /** One line per connection and plan, as the quickstart prints it. */
  public String summary() {
    StringBuilder out = new StringBuilder("health " + status + " at " + checkedAt);
    connections.forEach((id, c) -> out.append("\n  connection ").append(id).append(": ").append(c.status())
        .append(c.reasons().isEmpty() ? "" : " (" + c.reason() + ")"));
    plans.forEach((id, p) -> out.append("\n  plan ").append(id).append(": ").append(p.status())
        .append(", last success ").append(p.lastSuccessAt() == null ? "never" : p.lastSuccessAt())
        .append(", lag ").append(p.lag() == null ? "unknown" : p.lag().toSeconds() + " s")
        .append(", parked ").append(p.parkedItems()).append(", conflicts ").append(p.openConflicts())
        .append(p.reasons().isEmpty() ? "" : " (" + p.reason() + ")"));
    return out.toString();
  }
}
