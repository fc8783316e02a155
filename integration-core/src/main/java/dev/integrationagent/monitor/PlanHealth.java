package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.connector.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One plan's health.
 *
 * @param planId the plan
 * @param status DOWN when one of its connections is DOWN or its last passes all failed
 *     ({@link HealthMonitor.Settings#downAfterFailedPasses}); DEGRADED when a pass failed, items wait
 *     for a retry or are parked, conflicts are open, or the lag is over its bound; otherwise UP
 * @param reasons why it is not UP, one sentence each; empty when UP
 * @param lastPassAt when the last pass ended, or null when none was seen
 * @param lastSuccessAt when the last pass without failures ended, or null
 * @param consecutiveFailedPasses how many passes in a row failed, up to now
 * @param lag the age of the oldest change that may not be applied yet (see {@link HealthMonitor}),
 *     or null before the first pass
 * @param every the plan's interval, or null when it is not scheduled
 * @param nextRunAt when the scheduler runs the next pass, or null when it is not scheduled
 * @param waitingItems items waiting for their next attempt (they hold up their connection's cursor)
 * @param parkedItems items parked for good (see {@code agent.parked(planId)})
 * @param openConflicts conflicts waiting for a decision
 * @param leaseHolder the agent running a pass of the plan now, or null when none is
 * @param checkedAt when it was judged
 */
public record PlanHealth(
    String planId, HealthStatus status, List<String> reasons, @Nullable Instant lastPassAt,
    @Nullable Instant lastSuccessAt, int consecutiveFailedPasses, @Nullable Duration lag,
    @Nullable Duration every, @Nullable Instant nextRunAt, int waitingItems, int parkedItems, int openConflicts, @Nullable String leaseHolder,
    Instant checkedAt) {
  public PlanHealth {
    requireNonNull(planId, "planId");
    requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
    requireNonNull(checkedAt, "checkedAt");
  }

  /** The reasons in one sentence; empty when UP. */
  public String reason() {
    return String.join("; ", reasons);
  }
}
