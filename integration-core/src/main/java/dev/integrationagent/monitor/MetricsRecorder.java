package dev.integrationagent.monitor;

import java.time.Duration;

/**
 * Sees every observation of {@link AgentMetrics} as it is made, so that a binder (Micrometer's, a
 * host's own) can keep real meters, histograms included, instead of polling snapshots. Gauges, and
 * the counters the HTTP pipeline keeps itself ({@link MetricNames#readAtSnapshot}), are not pushed:
 * read them through {@link AgentMetrics#snapshot()}.
 *
 * <p>Called on the thread that made the observation, often a connector's HTTP call: keep it quick.
 * An exception thrown here is logged once and otherwise ignored.
 *
 * <pre>{@code
 * metrics.addRecorder(new MetricsRecorder() {
 *   public void counted(MetricId id, long amount) { myCounters.get(id).add(amount); }
 *   public void timed(MetricId id, Duration d) { myTimers.get(id).record(d); }
 * });
 * }</pre>
 */
public interface MetricsRecorder {
  /**
   * A series became known: called once per series as it is created (for a series read at snapshot
   * time, when the connection or plan it describes is first seen). Another thread's first
   * observation of it may arrive just before: register a meter on whichever comes first.
   */
  default void seriesAdded(MetricId id, MetricsSnapshot.Kind kind) {}

  /** A counter grew by {@code amount}. */
  void counted(MetricId id, long amount);

  /** A timer observed one duration. */
  void timed(MetricId id, Duration duration);
}
