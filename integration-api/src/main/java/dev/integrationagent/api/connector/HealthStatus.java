package dev.integrationagent.api.connector;

/** How well a component works right now. */
public enum HealthStatus {
  /** Working normally. */
  UP,
  /** Working, but slowly, close to a limit, or with some failures. */
  DEGRADED,
  /** Not working. */
  DOWN
}
