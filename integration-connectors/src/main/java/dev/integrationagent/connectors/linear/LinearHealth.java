package dev.integrationagent.connectors.linear;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The health check: the {@code viewer} query. UP when it answers; DEGRADED when either of
 * Linear's budgets (requests, complexity points) has less than a tenth left, or the check is
 * itself rate limited; DOWN when the credentials are refused or Linear does not answer.
 */
final class LinearHealth {
  private LinearHealth() {}

  static ConnectorHealth check(HttpPipeline http, Clock clock, ObjectMapper json) {
    Instant start = clock.instant();
    ObjectNode body = json.createObjectNode().put("query", LinearQueries.VIEWER);
    body.putObject("variables");
    try {
      HttpResult result = http.execute(HttpCall.post("/graphql", body).safeToRetry().build());
      Duration latency = Duration.between(start, clock.instant());
      Map<String, String> details = new LinkedHashMap<>();
      String low = null;
      for (String budget : new String[] {"requests", "complexity"}) {
        long limit = number(result, "X-RateLimit-" + budget + "-Limit");
        long remaining = number(result, "X-RateLimit-" + budget + "-Remaining");
        if (limit > 0) {
          details.put(budget + "Limit", Long.toString(limit));
        }
        if (remaining >= 0) {
          details.put(budget + "Remaining", Long.toString(remaining));
        }
        if (limit > 0 && remaining >= 0 && remaining * 10 < limit && low == null) {
          low = "Linear " + budget + " budget nearly spent: " + remaining + " of " + limit + " left";
        }
      }
      return low == null ? new ConnectorHealth(HealthStatus.UP, "", latency, details)
          : new ConnectorHealth(HealthStatus.DEGRADED, low, latency, details);
    } catch (IntegrationException e) {
      Duration latency = Duration.between(start, clock.instant());
      return switch (e.category()) {
        case RATE_LIMITED -> new ConnectorHealth(HealthStatus.DEGRADED,
            "Linear is rate limiting this account: " + e.getMessage(), latency, Map.of());
        case AUTHENTICATION -> ConnectorHealth.down(
            "Linear rejected the credentials; check the API key (or OAuth token): " + e.getMessage(), latency);
        default -> ConnectorHealth.down("Linear did not answer the health check: " + e.getMessage(), latency);
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
