package dev.integrationagent.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The ratios of one variant's time to its baseline's, each taken within one round (the two ran
 * back to back), summarised by their median and quartiles. On a shared machine a pass's time
 * drifts by more than the cost being measured; the ratio within a round cancels the drift, and
 * the median of many rounds the outliers. The quartiles say how far to trust it.
 */
final class RoundRatios {
  private final double[] sorted;

  private RoundRatios(double[] ratios) {
    this.sorted = ratios.clone();
    Arrays.sort(sorted);
  }

  /** {@code measured[i] / baseline[i]} for each round {@code i}. */
  static RoundRatios of(List<Double> measured, List<Double> baseline) {
    if (measured.size() != baseline.size() || measured.isEmpty()) {
      throw new IllegalArgumentException("need as many baseline rounds as measured ones, at least one: "
          + measured.size() + " and " + baseline.size());
    }
    double[] ratios = new double[measured.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = measured.get(i) / baseline.get(i);
    }
    return new RoundRatios(ratios);
  }

  double median() {
    return quantile(0.5);
  }

  /** Linear interpolation between the closest ranks. */
  double quantile(double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  /** "1.08 [0.97-1.16]": the median, then the first and third quartiles. */
  @Override
  public String toString() {
    return String.format("%.2f [%.2f-%.2f]", median(), quantile(0.25), quantile(0.75));
  }
}
