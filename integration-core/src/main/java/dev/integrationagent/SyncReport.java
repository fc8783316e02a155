package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The outcome of one pass of a plan: how many items were created, updated or left unchanged,
 * and every failure with its classified error.
 *
 * @param planId the plan
 * @param runId unique id of the pass, also on its audit events
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param created items created in a target
 * @param updated items whose other side was updated
 * @param unchanged items read that needed no write (including echoes of the agent's own writes)
 * @param failed items (or listings) that failed
 * @param conflicts fields parked for a person
 * @param failures what failed and why
 * @param skipped why the pass did not run (another agent holds the plan), or null when it ran
 */
public record SyncReport(
    String planId, String runId, Instant startedAt, Instant finishedAt, int created, int updated,
    int unchanged, int failed, int conflicts, List<Failure> failures, @Nullable String skipped) {

  /** A pass that did not run, and why. */
  public static SyncReport skipped(String planId, Instant at, String reason) {
    return new SyncReport(planId, "-", at, at, 0, 0, 0, 0, 0, List.of(), requireNonNull(reason, "reason"));
  }

  /** Whether the pass ran (rather than being left to another agent). */
  public boolean ran() {
    return skipped == null;
  }

  public SyncReport {
    requireNonNull(planId, "planId");
    requireNonNull(runId, "runId");
    failures = List.copyOf(failures);
  }

  /**
   * One failure of a pass.
   *
   * @param connectionId the connection that failed: the target when a write was refused, the
   *     source when its listing or read failed
   * @param itemId the item, or null when a listing failed
   * @param category the classified error
   * @param message what happened; never a secret
   * @param parked whether the item was parked (the pass moved on); otherwise it is retried next pass
   * @param itemConnectionId the connection whose item {@code itemId} is (the source of the change,
   *     as {@link IntegrationAgent#retryParked(String, String, String)} names it)
   */
  public record Failure(String connectionId, @Nullable String itemId, ErrorCategory category, String message,
      boolean parked, String itemConnectionId) {
    /** A failure on the connection whose item it is. */
    public Failure(String connectionId, @Nullable String itemId, ErrorCategory category, String message,
        boolean parked) {
      this(connectionId, itemId, category, message, parked, connectionId);
    }
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** Whether the pass completed without failures. */
  public boolean succeeded() {
    return failed == 0;
  }

  /** One readable line: {@code github-jira: 3 created, 1 updated, 10 unchanged, 0 failed, 0 conflicts}. */
  public String summary() {
    if (skipped != null) {
      return planId + ": skipped, " + skipped;
    }
    return planId + ": " + created + " created, " + updated + " updated, " + unchanged + " unchanged, "
        + failed + " failed, " + conflicts + (conflicts == 1 ? " conflict" : " conflicts");
  }
}
