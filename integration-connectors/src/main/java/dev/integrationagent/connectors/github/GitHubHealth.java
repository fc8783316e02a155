package dev.integrationagent.connectors.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.HttpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A connection's health from GitHub's rate-limit status: up, degraded below a tenth of the core
 * limit (or when rate limited), down with the classified reason otherwise.
 */
final class GitHubHealth {
  private GitHubHealth() {}

  /** {@code GET /rate_limit}, which GitHub does not count against the limit. */
  static ConnectorHealth check(HttpPipeline http, Clock clock, String connectionId) {
    Instant start = clock.instant();
    try {
      HttpResult result = http.execute(HttpCall.get("/rate_limit").build());
      Duration latency = Duration.between(start, clock.instant());
      JsonNode core = result.body().path("resources").path("core");
      long limit = core.path("limit").asLong(-1);
      long remaining = core.path("remaining").asLong(-1);
      if (limit < 0 || remaining < 0) {
        return ConnectorHealth.down(connectionId + ": GitHub's /rate_limit answer has no core limit; "
            + "check the base URL points at the GitHub REST API.", latency);
      }
      Map<String, String> details = Map.of("rateLimit", Long.toString(limit), "rateRemaining", Long.toString(remaining),
          "rateReset", Instant.ofEpochSecond(core.path("reset").asLong()).toString());
      if (remaining * 10 < limit) {
        return new ConnectorHealth(HealthStatus.DEGRADED, "only " + remaining + " of " + limit
            + " GitHub API requests left until " + details.get("rateReset"), latency, details);
      }
      return new ConnectorHealth(HealthStatus.UP, "", latency, details);
    } catch (IntegrationException e) {
      Duration latency = Duration.between(start, clock.instant());
      if (e.category() == ErrorCategory.RATE_LIMITED) {
        return new ConnectorHealth(HealthStatus.DEGRADED, e.getMessage(), latency, Map.of());
      }
      return ConnectorHealth.down(e.getMessage(), latency);
    }
  }
}
