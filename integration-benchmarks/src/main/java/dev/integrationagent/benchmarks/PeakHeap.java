package dev.integrationagent.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The heap the benchmark mains report: the sum of the heap pools' peaks, in MB. */
final class PeakHeap {
  private PeakHeap() {}

  /** The sum of the heap pools' peak usage (pools peak at different times, so this is an upper bound). */
  static long megabytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  /** The heap limit ({@code -Xmx}) in MB. */
  static long maxMegabytes() {
    return Runtime.getRuntime().maxMemory() >> 20;
  }
}
