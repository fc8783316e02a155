package dev.integrationagent.monitor;

import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event half of {@link AgentMetrics}: items, conflicts, passes and workflow runs counted from
 * the event stream, and each plan's lag (read when a snapshot is taken). Only ids the agent was
 * configured with (connections, plans, workflows, action names) and fixed words become tag values.
 */
final class EventMetrics {
  private static final Logger log = LoggerFactory.getLogger(AgentMetrics.class);

  private final Supplier<Map<String, Duration>> lag;
  private final Recorders recorders;
  private final int cap;
  private final MetricFamily read;
  private final MetricFamily written;
  private final MetricFamily echoes;
  private final MetricFamily failed;
  private final MetricFamily parked;
  private final MetricFamily conflicts;
  private final MetricFamily passes;
  private final MetricFamily passDuration;
  private final MetricFamily workflowRuns;
  private final MetricFamily workflowSteps;
  /** When each pass in progress started, by run id: pass.finished carries its counts, not its duration. */
  private final Map<String, Instant> passStarts = new ConcurrentHashMap<>();
  private final Set<String> plans = ConcurrentHashMap.newKeySet();

  EventMetrics(Supplier<Map<String, Duration>> lag, Recorders recorders, int cap) {
    this.lag = lag;
    this.recorders = recorders;
    this.cap = cap;
    MetricsSnapshot.Kind counter = MetricsSnapshot.Kind.COUNTER;
    read = new MetricFamily(MetricNames.ITEMS_READ, counter, cap, recorders, "plan");
    written = new MetricFamily(MetricNames.ITEMS_WRITTEN, counter, cap, recorders, "plan", "connection", "operation");
    echoes = new MetricFamily(MetricNames.ITEMS_ECHOES, counter, cap, recorders, "plan");
    failed = new MetricFamily(MetricNames.ITEMS_FAILED, counter, cap, recorders, "plan", "connection", "category");
    parked = new MetricFamily(MetricNames.ITEMS_PARKED, counter, cap, recorders, "plan", "connection", "category");
    conflicts = new MetricFamily(MetricNames.CONFLICTS, counter, cap, recorders, "plan", "outcome");
    passes = new MetricFamily(MetricNames.PASSES, counter, cap, recorders, "plan", "outcome");
    passDuration = new MetricFamily(MetricNames.PASS_DURATION, MetricsSnapshot.Kind.TIMER, cap, recorders,
        "plan", "outcome");
    workflowRuns = new MetricFamily(MetricNames.WORKFLOW_RUNS, counter, cap, recorders, "workflow", "outcome");
    workflowSteps = new MetricFamily(MetricNames.WORKFLOW_STEPS, counter, cap, recorders, "workflow", "type",
        "outcome");
  }

  void handle(ChangeEvent e) {
    String plan = orNone(e.planId());
    String connection = orNone(e.connectionId());
    boolean agent = e.origin() == ChangeEvent.Origin.AGENT;
    Map<String, String> at = e.attributes();
    switch (e.type()) {
      case EventTypes.ITEM_CREATED -> writtenIf(agent, plan, connection, "created");
      case EventTypes.ITEM_UPDATED -> writtenIf(agent, plan, connection, "updated");
      case EventTypes.ITEM_DELETED -> writtenIf(agent, plan, connection, "deleted");
      case EventTypes.COMMENT_COPIED -> written.add(1, plan, connection, "commented");
      case EventTypes.ITEM_FAILED -> failed.add(1, plan, connection, category(at));
      case EventTypes.ITEM_PARKED -> parked.add(1, plan, connection, category(at));
      case EventTypes.CONFLICT_DETECTED -> conflicts.add(1, plan, "detected");
      case EventTypes.CONFLICT_RESOLVED -> conflicts.add(1, plan, "resolved");
      case EventTypes.PASS_STARTED -> started(e);
      case EventTypes.PASS_FINISHED -> passEnded(e, plan, "finished");
      case EventTypes.PASS_FAILED -> passEnded(e, plan, "failed");
      case EventTypes.WORKFLOW_STARTED -> workflowRuns.add(1, workflow(at), "started");
      case EventTypes.WORKFLOW_FINISHED -> workflowRuns.add(1, workflow(at), "finished");
      case EventTypes.WORKFLOW_FAILED -> workflowRuns.add(1, workflow(at), "failed");
      case EventTypes.WORKFLOW_STOPPED -> workflowRuns.add(1, workflow(at), "stopped");
      case EventTypes.WORKFLOW_STEP -> workflowSteps.add(1, workflow(at), stepType(at),
          at.getOrDefault("outcome", MetricNames.NONE));
      default -> { } // the rest (links, health, webhooks, host events) are not metrics
    }
  }

