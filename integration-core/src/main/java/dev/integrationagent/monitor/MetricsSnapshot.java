package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every series of {@link AgentMetrics} at one instant, sorted by name and then tags; immutable.
 * The lookups add up the series whose tags include the pairs given, as a registry search does:
 *
 * <pre>{@code
 * MetricsSnapshot s = agent.metrics().snapshot();
 * long failedCalls = s.counter(MetricNames.HTTP_CALLS, "connection", "jira", "outcome", "SERVER_ERROR");
 * OptionalDouble open = s.gauge(MetricNames.HTTP_CIRCUIT_STATE, "connection", "jira");
 * }</pre>
 *
 * @param at when it was taken (the agent's clock)
 * @param series every series, sorted
 */
public record MetricsSnapshot(Instant at, List<Series> series) {
  /** What a series measures. */
  public enum Kind { COUNTER, GAUGE, TIMER }

  /**
   * A timer's bucket: how many observations took at most {@code le} (cumulative, as Prometheus
   * counts them); observations above the last bound count only in {@link Series#count()}.
   */
  public record Bucket(Duration le, long count) {}

  /**
   * One series. A {@code COUNTER} has its {@code count}; a {@code GAUGE} its {@code value}; a
   * {@code TIMER} its {@code count}, {@code total}, {@code max} and {@code buckets} (a timer the
   * pipeline keeps itself, such as the rate-limit wait time, has no buckets and a zero max).
   */
  public record Series(MetricId id, Kind kind, long count, double value, Duration total, Duration max,
      List<Bucket> buckets) {
    public Series {
      requireNonNull(id, "id");
      requireNonNull(kind, "kind");
      requireNonNull(total, "total");
      requireNonNull(max, "max");
      buckets = List.copyOf(buckets);
    }

    static Series counter(MetricId id, long count) {
      return new Series(id, Kind.COUNTER, count, count, Duration.ZERO, Duration.ZERO, List.of());
    }

    static Series gauge(MetricId id, double value) {
      return new Series(id, Kind.GAUGE, 0, value, Duration.ZERO, Duration.ZERO, List.of());
    }

    static Series timer(MetricId id, long count, Duration total, Duration max, List<Bucket> buckets) {
      return new Series(id, Kind.TIMER, count, count, total, max, buckets);
    }

    /** The count of the first bucket whose bound is at least {@code le}, or the whole count past the last. */
    public long countAtMost(Duration le) {
      return buckets.stream().filter(b -> b.le().compareTo(le) >= 0).findFirst().map(Bucket::count).orElse(count);
    }
  }

  public MetricsSnapshot {
    requireNonNull(at, "at");
    List<Series> sorted = new ArrayList<>(series);
    sorted.sort(Comparator.comparing((Series s) -> s.id().name()).thenComparing(s -> s.id().toString()));
    series = List.copyOf(sorted);
  }

  /** The series of a name whose tags include the pairs given ({@code "connection", "github", …}). */
  public List<Series> find(String name, String... tags) {
    requireNonNull(name, "name");
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException("tags come in key/value pairs, got " + tags.length + " strings");
    }
    return series.stream().filter(s -> s.id().matches(name, tags)).toList();
  }

  /** The sum of the matching counters; 0 when none matches. */
  public long counter(String name, String... tags) {
    return find(name, tags).stream().filter(s -> s.kind() == Kind.COUNTER).mapToLong(Series::count).sum();
  }

  /**
   * The value of the one matching gauge; empty when none matches (or the value is unknown, such as
   * the rate remaining of a tool that never said).
   */
  public OptionalDouble gauge(String name, String... tags) {
    List<Series> found = find(name, tags).stream().filter(s -> s.kind() == Kind.GAUGE).toList();
    if (found.size() > 1) {
      throw new IllegalArgumentException(found.size() + " gauges match " + name + " " + String.join(",", tags)
          + ": " + found.stream().map(s -> s.id().toString()).toList() + "; name more tags");
    }
    return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
  }

  /** The matching timers added up (counts, totals and buckets summed, the largest max); empty when none matches. */
  public Optional<Series> timer(String name, String... tags) {
    List<Series> found = find(name, tags).stream().filter(s -> s.kind() == Kind.TIMER).toList();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.size() == 1) {
      return Optional.of(found.get(0));
    }
    long count = 0;
    Duration total = Duration.ZERO;
    Duration max = Duration.ZERO;
    long[] buckets = new long[found.get(0).buckets().size()];
    for (Series s : found) {
      count += s.count();
      total = total.plus(s.total());
      max = s.max().compareTo(max) > 0 ? s.max() : max;
      for (int i = 0; i < buckets.length && i < s.buckets().size(); i++) {
        buckets[i] += s.buckets().get(i).count();
      }
    }
    List<Bucket> merged = new ArrayList<>(buckets.length);
    for (int i = 0; i < buckets.length; i++) {
      merged.add(new Bucket(found.get(0).buckets().get(i).le(), buckets[i]));
    }
    return Optional.of(Series.timer(MetricId.of(name, tags), count, total, max, merged));
  }
}
