package dev.integrationagent.connectors.jira;

import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.HttpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health check: {@code GET /rest/api/3/myself}. UP when it answers; DEGRADED when it answers
 * with less than a tenth of the rate limit left, or is itself rate limited; DOWN when the
 * credentials are refused, the account lacks permission, or the site does not answer.
 */
final class JiraHealth {
  private JiraHealth() {}

  static ConnectorHealth check(HttpPipeline http, Clock clock) {
    Instant start = clock.instant();
    try {
      HttpResult result = http.execute(HttpCall.get("/rest/api/3/myself").build());
      Duration latency = Duration.between(start, clock.instant());
      Map<String, String> details = new LinkedHashMap<>();
      long limit = number(result, "X-RateLimit-Limit");
      long remaining = number(result, "X-RateLimit-Remaining");
      if (limit > 0) {
        details.put("rateLimit", Long.toString(limit));
      }
      if (remaining >= 0) {
        details.put("rateLimitRemaining", Long.toString(remaining));
      }
      result.header("X-RateLimit-Reset").ifPresent(r -> details.put("rateLimitReset", r));
      if (limit > 0 && remaining >= 0 && remaining * 10 < limit) {
        return new ConnectorHealth(HealthStatus.DEGRADED, "Jira rate limit nearly spent: " + remaining + " of "
            + limit + " requests left" + result.header("X-RateLimit-Reset").map(r -> " until " + r).orElse(""),
            latency, details);
      }
      return new ConnectorHealth(HealthStatus.UP, "", latency, details);
    } catch (IntegrationException e) {
      Duration latency = Duration.between(start, clock.instant());
      return switch (e.category()) {
        case RATE_LIMITED -> new ConnectorHealth(HealthStatus.DEGRADED,
            "Jira is rate limiting this account: " + e.getMessage(), latency, Map.of());
        case AUTHENTICATION -> ConnectorHealth.down(
            "Jira rejected the credentials; check the account email and API token (or OAuth token): "
                + e.getMessage(), latency);
        case AUTHORIZATION -> ConnectorHealth.down(
            "the Jira account may not use the REST API: " + e.getMessage(), latency);
        default -> ConnectorHealth.down("Jira did not answer the health check: " + e.getMessage(), latency);
      };
    }
  }

  private static long number(HttpResult result, String header) {
    try {
      return result.header(header).map(String::strip).map(Long::parseLong).orElse(-1L);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

}
