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
 * </ul>
 *
 * After a condition clears, the same alert is not raised again within {@link Settings#coolDown}
 * (10 minutes): a flapping connection pages once. Open alerts are kept in memory: after a restart
 * a condition that still holds is raised again.
 */
public final class AlertRules {
  /** The thresholds; {@link #defaults()} are on. */
  public record Settings(Duration downFor, int failedPasses, int parkedItems, int failedRuns, Duration coolDown) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(5), 3, 10, 3, Duration.ofMinutes(10));
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

  public AlertRules(List<AlertSink> sinks, Settings settings, Clock clock, Logger log) {
    this.sinks = List.copyOf(sinks);
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.log = requireNonNull(log, "log");
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
