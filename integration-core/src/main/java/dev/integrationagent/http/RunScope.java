package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * Which plan and run the HTTP calls made on this thread belong to, so that each
 * {@link HttpCallEvent} (and the {@code http.call} audit event made of it) names them. A
 * connection's session is shared by every plan that uses it, so only the thread making the call
 * knows which pass asked for it; the pipeline runs each call on its caller's thread.
 *
 * <p>The sync engine opens a scope around every pass; hosts and connectors need not.
 *
 * <pre>{@code
 * SyncReport report = RunScope.call("github-jira", runId, () -> runner.run());
 * }</pre>
 */
public final class RunScope {
  private static final ThreadLocal<RunScope> CURRENT = new ThreadLocal<>();

  private final String planId;
  private final String runId;

  private RunScope(String planId, String runId) {
    this.planId = planId;
    this.runId = runId;
  }

  /** Runs {@code body} with its HTTP calls attributed to the plan and run; scopes nest. */
  public static <T> T call(String planId, String runId, Supplier<T> body) {
    requireNonNull(planId, "planId");
    requireNonNull(runId, "runId");
    requireNonNull(body, "body");
    RunScope outer = CURRENT.get();
    CURRENT.set(new RunScope(planId, runId));
    try {
      return body.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The plan of the innermost scope on this thread, or null outside one. */
  static @Nullable String currentPlanId() {
    RunScope scope = CURRENT.get();
    return scope == null ? null : scope.planId;
  }

  /** The run of the innermost scope on this thread, or null outside one. */
  static @Nullable String currentRunId() {
    RunScope scope = CURRENT.get();
    return scope == null ? null : scope.runId;
  }
}
