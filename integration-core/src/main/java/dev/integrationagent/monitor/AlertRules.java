package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.AlertSink;
import dev.integrationagent.api.alert.Severity;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The alert rules: a consumer of the event stream that raises an alert when a condition starts,
 * says nothing more while it holds, and sends a resolved notice when it clears. Each alert says what
 * to do. Rules, all on by default:
 *
 * <ul>
 *   <li>{@code credentials-refused} (CRITICAL): a connection refused the credential while a pass
 *       synced; resolved by the plan's next pass without failures.
 *   <li>{@code connection-down} (CRITICAL): a connection's health has been DOWN for
 *       {@link Settings#downFor} (5 minutes); resolved when it is UP again.
 *   <li>{@code plan-failing} (WARNING): {@link Settings#failedPasses} (3) passes of a plan in a row
 *       failed; resolved by a pass without failures.
 *   <li>{@code items-parked} (WARNING): {@link Settings#parkedItems} (10) or more items of a plan
 *       are parked for good; resolved when fewer are.
 *   <li>{@code workflow-failing} (WARNING): {@link Settings#failedRuns} (3) runs of a workflow in a
 *       row failed; resolved by a run that finishes.
 *   <li>{@code error-rate} (WARNING): more than {@link Settings#errorRate} (half) of a connection's
 *       recent calls failed ({@link HealthMonitor.Settings#errorWindow}); resolved when fewer do.
 *   <li>{@code plan-lagging} (WARNING): a plan's lag is over {@link Settings#maxLag} (1 hour).
 *   <li>{@code plan-stalled} (WARNING): a scheduled plan had no pass without failures for
 *       {@link Settings#stalledIntervals} (3) of its intervals.
 *   <li>{@code audit-failing} (CRITICAL): an audit sink failed to record; resolved when it records.
 * </ul>
 *
 * The health rules are judged at each health check ({@code agent.health()}, scheduled every minute
 * by {@code start()}).
 *
 * After a condition clears, the same alert is not raised again within {@link Settings#coolDown}
 * (10 minutes): a flapping connection pages once. Raising and resolving are recorded as
 * {@code alert.raised} and {@code alert.resolved} events; a restarted agent takes its open alerts
 * and cool-downs back from them ({@link #restore}), so it neither pages again for what it told nor
 * forgets to say that it cleared.
 */
public final class AlertRules {
  /**
   * The thresholds; {@link #defaults()} are on.
   *
   * @param downFor how long a connection is DOWN before {@code connection-down} (5 minutes)
   * @param failedPasses passes of a plan failing in a row for {@code plan-failing} (3)
   * @param parkedItems items of a plan parked for {@code items-parked} (10)
   * @param failedRuns runs of a workflow failing in a row for {@code workflow-failing} (3)
   * @param coolDown how long a resolved alert is not raised again (10 minutes)
   * @param errorRate the share of a connection's recent calls failing for {@code error-rate} (0.5)
   * @param maxLag a plan's lag over this raises {@code plan-lagging} (1 hour)
   * @param stalledIntervals a scheduled plan with no successful pass for this many of its intervals
   *     raises {@code plan-stalled} (3)
   */
  public record Settings(Duration downFor, int failedPasses, int parkedItems, int failedRuns, Duration coolDown,
      double errorRate, Duration maxLag, int stalledIntervals) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(5), 3, 10, 3, Duration.ofMinutes(10), 0.5, Duration.ofHours(1), 3);
    }

    public Settings withDownFor(Duration value) {
      return new Settings(value, failedPasses, parkedItems, failedRuns, coolDown, errorRate, maxLag, stalledIntervals);
    }

    public Settings withParkedItems(int value) {
      return new Settings(downFor, failedPasses, value, failedRuns, coolDown, errorRate, maxLag, stalledIntervals);
    }

    public Settings withErrorRate(double value) {
      return new Settings(downFor, failedPasses, parkedItems, failedRuns, coolDown, value, maxLag, stalledIntervals);
    }

    public Settings withMaxLag(Duration value) {
      return new Settings(downFor, failedPasses, parkedItems, failedRuns, coolDown, errorRate, value, stalledIntervals);
    }

    public Settings withCoolDown(Duration value) {
      return new Settings(downFor, failedPasses, parkedItems, failedRuns, value, errorRate, maxLag, stalledIntervals);
    }
  }

  private final List<AlertSink> sinks;
  private final Settings settings;
  private final Clock clock;
  private final Logger log;
  private final Map<String, Alert> open = new LinkedHashMap<>();
  private final Map<String, Instant> resolvedAt = new HashMap<>();
  private final Map<String, Instant> downSince = new HashMap<>();
  private final Map<String, String> downReason = new HashMap<>();
  private final Map<String, Integer> failedPasses = new HashMap<>();
  private final Map<String, Integer> failedRuns = new HashMap<>();
  private final Map<String, java.util.Set<String>> parked = new HashMap<>();

  private final Instant since;
  private volatile java.util.function.Consumer<ChangeEvent> recorder = e -> { };

  /**
   * Where the rules record {@code alert.raised} and {@code alert.resolved} events (the agent's
   * stream), so that {@link #restore} can rebuild the open alerts after a restart.
   */
  public void recordTo(java.util.function.Consumer<ChangeEvent> value) {
    this.recorder = requireNonNull(value, "recorder");
  }

  /**
   * Takes back the open alerts and cool-downs that {@code events} (the stream's recent events, in
   * offset order) record: an alert raised before a restart and still open is not sent again, and its
   * resolved notice is sent when its condition clears.
   */
  public synchronized void restore(List<ChangeEvent> events) {
    for (ChangeEvent e : events) {
      String key = e.attributes().get("key");
      if (key == null) {
        continue;
      }
      if (e.type().equals(EventTypes.ALERT_RAISED)) {
        Map<String, String> attributes = new LinkedHashMap<>();
        e.attributes().forEach((k, v) -> {
          if (k.startsWith("alert.")) {
            attributes.put(k.substring("alert.".length()), v);
          }
        });
        open.put(key, new Alert(e.at(), Severity.valueOf(e.attributes().getOrDefault("severity", "WARNING")),
            e.attributes().getOrDefault("source", ""), e.attributes().getOrDefault("title", ""),
            e.attributes().getOrDefault("message", ""), attributes));
      } else if (e.type().equals(EventTypes.ALERT_RESOLVED)) {
        open.remove(key);
        resolvedAt.put(key, e.at());
      }
    }
  }

  public AlertRules(List<AlertSink> sinks, Settings settings, Clock clock, Logger log) {
    this.sinks = List.copyOf(sinks);
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.log = requireNonNull(log, "log");
    this.since = clock.instant();
  }

  /**
   * Judges a health report: a connection's error rate ({@code error-rate}), a plan's lag
   * ({@code plan-lagging}) and a scheduled plan with no successful pass for
   * {@link Settings#stalledIntervals} of its intervals ({@code plan-stalled}).
   */
  public synchronized void onHealth(Map<String, ConnectionHealth> connections, Map<String, PlanHealth> plans) {
    Instant now = clock.instant();
    connections.forEach((id, h) -> {
      String key = "error-rate:" + id;
      if (h.recentCalls() > 0 && h.errorRate() > settings.errorRate()) {
        raise(key, Severity.WARNING, "connection:" + id, "calls to connection " + id + " keep failing",
            Math.round(h.errorRate() * 100) + "% of the last " + h.recentCalls() + " calls to " + id + " failed ("
                + h.reason() + "); check the tool's status page and the connection's settings",
            Map.of("rule", "error-rate", "connection", id));
      } else {
        resolve(key, "calls to connection " + id + " succeed again");
      }
    });
    plans.forEach((id, p) -> {
      String lagKey = "plan-lagging:" + id;
      if (p.lag() != null && p.lag().compareTo(settings.maxLag()) > 0) {
        raise(lagKey, Severity.WARNING, "plan:" + id, "plan " + id + " is behind",
            "changes may have waited " + p.lag().toMinutes() + " min to be synced by plan " + id + " (bound "
                + settings.maxLag().toMinutes() + " min): " + (p.reasons().isEmpty() ? "its passes do not keep up"
                : p.reason()) + ". Run agent.syncNow(\"" + id + "\") and read its report",
            Map.of("rule", "plan-lagging", "plan", id));
      } else {
        resolve(lagKey, "plan " + id + " has caught up");
      }
      String stallKey = "plan-stalled:" + id;
      if (p.every() != null) {
        Instant lastGood = p.lastSuccessAt() != null ? p.lastSuccessAt() : since;
        Duration bound = p.every().multipliedBy(settings.stalledIntervals());
        if (Duration.between(lastGood, now).compareTo(bound) > 0) {
          raise(stallKey, Severity.WARNING, "plan:" + id, "plan " + id + " has not synced",
              "plan " + id + " had no pass without failures for " + settings.stalledIntervals() + " of its intervals ("
                  + (p.lastSuccessAt() == null ? "none since this agent started" : "the last at " + p.lastSuccessAt())
                  + "); is a scheduler running it? Health says " + p.status()
                  + (p.reasons().isEmpty() ? "" : ": " + p.reason()),
              Map.of("rule", "plan-stalled", "plan", id));
        } else {
          resolve(stallKey, "plan " + id + " synced");
        }
      }
    });
  }

  /** An audit sink failed to record: raises {@code audit-failing} for it once. */
  public synchronized void auditSinkFailed(String sink, String error) {
    raise("audit-failing:" + sink, Severity.CRITICAL, "audit:" + sink, "audit sink " + sink + " is failing",
        "audit sink " + sink + " failed to record (" + error + "); syncing goes on and the records wait in the event"
            + " stream, which keeps them for its retention: fix the sink before then",
        Map.of("rule", "audit-failing", "sink", sink));
  }

  /** An audit sink recorded again after failing. */
  public synchronized void auditSinkRecovered(String sink) {
    resolve("audit-failing:" + sink, "audit sink " + sink + " records again");
  }

  /** Handles one event of the stream. */
  public synchronized void onEvent(ChangeEvent e) {
    Map<String, String> at = e.attributes();
    String plan = e.planId();
    switch (e.type()) {
      case EventTypes.CONNECTION_FAILED -> {
        String category = at.getOrDefault("category", "");
        if (category.equals("AUTHENTICATION") || category.equals("AUTHORIZATION")) {
          raise("credentials-refused:" + e.connectionId() + ":" + plan, Severity.CRITICAL, "connection:" + e.connectionId(),
              "the credential of connection " + e.connectionId() + " was refused",
              "the credential of connection " + e.connectionId() + " was refused (" + at.getOrDefault("reason", category)
                  + "): renew it, then agent.retryParked(\"" + plan + "\") to sync what waited",
              Map.of("rule", "credentials-refused", "connection", e.connectionId(), "plan", String.valueOf(plan)));
        }
      }
      case EventTypes.PASS_FINISHED -> {
        failedPasses.remove(plan);
        resolveWhere(k -> k.startsWith("credentials-refused:") && k.endsWith(":" + plan), "the plan's pass ran without failures");
        resolve("plan-failing:" + plan, "a pass of plan " + plan + " ran without failures");
      }
      case EventTypes.PASS_FAILED -> {
        int n = failedPasses.merge(plan, 1, Integer::sum);
        if (n >= settings.failedPasses()) {
          raise("plan-failing:" + plan, Severity.WARNING, "plan:" + plan, "plan " + plan + " keeps failing",
              n + " passes of plan " + plan + " in a row failed; the last: " + at.getOrDefault("reason", "see its report")
                  + ". Check agent.parked(\"" + plan + "\") and the connections' health",
              Map.of("rule", "plan-failing", "plan", plan, "passes", Integer.toString(n)));
        }
      }
      case EventTypes.ITEM_PARKED, EventTypes.ITEM_UNPARKED -> {
        if (plan == null) {
          return;
        }
        java.util.Set<String> items = parked.computeIfAbsent(plan, k -> new java.util.HashSet<>());
        String item = e.connectionId() + ":" + e.itemId();
        if (e.type().equals(EventTypes.ITEM_PARKED)) {
          items.add(item);
        } else {
          items.remove(item);
        }
        if (items.size() >= settings.parkedItems()) {
          raise("items-parked:" + plan, Severity.WARNING, "plan:" + plan, items.size() + " items of plan " + plan
              + " are parked", items.size() + " items of plan " + plan + " failed for good and wait: read why with agent.parked(\""
              + plan + "\"), fix the cause, then agent.retryParked(\"" + plan + "\")",
              Map.of("rule", "items-parked", "plan", plan, "items", Integer.toString(items.size())));
        } else {
          resolve("items-parked:" + plan, "fewer than " + settings.parkedItems() + " items are parked");
        }
      }
      case EventTypes.CONNECTION_HEALTH -> {
        String connection = e.connectionId();
        if ("DOWN".equals(at.get("status"))) {
          downSince.putIfAbsent(connection, e.at());
          downReason.put(connection, at.getOrDefault("reason", ""));
          tick();
        } else {
          downSince.remove(connection);
          resolve("connection-down:" + connection, "connection " + connection + " is " + at.get("status") + " again");
        }
      }
      case EventTypes.WORKFLOW_FAILED -> {
        String workflow = at.get("workflow");
        int n = failedRuns.merge(workflow, 1, Integer::sum);
        if (n >= settings.failedRuns()) {
          raise("workflow-failing:" + workflow, Severity.WARNING, "workflow:" + workflow, "workflow " + workflow
              + " keeps failing", n + " runs of workflow " + workflow + " in a row failed; the last at step "
              + at.get("step") + ": " + at.getOrDefault("reason", "") + ". Read the runs with agent.workflowRuns().list(\""
              + workflow + "\", \"FAILED\", 20)", Map.of("rule", "workflow-failing", "workflow", workflow,
              "runs", Integer.toString(n)));
        }
      }
      case EventTypes.WORKFLOW_FINISHED -> {
        String workflow = at.get("workflow");
        failedRuns.remove(workflow);
        resolve("workflow-failing:" + workflow, "a run of workflow " + workflow + " finished");
      }
      default -> { }
    }
  }

  /** Raises what time alone makes due (a connection DOWN long enough). */
  public synchronized void tick() {
    Instant now = clock.instant();
    downSince.forEach((connection, since) -> {
      if (!since.plus(settings.downFor()).isAfter(now)) {
        raise("connection-down:" + connection, Severity.CRITICAL, "connection:" + connection,
            "connection " + connection + " is down", "connection " + connection + " has been DOWN since " + since + " ("
                + downReason.getOrDefault(connection, "") + "); check the tool's status and the connection's settings."
                + " Passes that need it fail until it is UP", Map.of("rule", "connection-down", "connection", connection));
      }
    });
  }

  /** The alerts open now, by key; a condition back within its cool-down, never sent, is not among them. */
  public synchronized Map<String, Alert> open() {
    Map<String, Alert> out = new LinkedHashMap<>();
    open.forEach((key, alert) -> {
      if (alert != null) {
        out.put(key, alert);
      }
    });
    return Map.copyOf(out);
  }

  private void raise(String key, Severity severity, String source, String title, String message,
      Map<String, String> attributes) {
    if (open.containsKey(key)) {
      return; // told already, and it still holds
    }
    Instant last = resolvedAt.get(key);
    if (last != null && last.plus(settings.coolDown()).isAfter(clock.instant())) {
      log.info("alert {} holds again within its cool-down; not sent again: {}", key, title);
      open.put(key, null);
      return;
    }
    Map<String, String> attrs = new LinkedHashMap<>(attributes);
    attrs.put("state", "open");
    Alert alert = new Alert(clock.instant(), severity, source, title, message, attrs);
    open.put(key, alert);
    send(alert);
    ChangeEvent.Builder raised = ChangeEvent.builder(EventTypes.ALERT_RAISED, ChangeEvent.Origin.AGENT, alert.at())
        .attribute("key", key).attribute("rule", attributes.get("rule")).attribute("severity", severity.name())
        .attribute("source", source).attribute("title", title).attribute("message", message);
    attrs.forEach((k, v) -> raised.attribute("alert." + k, v));
    record(raised.build());
  }

  private void resolveWhere(java.util.function.Predicate<String> which, String why) {
    for (String key : List.copyOf(open.keySet())) {
      if (which.test(key)) {
        resolve(key, why);
      }
    }
  }

  private void resolve(String key, String why) {
    if (!open.containsKey(key)) {
      return;
    }
    Alert was = open.remove(key);
    resolvedAt.put(key, clock.instant());
    if (was == null) {
      return; // never sent: it came back within its cool-down
    }
    Map<String, String> attrs = new LinkedHashMap<>(was.attributes());
    attrs.put("state", "resolved");
    send(new Alert(clock.instant(), Severity.INFO, was.source(), "resolved: " + was.title(), why, attrs));
    record(ChangeEvent.builder(EventTypes.ALERT_RESOLVED, ChangeEvent.Origin.AGENT, clock.instant())
        .attribute("key", key).attribute("rule", was.attributes().get("rule")).attribute("source", was.source())
        .attribute("reason", why).build());
  }

  private void record(ChangeEvent e) {
    try {
      recorder.accept(e);
    } catch (RuntimeException failed) {
      log.warn("could not record {} ({}); after a restart this alert may be sent again: {}", e.type(),
          e.attributes().get("key"), failed.toString());
    }
  }

  private void send(Alert alert) {
    for (AlertSink sink : sinks) {
      try {
        sink.send(alert);
      } catch (RuntimeException e) {
        log.warn("alert sink {} failed to send '{}': {}", sink, alert.title(), e.toString());
      }
    }
  }
}
