package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.http.ConnectionPressure;
import dev.integrationagent.http.HttpCallEvent;
import dev.integrationagent.http.HttpCallListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.annotation.Nullable;

/**
 * Judges the health of connections and plans from what the agent saw: every HTTP attempt (as an
 * {@link HttpCallListener}: the error rate over {@link Settings#errorWindow}), the pipelines'
 * pressure, and the event stream's passes, which it reads from the store itself rather than as a
 * subscription, so that every agent of a cluster sees every plan's passes (a subscription hands
 * each event to one agent) and a restarted agent knows the last passes at once: it starts
 * {@link #WARM_UP} events back.
 *
 * <p>A plan's <b>lag</b> is an upper bound of the age of its oldest change not yet applied: every
 * change made before the start of its last completed pass is applied (the cursor moves only past
 * applied or parked items) except the items still waiting for a retry, so the lag is the time since
 * that start, or since the first failure of the oldest waiting item when that is earlier. Items
 * parked for good are counted apart ({@link PlanHealth#parkedItems}) and not in the lag: they wait
 * for a person, not for the agent.
 */
public final class HealthMonitor implements HttpCallListener {
  /** How many events back a new monitor starts reading the stream. */
  public static final int WARM_UP = 10_000;
  private static final int MAX_CALLS = 2_000;
  private static final Set<ErrorCategory> CONNECTION_ERRORS = Set.of(ErrorCategory.TRANSIENT,
      ErrorCategory.RATE_LIMITED, ErrorCategory.AUTHENTICATION, ErrorCategory.AUTHORIZATION, ErrorCategory.PERMANENT,
      ErrorCategory.CONFIGURATION);

