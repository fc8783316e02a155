package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventHandler;
import dev.integrationagent.http.ConnectionPressure;
import dev.integrationagent.http.HttpCallEvent;
import dev.integrationagent.http.HttpCallListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's metrics: per connection, operation and plan, its HTTP calls, latency, errors,
 * retries and rate-limit pressure, the items it read, wrote, skipped, failed and parked, conflicts,
 * passes, lag and workflow runs ({@code docs/metrics.md} lists every series).
 *
 * <p>It listens to every HTTP attempt ({@link HttpCallListener}) and reads the event stream
 * ({@link EventHandler}). Counting is lock-free ({@link java.util.concurrent.atomic.LongAdder}s in
 * a concurrent map) because it runs on every call; gauges are computed only when a
 * {@link #snapshot()} is taken. Each metric name holds at most {@code maxSeriesPerName} distinct tag
 * combinations; past that they are counted under the tag value {@code other} (logged once), so
 * memory and a registry's series stay bounded whatever the tools answer.
 *
 * <pre>{@code
 * MetricsSnapshot s = agent.metrics().snapshot();
 * long retries = s.counter(MetricNames.HTTP_RETRIES, "connection", "jira");
 * new IntegrationAgentMetrics(agent.metrics()).bindTo(meterRegistry); // integration-micrometer
 * }</pre>
 *
 * <p>The stream is delivered at least once: an event handled twice (after a crash before its
 * consumer stored its position) is counted twice. Counts start at zero with the process.
 */
public final class AgentMetrics implements HttpCallListener, EventHandler {
  /** The upper bounds of every timer's buckets; above the last, an observation counts only in the total. */
  public static final List<Duration> BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10));
  /** The default cap of distinct series per metric name. */
  public static final int DEFAULT_MAX_SERIES_PER_NAME = 1000;

  private final Clock clock;
  private final Recorders recorders = new Recorders();
  private final HttpMetrics http;
  private final EventMetrics events;

  /**
   * Metrics with the default cap of {@value #DEFAULT_MAX_SERIES_PER_NAME} series per name.
   *
   * @param clock stamps snapshots
   * @param pressure a connection's pipeline pressure ({@code HttpClients::pressure}); empty for a
   *     connection without one
   * @param lag each plan's lag, read at snapshot time
   */
  public AgentMetrics(Clock clock, Function<String, Optional<ConnectionPressure>> pressure,
      Supplier<Map<String, Duration>> lag) {
    this(clock, pressure, lag, DEFAULT_MAX_SERIES_PER_NAME);
  }

  /** Metrics keeping at most {@code maxSeriesPerName} distinct series per name. */
  public AgentMetrics(Clock clock, Function<String, Optional<ConnectionPressure>> pressure,
      Supplier<Map<String, Duration>> lag, int maxSeriesPerName) {
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(pressure, "pressure");
    requireNonNull(lag, "lag");
    if (maxSeriesPerName < 1) {
      throw new IllegalArgumentException("maxSeriesPerName must be at least 1 but was " + maxSeriesPerName);
    }
    this.http = new HttpMetrics(pressure, recorders, maxSeriesPerName);
    this.events = new EventMetrics(lag, recorders, maxSeriesPerName);
  }

  /** Counts one HTTP attempt: its call, latency, error and whether it was a retry. */
  @Override
  public void onCall(HttpCallEvent event) {
    http.onCall(event);
  }

  /** Counts what one event of the stream reports; events that are not metrics are ignored. */
  @Override
  public void handle(ChangeEvent event) {
    events.handle(event);
  }

  /** Every series now, gauges read from the pipelines and the lag supplier at this moment. */
  public MetricsSnapshot snapshot() {
    List<MetricsSnapshot.Series> out = new ArrayList<>();
    http.read(out);
    events.read(out);
    return new MetricsSnapshot(clock.instant(), out);
  }

  /**
   * Tells {@code recorder} of every counter increment and timer observation from now on (a binder
   * registers what came before from a {@link #snapshot()} taken after this call).
   */
  public void addRecorder(MetricsRecorder recorder) {
    recorders.add(requireNonNull(recorder, "recorder"));
  }

  /** Stops telling {@code recorder}; whether it was added. */
  public boolean removeRecorder(MetricsRecorder recorder) {
    return recorders.remove(requireNonNull(recorder, "recorder"));
  }
}