  private void writtenIf(boolean agent, String plan, String connection, String operation) {
    if (agent) {
      written.add(1, plan, connection, operation);
    }
  }

  private void started(ChangeEvent e) {
    if (e.runId() == null) {
      return;
    }
    if (passStarts.size() >= cap) {
      passStarts.clear(); // passes whose end never came (the process died): forget them, not the next ones
    }
    passStarts.put(e.runId(), e.at());
  }

  private void passEnded(ChangeEvent e, String plan, String outcome) {
    passes.add(1, plan, outcome);
    Instant start = e.runId() == null ? null : passStarts.remove(e.runId());
    String durationMs = e.attributes().get("durationMs");
    if (durationMs != null) {
      passDuration.record(Duration.ofMillis(count(e.attributes(), "durationMs")), plan, outcome);
    } else if (start != null) {
      passDuration.record(Duration.between(start, e.at()), plan, outcome);
    }
    Map<String, String> at = e.attributes();
    long created = count(at, "created");
    long updated = count(at, "updated");
    long unchanged = count(at, "unchanged");
    read.add(created + updated + unchanged + count(at, "failed"), plan);
    echoes.add(at.containsKey("echoes") ? count(at, "echoes") : unchanged, plan);
    knowPlan(plan);
  }

  private void knowPlan(String plan) {
    if (!plan.equals(MetricNames.NONE) && plans.size() < cap && plans.add(plan)) {
      recorders.seriesAdded(MetricId.of(MetricNames.PLAN_LAG, "plan", plan), MetricsSnapshot.Kind.GAUGE);
    }
  }

  void read(List<MetricsSnapshot.Series> out) {
    for (MetricFamily f : List.of(read, written, echoes, failed, parked, conflicts, passes, passDuration,
        workflowRuns, workflowSteps)) {
      out.addAll(f.read());
    }
    Map<String, Duration> lags;
    try {
      lags = Map.copyOf(lag.get());
    } catch (RuntimeException e) {
      log.warn("metrics: reading the plans' lag failed: {}", e.toString());
      return;
    }
    int n = 0;
    for (Map.Entry<String, Duration> entry : lags.entrySet()) {
      if (n++ >= cap) {
        break;
      }
      knowPlan(entry.getKey());
      out.add(MetricsSnapshot.Series.gauge(MetricId.of(MetricNames.PLAN_LAG, "plan", entry.getKey()),
          entry.getValue().toNanos() / 1e9));
    }
  }

  /** A step's type: its action ({@code createItem}, a host's action name) or, for other nodes, its kind. */
  private static String stepType(Map<String, String> at) {
    String action = at.get("action");
    return action != null && !action.isEmpty() ? action : at.getOrDefault("kind", MetricNames.NONE);
  }

  private static String workflow(Map<String, String> at) {
    return at.getOrDefault("workflow", MetricNames.NONE);
  }

  private static String category(Map<String, String> at) {
    return at.getOrDefault("category", MetricNames.NONE);
  }

  private static String orNone(@Nullable String value) {
    return value == null ? MetricNames.NONE : value;
  }

  private static long count(Map<String, String> at, String name) {
    try {
      return Math.max(0, Long.parseLong(at.getOrDefault(name, "0")));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
