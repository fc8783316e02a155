package dev.integrationagent.monitor;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorders of one {@link AgentMetrics}, told of each observation. A copy-on-write array: read
 * on every HTTP call, changed once when a binder binds.
 */
final class Recorders {
  private static final Logger log = LoggerFactory.getLogger(AgentMetrics.class);

  private volatile Guarded[] all = new Guarded[0];

  synchronized void add(MetricsRecorder recorder) {
    Guarded[] next = Arrays.copyOf(all, all.length + 1);
    next[all.length] = new Guarded(recorder);
    all = next;
  }

  synchronized boolean remove(MetricsRecorder recorder) {
    Guarded[] next = Arrays.stream(all).filter(g -> g.recorder != recorder).toArray(Guarded[]::new);
    boolean removed = next.length != all.length;
    all = next;
    return removed;
  }

  void seriesAdded(MetricId id, MetricsSnapshot.Kind kind) {
    for (Guarded g : all) {
      try {
        g.recorder.seriesAdded(id, kind);
      } catch (RuntimeException e) {
        g.failed(e);
      }
    }
  }

  void counted(MetricId id, long amount) {
    for (Guarded g : all) {
      try {
        g.recorder.counted(id, amount);
      } catch (RuntimeException e) {
        g.failed(e);
      }
    }
  }

  void timed(MetricId id, Duration duration) {
    for (Guarded g : all) {
      try {
        g.recorder.timed(id, duration);
      } catch (RuntimeException e) {
        g.failed(e);
      }
    }
  }

  /** A recorder and whether its failure was logged: a failing recorder on every call must not flood the log. */
  private static final class Guarded {
    final MetricsRecorder recorder;
    final AtomicBoolean logged = new AtomicBoolean();

    Guarded(MetricsRecorder recorder) {
      this.recorder = recorder;
    }

    void failed(RuntimeException e) {
      if (logged.compareAndSet(false, true)) {
        log.warn("a metrics recorder ({}) failed ({}); the observation is kept, later failures are not logged",
            recorder.getClass().getName(), e.toString());
      }
    }
  }
}
