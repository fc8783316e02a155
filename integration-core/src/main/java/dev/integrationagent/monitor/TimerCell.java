package dev.integrationagent.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One timer series: a fixed-bucket histogram, the total and the max. Lock-free: a bucket and the
 * total are {@link LongAdder}s, the max a compare-and-set that only runs when a new max is seen. Its
 * count is the sum of its buckets, so a snapshot's count and buckets always agree.
 */
final class TimerCell {
  private static final long[] BOUNDS = AgentMetrics.BUCKETS.stream().mapToLong(Duration::toNanos).toArray();

  final MetricId id;
  private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1]; // the last is +inf
  private final LongAdder totalNanos = new LongAdder();
  private final AtomicLong maxNanos = new AtomicLong();

  TimerCell(MetricId id) {
    this.id = id;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void record(long nanos) {
    long n = Math.max(0, nanos);
    int i = 0;
    while (i < BOUNDS.length && n > BOUNDS[i]) {
      i++;
    }
    buckets[i].increment();
    totalNanos.add(n);
    long max = maxNanos.get();
    while (n > max && !maxNanos.compareAndSet(max, n)) {
      max = maxNanos.get();
    }
  }

  MetricsSnapshot.Series read() {
    List<MetricsSnapshot.Bucket> cumulative = new ArrayList<>(BOUNDS.length);
    long count = 0;
    for (int i = 0; i < BOUNDS.length; i++) {
      count += buckets[i].sum();
      cumulative.add(new MetricsSnapshot.Bucket(AgentMetrics.BUCKETS.get(i), count));
    }
    count += buckets[BOUNDS.length].sum();
    return MetricsSnapshot.Series.timer(id, count, Duration.ofNanos(totalNanos.sum()),
        Duration.ofNanos(maxNanos.get()), cumulative);
  }
}
