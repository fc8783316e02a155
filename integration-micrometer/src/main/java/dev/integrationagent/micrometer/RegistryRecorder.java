package dev.integrationagent.micrometer;

import dev.integrationagent.monitor.AgentMetrics;
import dev.integrationagent.monitor.MetricId;
import dev.integrationagent.monitor.MetricNames;
import dev.integrationagent.monitor.MetricsRecorder;
import dev.integrationagent.monitor.MetricsSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one registry: a Micrometer counter or timer per series of the agent, found by the series'
 * id (the same instance with every observation, its hash computed once), and function meters for
 * the series read at snapshot time.
 */
final class RegistryRecorder implements MetricsRecorder {
  private static final Duration[] SLOS = AgentMetrics.BUCKETS.toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final SnapshotCache snapshot;
  private final Map<MetricId, Counter> counters = new ConcurrentHashMap<>();
  private final Map<MetricId, Timer> timers = new ConcurrentHashMap<>();
  private final Set<MetricId> functions = ConcurrentHashMap.newKeySet();

  RegistryRecorder(MeterRegistry registry, SnapshotCache snapshot) {
    this.registry = registry;
    this.snapshot = snapshot;
  }

  @Override
  public void seriesAdded(MetricId id, MetricsSnapshot.Kind kind) {
    if (MetricNames.readAtSnapshot(id.name())) {
      function(id, kind);
    } else if (kind == MetricsSnapshot.Kind.TIMER) {
      timer(id);
    } else {
      counter(id);
    }
  }

  @Override
  public void counted(MetricId id, long amount) {
    counter(id).increment(amount);
  }

  @Override
  public void timed(MetricId id, Duration duration) {
    timer(id).record(duration);
  }

  /** Registers what the agent counted before this recorder was added, with its values. */
  void registerExisting(MetricsSnapshot existing) {
    for (MetricsSnapshot.Series s : existing.series()) {
      if (MetricNames.readAtSnapshot(s.id().name())) {
        function(s.id(), s.kind());
      } else if (s.kind() == MetricsSnapshot.Kind.TIMER) {
        Timer timer = timer(s.id());
        Replay.observations(s, timer::record);
      } else if (s.kind() == MetricsSnapshot.Kind.COUNTER) {
        counter(s.id()).increment(s.count());
      }
    }
  }

  private Counter counter(MetricId id) {
    return counters.computeIfAbsent(id, i -> Counter.builder(i.name()).tags(tags(i))
        .description(MetricNames.describe(i.name())).register(registry));
  }

  private Timer timer(MetricId id) {
    return timers.computeIfAbsent(id, i -> Timer.builder(i.name()).tags(tags(i))
        .description(MetricNames.describe(i.name())).serviceLevelObjectives(SLOS).register(registry));
  }

  private void function(MetricId id, MetricsSnapshot.Kind kind) {
    if (!functions.add(id)) {
      return;
    }
    String description = MetricNames.describe(id.name());
    switch (kind) {
      case COUNTER -> FunctionCounter.builder(id.name(), snapshot, s -> s.count(id)).tags(tags(id))
          .description(description).register(registry);
      case TIMER -> FunctionTimer.builder(id.name(), snapshot, s -> (long) s.count(id), s -> s.totalNanos(id),
          TimeUnit.NANOSECONDS).tags(tags(id)).description(description).register(registry);
      case GAUGE -> Gauge.builder(id.name(), snapshot, s -> s.value(id)).tags(tags(id)).description(description)
          .baseUnit(id.name().equals(MetricNames.PLAN_LAG) ? "seconds" : null).strongReference(true)
          .register(registry);
    }
  }

  private static List<Tag> tags(MetricId id) {
    return id.tags().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
  }
}
