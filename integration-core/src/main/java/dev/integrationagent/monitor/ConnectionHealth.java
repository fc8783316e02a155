package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.HealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * One connection's health: its connector's own check, judged together with what its HTTP pipeline
 * saw (the circuit breaker, the rate budget the tool announced, the error rate of recent calls).
 *
 * @param status DOWN when the check fails, the credential was refused or the breaker is open;
 *     DEGRADED when the breaker is probing, recent calls fail too often or the rate budget is nearly
 *     spent; otherwise the check's own status
 * @param reasons why it is not UP, one sentence each; empty when UP
 * @param check the connector's health call
 * @param circuitState the breaker's state, or null for a connector that makes its calls some other way
 * @param rateHeadroom the share of the tool's announced rate window left (0 to 1), or -1 when unknown
 * @param errorRate the share of recent calls that failed (0 to 1)
 * @param recentCalls how many calls the error rate is over
 * @param checkedAt when it was judged
 */
public record ConnectionHealth(
    HealthStatus status, List<String> reasons, ConnectorHealth check, @Nullable String circuitState,
    double rateHeadroom, double errorRate, int recentCalls, Instant checkedAt) {
  public ConnectionHealth {
    requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
    requireNonNull(check, "check");
    requireNonNull(checkedAt, "checkedAt");
  }

  /** The reasons in one sentence; empty when UP. */
  public String reason() {
    return String.join("; ", reasons);
  }

  /** The connector's details (server version, remaining rate limit); never a secret. */
  public Map<String, String> details() {
    return check.details();
  }
}
