package dev.integrationagent.micrometer;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.monitor.AgentMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * Binds the agent's metrics to a Micrometer {@link MeterRegistry}, under the dotted names and tag
 * keys of {@code docs/metrics.md} ({@code integration.http.calls}, {@code connection}, {@code uri},
 * …), which each registry renders in its backend's style ({@code integration_http_calls_total} in
 * Prometheus).
 *
 * <pre>{@code
 * new IntegrationAgentMetrics(agent.metrics()).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Counters and timers are real Micrometer meters fed with every observation as it is made, so
 * timers have histograms: their service-level objectives are the agent's buckets
 * ({@link AgentMetrics#BUCKETS}). Gauges (rate budget, circuit state, plan lag) and the rate-limit
 * waits the pipeline counts itself are read from {@link AgentMetrics#snapshot()} when the registry
 * asks, one snapshot serving every such meter for {@link #SNAPSHOT_MAX_AGE}.
 *
 * <p>What was observed before {@code bindTo} is registered at once: counters with their counts,
 * timers with their counts, totals and bucket counts (each earlier observation is replayed at a
 * duration inside its bucket, chosen so that the total is kept). An observation made while
 * {@code bindTo} runs may be counted twice; none is lost.
 */
public final class IntegrationAgentMetrics implements MeterBinder {
  /** How long one snapshot answers the registry's gauge reads: a scrape reads them all at once. */
  public static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

  private final AgentMetrics metrics;

  public IntegrationAgentMetrics(AgentMetrics metrics) {
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    RegistryRecorder recorder = new RegistryRecorder(registry, new SnapshotCache(metrics, registry.config().clock(),
        SNAPSHOT_MAX_AGE));
    metrics.addRecorder(recorder); // first, so that nothing observed from here on is missed
    recorder.registerExisting(metrics.snapshot());
  }
}
