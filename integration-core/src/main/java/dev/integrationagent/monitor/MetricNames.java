package dev.integrationagent.monitor;

import java.util.Map;
import java.util.Set;

/**
 * The names of the agent's metrics, dotted like its events ({@code docs/metrics.md} lists each with
 * its tags). Tag values come from bounded sets (connection and plan ids, path templates, categories),
 * never an item id, a URL, a run id or a message.
 */
public final class MetricNames {
  public static final String HTTP_CALLS = "integration.http.calls";
  public static final String HTTP_LATENCY = "integration.http.latency";
  public static final String HTTP_ERRORS = "integration.http.errors";
  public static final String HTTP_RETRIES = "integration.http.retries";
  public static final String HTTP_RATE_WAITS = "integration.http.rate.waits";
  public static final String HTTP_RATE_WAIT_TIME = "integration.http.rate.wait.time";
  public static final String HTTP_RATE_REMAINING = "integration.http.rate.remaining";
  public static final String HTTP_RATE_HEADROOM = "integration.http.rate.headroom";
  public static final String HTTP_CIRCUIT_STATE = "integration.http.circuit.state";
  public static final String ITEMS_READ = "integration.items.read";
  public static final String ITEMS_WRITTEN = "integration.items.written";
  public static final String ITEMS_ECHOES = "integration.items.echoes";
  public static final String ITEMS_FAILED = "integration.items.failed";
  public static final String ITEMS_PARKED = "integration.items.parked";
  public static final String CONFLICTS = "integration.conflicts";
  public static final String PASS_DURATION = "integration.pass.duration";
  public static final String PASSES = "integration.passes";
  public static final String PLAN_LAG = "integration.plan.lag";
  public static final String WORKFLOW_RUNS = "integration.workflow.runs";
  public static final String WORKFLOW_STEPS = "integration.workflow.steps";

  /** The value a tag takes when its series would pass the cap of distinct series per name. */
  public static final String OTHER = "other";
  /** The value a tag takes when the observation has none (a workflow's write has no plan). */
  public static final String NONE = "none";

  /**
   * Series whose values the pipeline or the agent keeps itself: computed when a snapshot is taken,
   * never pushed to a {@link MetricsRecorder}.
   */
  private static final Set<String> READ_AT_SNAPSHOT = Set.of(HTTP_RATE_WAITS, HTTP_RATE_WAIT_TIME,
      HTTP_RATE_REMAINING, HTTP_RATE_HEADROOM, HTTP_CIRCUIT_STATE, PLAN_LAG);

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry(HTTP_CALLS, "HTTP attempts made to a tool, retries included"),
      Map.entry(HTTP_LATENCY, "how long one HTTP attempt took"),
      Map.entry(HTTP_ERRORS, "HTTP attempts that failed, by error category"),
      Map.entry(HTTP_RETRIES, "HTTP attempts that repeated a failed one, by the failed one's category"),
      Map.entry(HTTP_RATE_WAITS, "calls that waited for a rate-limit permit"),
      Map.entry(HTTP_RATE_WAIT_TIME, "time calls spent waiting for a rate-limit permit"),
      Map.entry(HTTP_RATE_REMAINING, "calls the tool said are left in its rate window"),
      Map.entry(HTTP_RATE_HEADROOM, "share of the tool's rate window left, 0 to 1"),
      Map.entry(HTTP_CIRCUIT_STATE, "circuit breaker state: 0 closed, 1 half open, 2 open"),
      Map.entry(ITEMS_READ, "items a pass read and settled"),
      Map.entry(ITEMS_WRITTEN, "items the agent created, updated, deleted or commented on"),
      Map.entry(ITEMS_ECHOES, "items a pass read and left alone: its own echo, or nothing new for the plan"),
      Map.entry(ITEMS_FAILED, "items whose sync failed and waits for a retry"),
      Map.entry(ITEMS_PARKED, "items set aside for good until a person retries them"),
      Map.entry(CONFLICTS, "fields changed on both sides, detected and resolved"),
      Map.entry(PASS_DURATION, "how long a pass of a plan took"),
      Map.entry(PASSES, "passes of a plan, by outcome"),
      Map.entry(PLAN_LAG, "how far a plan is behind, in seconds"),
      Map.entry(WORKFLOW_RUNS, "workflow runs started, finished, failed or not started"),
      Map.entry(WORKFLOW_STEPS, "workflow steps ended, by step type and outcome"));

  private MetricNames() {}

  /** Whether a series of this name is computed at snapshot time rather than pushed to recorders. */
  public static boolean readAtSnapshot(String name) {
    return READ_AT_SNAPSHOT.contains(name);
  }

  /** One line saying what the metric counts, for a registry's help text; empty for an unknown name. */
  public static String describe(String name) {
    return DESCRIPTIONS.getOrDefault(name, "");
  }
}
