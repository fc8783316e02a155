package dev.integrationagent.micrometer;

import dev.integrationagent.monitor.MetricsSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a timer series observed before binding into observations for a Micrometer timer: its
 * count and bucket counts exactly, its total as near as whole nanoseconds allow. Each bucket's
 * observations are placed at the same fraction of the way from the bucket's lower to its upper
 * bound (the max for the last, open bucket), the fraction that makes them add up to the total.
 */
final class Replay {
  private Replay() {}

  static void observations(MetricsSnapshot.Series timer, Consumer<Duration> record) {
    List<MetricsSnapshot.Bucket> buckets = timer.buckets();
    int n = buckets.size() + 1;
    long[] counts = new long[n];
    long[] lower = new long[n];
    long[] upper = new long[n];
    long below = 0;
    for (int i = 0; i < n; i++) {
      long cumulative = i < buckets.size() ? buckets.get(i).count() : timer.count();
      counts[i] = cumulative - below;
      below = cumulative;
      lower[i] = i == 0 ? 0 : buckets.get(i - 1).le().toNanos();
      upper[i] = i < buckets.size() ? buckets.get(i).le().toNanos() : Math.max(lower[i], timer.max().toNanos());
    }
    double low = 0;
    double high = 0;
    for (int i = 0; i < n; i++) {
      low += (double) counts[i] * lower[i];
      high += (double) counts[i] * upper[i];
    }
    double total = timer.total().toNanos();
    double fraction = high > low ? Math.min(1, Math.max(0, (total - low) / (high - low))) : 1;
    for (int i = 0; i < n; i++) {
      long at = lower[i] + Math.round(fraction * (upper[i] - lower[i]));
      if (i > 0 && at <= lower[i]) {
        at = lower[i] + 1; // a bound belongs to the bucket below it
      }
      Duration d = Duration.ofNanos(at);
      for (long k = 0; k < counts[i]; k++) {
        record.accept(d);
      }
    }
  }
}
