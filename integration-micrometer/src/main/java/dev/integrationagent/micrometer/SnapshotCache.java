package dev.integrationagent.micrometer;

import dev.integrationagent.monitor.AgentMetrics;
import dev.integrationagent.monitor.MetricId;
import dev.integrationagent.monitor.MetricsSnapshot;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The snapshot the registry's function meters read: taken at most once per max age, because a
 * snapshot reads every pipeline's pressure and the plans' lag, and a scrape reads dozens of gauges.
 */
final class SnapshotCache {
  private final AgentMetrics metrics;
  private final Clock clock;
  private final long maxAgeNanos;
  private @Nullable Map<MetricId, MetricsSnapshot.Series> series;
  private long takenAt;

  SnapshotCache(AgentMetrics metrics, Clock clock, Duration maxAge) {
    this.metrics = metrics;
    this.clock = clock;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** A gauge's value now; NaN when it is unknown (the tool never announced a budget). */
  double value(MetricId id) {
    MetricsSnapshot.Series s = find(id);
    return s == null ? Double.NaN : s.value();
  }

  /** A counter's or timer's count now; 0 when it is not in the snapshot. */
  double count(MetricId id) {
    MetricsSnapshot.Series s = find(id);
    return s == null ? 0 : s.count();
  }

  /** A timer's total in nanoseconds now. */
  double totalNanos(MetricId id) {
    MetricsSnapshot.Series s = find(id);
    return s == null ? 0 : s.total().toNanos();
  }

  private synchronized @Nullable MetricsSnapshot.Series find(MetricId id) {
    long now = clock.monotonicTime();
    if (series == null || now - takenAt >= maxAgeNanos) {
      Map<MetricId, MetricsSnapshot.Series> fresh = new HashMap<>();
      for (MetricsSnapshot.Series s : metrics.snapshot().series()) {
        fresh.put(s.id(), s);
      }
      series = fresh;
      takenAt = now;
    }
    return series.get(id);
  }
}
