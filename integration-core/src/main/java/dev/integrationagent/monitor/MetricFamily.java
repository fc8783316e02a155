package dev.integrationagent.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The series of one metric name, keyed by their tag values. At most {@code cap} distinct series:
 * past it, new tag combinations are counted in one series whose every tag is {@code other}, and that
 * is logged once, so a runaway tag (a template filled in by mistake) cannot grow memory or a
 * registry without bound.
 */
final class MetricFamily {
  private static final Logger log = LoggerFactory.getLogger(AgentMetrics.class);

  private final String name;
  private final MetricsSnapshot.Kind kind;
  private final String[] keys;
  private final int cap;
  private final Recorders recorders;
  private final ConcurrentHashMap<Key, Object> cells = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean folded = new AtomicBoolean();

  /** A family whose tag values are given in the order of {@code keys}. */
  MetricFamily(String name, MetricsSnapshot.Kind kind, int cap, Recorders recorders, String... keys) {
    this.name = name;
    this.kind = kind;
    this.keys = keys.clone();
    this.cap = cap;
    this.recorders = recorders;
  }

  /** Adds to the counter of these tag values. */
  void add(long amount, String... values) {
    Counter cell = (Counter) cell(values);
    cell.count.add(amount);
    recorders.counted(cell.id, amount);
  }

  /** Records one duration in the timer of these tag values. */
  void record(Duration duration, String... values) {
    TimerCell cell = (TimerCell) cell(values);
    cell.record(duration.toNanos());
    recorders.timed(cell.id, duration);
  }

  List<MetricsSnapshot.Series> read() {
    List<MetricsSnapshot.Series> out = new ArrayList<>(cells.size());
    for (Object cell : cells.values()) {
      out.add(cell instanceof Counter c ? MetricsSnapshot.Series.counter(c.id, c.count.sum()) : ((TimerCell) cell).read());
    }
    return out;
  }

  private Object cell(String[] values) {
    Key key = new Key(values);
    Object cell = cells.get(key);
    return cell != null ? cell : create(key);
  }

  private Object create(Key key) {
    if (size.incrementAndGet() > cap) {
      size.decrementAndGet();
      return overflow();
    }
    MetricId id = id(key.values);
    Object fresh = kind == MetricsSnapshot.Kind.TIMER ? new TimerCell(id) : new Counter(id);
    Object prior = cells.putIfAbsent(key, fresh);
    if (prior != null) {
      size.decrementAndGet();
      return prior;
    }
    recorders.seriesAdded(id, kind);
    return fresh;
  }

  private Object overflow() {
    String[] others = new String[keys.length];
    Arrays.fill(others, MetricNames.OTHER);
    Key key = new Key(others);
    Object cell = cells.get(key);
    if (cell != null) {
      return cell;
    }
    if (folded.compareAndSet(false, true)) {
      log.warn("metric {} reached {} distinct series; further tag combinations are counted with every tag '{}'",
          name, cap, MetricNames.OTHER);
    }
    MetricId id = id(others);
    Object fresh = kind == MetricsSnapshot.Kind.TIMER ? new TimerCell(id) : new Counter(id);
    Object prior = cells.putIfAbsent(key, fresh);
    if (prior != null) {
      return prior;
    }
    recorders.seriesAdded(id, kind);
    return fresh;
  }

  private MetricId id(String[] values) {
    Map<String, String> tags = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      tags.put(keys[i], values[i]);
    }
    return MetricId.of(name, tags);
  }

  private static final class Counter {
    final MetricId id;
    final LongAdder count = new LongAdder();

    Counter(MetricId id) {
      this.id = id;
    }
  }

  /** Tag values in the family's key order, hashed once. */
  private static final class Key {
    final String[] values;
    final int hash;

    Key(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