  /**
   * The thresholds.
   *
   * @param errorWindow how far back the error rate of calls looks (5 minutes)
   * @param minCalls fewer calls than this in the window say nothing of the error rate (5)
   * @param degradedErrorRate a connection whose share of failed calls is above this is DEGRADED (0.25)
   * @param lowHeadroom a connection with less than this share of its announced rate window left is
   *     DEGRADED (0.05)
   * @param downAfterFailedPasses a plan whose last this many passes failed is DOWN (3)
   * @param maxLag a plan's lag above this is DEGRADED (30 minutes, or twice its interval when longer)
   */
  public record Settings(Duration errorWindow, int minCalls, double degradedErrorRate, double lowHeadroom,
      int downAfterFailedPasses, Duration maxLag) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(5), 5, 0.25, 0.05, 3, Duration.ofMinutes(30));
    }

    /** The lag bound of a plan passing every {@code every}, or unscheduled when null. */
    public Duration lagBound(@Nullable Duration every) {
      return every != null && every.multipliedBy(2).compareTo(maxLag) > 0 ? every.multipliedBy(2) : maxLag;
    }
  }

  /**
   * What the agent knows of a plan beyond its passes.
   *
   * @param planId the plan
   * @param connections its two connections
   * @param every its interval, or null when it is not scheduled
   * @param nextRunAt when its next pass is scheduled, or null
   * @param items its failed items, waiting and parked ({@link StateStore#parked})
   * @param openConflicts its conflicts waiting for a decision
   * @param leaseHolder the agent holding its pass lease now, or null
   */
  public record PlanFacts(String planId, List<String> connections, @Nullable Duration every,
      @Nullable Instant nextRunAt, List<ParkedItem> items, int openConflicts, @Nullable String leaseHolder) {}

  private record Call(Instant at, @Nullable ErrorCategory error) {}

  private static final class Passes {
    @Nullable Instant lastPassAt;
    @Nullable Instant lastSuccessAt;
    @Nullable Instant completedStart;
    int failedInARow;
  }

  private final Settings settings;
  private final Clock clock;
  private final Function<String, Optional<ConnectionPressure>> pressure;
  private final Map<String, Deque<Call>> calls = new ConcurrentHashMap<>();
  /** Per connection, whether its latest answered call was a refused credential (no success since). */
  private final Map<String, Boolean> refused = new ConcurrentHashMap<>();
  private final Map<String, Passes> passes = new HashMap<>();
  private final Map<String, Instant> runStarts = new HashMap<>();
  private final Set<String> runsWithConnectionFailure = new HashSet<>();
  private final Map<String, Instant> firstFailures = new HashMap<>();
  private long position = -1;

  public HealthMonitor(Settings settings, Clock clock, Function<String, Optional<ConnectionPressure>> pressure) {
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.pressure = requireNonNull(pressure, "pressure");
  }

  @Override
  public void onCall(HttpCallEvent e) {
    if (e.category() == ErrorCategory.AUTHENTICATION || e.category() == ErrorCategory.AUTHORIZATION) {
      refused.put(e.connectionId(), true);
    } else if (e.succeeded()) {
      refused.remove(e.connectionId());
    }
    Deque<Call> recent = calls.computeIfAbsent(e.connectionId(), c -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(new Call(e.at(), e.category() != null && CONNECTION_ERRORS.contains(e.category())
          ? e.category() : null));
      while (recent.size() > MAX_CALLS) {
        recent.removeFirst();
      }
    }
  }

  /** Reads what the stream recorded since the last call (at first, {@link #WARM_UP} events back). */
  public synchronized void catchUp(StateStore store) {
    if (position < 0) {
      position = Math.max(store.firstEventOffset() - 1, store.lastEventOffset() - WARM_UP);
    }
    List<ChangeEvent> page;
    do {
      page = store.events(position, 1_000);
      for (ChangeEvent e : page) {
        onEvent(e);
        position = e.offset();
      }
    } while (!page.isEmpty());
  }

  /** Takes one event of the stream into account; events come in offset order. */
  public synchronized void onEvent(ChangeEvent e) {
    String run = e.runId();
    switch (e.type()) {
      case EventTypes.PASS_STARTED -> {
        if (run != null) {
          runStarts.put(run, e.at());
        }
      }
      case EventTypes.CONNECTION_FAILED -> {
        if (run != null) {
          runsWithConnectionFailure.add(run);
        }
      }
      case EventTypes.ITEM_FAILED -> {
        if (e.planId() != null) {
          Instant start = run == null ? null : runStarts.get(run);
          firstFailures.putIfAbsent(itemKey(e.planId(), e.attributes().getOrDefault("source",
              String.valueOf(e.connectionId())), String.valueOf(e.itemId())), start == null ? e.at() : start);
        }
      }
      case EventTypes.PASS_FINISHED, EventTypes.PASS_FAILED -> {
        if (e.planId() == null) {
          return;
        }
        Passes p = passes.computeIfAbsent(e.planId(), k -> new Passes());
        p.lastPassAt = e.at();
        Instant start = run == null ? null : runStarts.remove(run);
        boolean connectionFailed = run != null && runsWithConnectionFailure.remove(run);
        if (start != null && !connectionFailed) {
          p.completedStart = start;
        }
        if (e.type().equals(EventTypes.PASS_FINISHED)) {
          p.lastSuccessAt = e.at();
          p.failedInARow = 0;
        } else {
          p.failedInARow++;
        }
      }
      default -> { }
    }
  }

  /** A connection's health, from its connector's check and what its calls went through. */
  public ConnectionHealth connection(String connectionId, ConnectorHealth check) {
    Instant now = clock.instant();
    List<String> reasons = new ArrayList<>();
    HealthStatus status = check.status();
    if (status != HealthStatus.UP) {
      reasons.add(check.reason().isEmpty() ? "its health check says " + status : check.reason());
    }
    Map<ErrorCategory, Integer> errors = new EnumMap<>(ErrorCategory.class);
    int total = 0;
    Deque<Call> recent = calls.get(connectionId);
    if (recent != null) {
      synchronized (recent) {
        Instant from = now.minus(settings.errorWindow());
        while (!recent.isEmpty() && recent.peekFirst().at().isBefore(from)) {
          recent.removeFirst();
        }
        for (Call c : recent) {
          total++;
          if (c.error() != null) {
            errors.merge(c.error(), 1, Integer::sum);
          }
        }
      }
    }
    int failed = errors.values().stream().mapToInt(Integer::intValue).sum();
    double errorRate = total == 0 ? 0 : (double) failed / total;
    if (refused.getOrDefault(connectionId, false)) {
      if (status != HealthStatus.DOWN) {
        reasons.add("the tool refused the credential, and no call succeeded since: renew it");
      }
      status = HealthStatus.DOWN;
    } else if (total >= settings.minCalls() && errorRate > settings.degradedErrorRate()) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add(failed + " of " + total + " calls in the last " + minutes(settings.errorWindow()) + " failed "
          + errors);
    }
    Optional<ConnectionPressure> p = pressure.apply(connectionId);
    String circuit = p.map(ConnectionPressure::circuitState).orElse(null);
    double headroom = p.map(ConnectionPressure::rateHeadroom).orElse(-1.0);
    if ("OPEN".equals(circuit) || "FORCED_OPEN".equals(circuit)) {
      status = HealthStatus.DOWN;
      reasons.add("its circuit breaker is open: calls are refused until a probe succeeds");
    } else if ("HALF_OPEN".equals(circuit)) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add("its circuit breaker is half open: probing whether the tool is back");
    }
    if (headroom >= 0 && headroom < settings.lowHeadroom()) {
      status = worst(status, HealthStatus.DEGRADED);
      ConnectionPressure cp = p.orElseThrow();
      reasons.add("its rate budget is nearly spent: " + cp.rateRemaining() + " of " + cp.rateLimit()
          + " calls left until " + cp.rateResetAt());
    }
    return new ConnectionHealth(status, status == HealthStatus.UP ? List.of() : reasons, check, circuit, headroom,
        errorRate, total, now);
  }

  /** A plan's health, from its passes, its items and its connections' health. */
  public synchronized PlanHealth plan(PlanFacts facts, Map<String, ConnectionHealth> connections) {
    Instant now = clock.instant();
    Passes p = passes.getOrDefault(facts.planId(), new Passes());
    List<String> reasons = new ArrayList<>();
    HealthStatus status = HealthStatus.UP;
    for (String connection : facts.connections()) {
      ConnectionHealth h = connections.get(connection);
      if (h != null && h.status() != HealthStatus.UP) {
        status = worst(status, h.status());
        reasons.add("connection " + connection + " is " + h.status() + ": " + h.reason());
      }
    }
    if (p.failedInARow >= settings.downAfterFailedPasses()) {
      status = HealthStatus.DOWN;
      reasons.add("its last " + p.failedInARow + " passes failed");
    } else if (p.failedInARow > 0) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add("its last pass failed");
    }
    int waiting = 0;
    int parked = 0;
    Instant oldest = p.completedStart;
    Set<String> waitingKeys = new HashSet<>();
    for (ParkedItem item : facts.items()) {
      if (item.isParked()) {
        parked++;
        continue;
      }
      waiting++;
      String key = itemKey(facts.planId(), item.connectionId(), item.itemId());
      waitingKeys.add(key);
      Instant first = firstFailures.getOrDefault(key, item.parkedAt());
      if (oldest == null || first.isBefore(oldest)) {
        oldest = first;
      }
    }
    firstFailures.keySet().removeIf(k -> k.startsWith(facts.planId() + "\u0000") && !waitingKeys.contains(k));
    Duration lag = oldest == null ? null : Duration.between(oldest, now);
    if (waiting > 0) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add(waiting + " items wait for their next attempt");
    }
    if (parked > 0) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add(parked + " items are parked: see agent.parked(\"" + facts.planId() + "\")");
    }
    if (facts.openConflicts() > 0) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add(facts.openConflicts() + " conflicts wait for a decision");
    }
    Duration bound = settings.lagBound(facts.every());
    if (lag != null && lag.compareTo(bound) > 0) {
      status = worst(status, HealthStatus.DEGRADED);
      reasons.add("its lag of " + minutes(lag) + " is over " + minutes(bound));
    }
    return new PlanHealth(facts.planId(), status, status == HealthStatus.UP ? List.of() : reasons, p.lastPassAt,
        p.lastSuccessAt, p.failedInARow, lag, facts.every(), facts.nextRunAt(), waiting, parked, facts.openConflicts(),
        facts.leaseHolder(), now);
  }

  private static String itemKey(String plan, String connection, String item) {
    return plan + "\u0000" + connection + "\u0000" + item;
  }

  private static HealthStatus worst(HealthStatus a, HealthStatus b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String minutes(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
  }
}
