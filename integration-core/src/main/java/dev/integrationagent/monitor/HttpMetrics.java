package dev.integrationagent.monitor;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.http.ConnectionPressure;
import dev.integrationagent.http.HttpCallEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP half of {@link AgentMetrics}: one call's counters and latency, and per connection the
 * pressure its pipeline reports (read when a snapshot is taken).
 */
final class HttpMetrics {
  private static final Logger log = LoggerFactory.getLogger(AgentMetrics.class);
  private static final String[] STATUS = new String[600];

  static {
    for (int i = 0; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i);
    }
    STATUS[0] = "IO_ERROR"; // no response arrived: Micrometer's OkHttp binder says the same
  }

  private final Function<String, Optional<ConnectionPressure>> pressure;
  private final Recorders recorders;
  private final int cap;
  private final MetricFamily calls;
  private final MetricFamily latency;
  private final MetricFamily errors;
  private final MetricFamily retries;
  private final Set<String> connections = ConcurrentHashMap.newKeySet();
  /**
   * The failed attempt last reported on this thread: a retry is made on the thread of the attempt it
   * repeats (the retry interceptor loops inside the call), and its own event does not say why.
   */
  private final ThreadLocal<FailedAttempt> lastFailure = ThreadLocal.withInitial(FailedAttempt::new);

  HttpMetrics(Function<String, Optional<ConnectionPressure>> pressure, Recorders recorders, int cap) {
    this.pressure = pressure;
    this.recorders = recorders;
    this.cap = cap;
    calls = new MetricFamily(MetricNames.HTTP_CALLS, MetricsSnapshot.Kind.COUNTER, cap, recorders,
        "connection", "method", "uri", "status", "outcome");
    latency = new MetricFamily(MetricNames.HTTP_LATENCY, MetricsSnapshot.Kind.TIMER, cap, recorders,
        "connection", "method", "uri");
    errors = new MetricFamily(MetricNames.HTTP_ERRORS, MetricsSnapshot.Kind.COUNTER, cap, recorders,
        "connection", "category");
    retries = new MetricFamily(MetricNames.HTTP_RETRIES, MetricsSnapshot.Kind.COUNTER, cap, recorders,
        "connection", "category");
  }

  void onCall(HttpCallEvent e) {
    String connection = e.connectionId();
    String uri = uri(e.pathTemplate());
    int status = e.status();
    calls.add(1, connection, e.method(), uri, status >= 0 && status < STATUS.length ? STATUS[status]
        : Integer.toString(status), outcome(status));
    latency.record(e.duration(), connection, e.method(), uri);
    if (e.attempt() > 1) {
      FailedAttempt before = lastFailure.get();
      String category = before.category != null && connection.equals(before.connection)
          ? before.category.name() : "UNKNOWN";
      before.category = null;
      retries.add(1, connection, category);
    }
    ErrorCategory category = e.category();
    if (category != null) {
      errors.add(1, connection, category.name());
      FailedAttempt failed = lastFailure.get();
      failed.connection = connection;
      failed.category = category;
    }
    if (!connections.contains(connection)) {
      track(connection);
    }
  }

  /** Micrometer's outcome of a status: {@code SUCCESS}, {@code CLIENT_ERROR}, … */
  static String outcome(int status) {
    return switch (status / 100) {
      case 1 -> "INFORMATIONAL";
      case 2 -> "SUCCESS";
      case 3 -> "REDIRECTION";
      case 4 -> "CLIENT_ERROR";
      case 5 -> "SERVER_ERROR";
      default -> "UNKNOWN";
    };
  }

  /**
   * The template as a tag: the path template already is one, but a query or a whole URL must never
   * become a tag value (ids and tokens live there), so a query is cut off and a URL is {@code other}.
   */
  static String uri(String template) {
    if (template.contains("://")) {
      return MetricNames.OTHER;
    }
    int query = template.indexOf('?');
    return query < 0 ? template : template.substring(0, query);
  }

  private void track(String connection) {
    if (connections.size() >= cap) {
      return; // the connection's calls are counted; its pressure gauges are not, past the cap
    }
    if (connections.add(connection)) {
      recorders.seriesAdded(id(MetricNames.HTTP_RATE_WAITS, connection), MetricsSnapshot.Kind.COUNTER);
      recorders.seriesAdded(id(MetricNames.HTTP_RATE_WAIT_TIME, connection), MetricsSnapshot.Kind.TIMER);
      recorders.seriesAdded(id(MetricNames.HTTP_RATE_REMAINING, connection), MetricsSnapshot.Kind.GAUGE);
      recorders.seriesAdded(id(MetricNames.HTTP_RATE_HEADROOM, connection), MetricsSnapshot.Kind.GAUGE);
      recorders.seriesAdded(id(MetricNames.HTTP_CIRCUIT_STATE, connection), MetricsSnapshot.Kind.GAUGE);
    }
  }

  private static MetricId id(String name, String connection) {
    return MetricId.of(name, "connection", connection);
  }

  /** The families' series, and each known connection's pressure as it is now. */
  void read(List<MetricsSnapshot.Series> out) {
    out.addAll(calls.read());
    out.addAll(latency.read());
    out.addAll(errors.read());
    out.addAll(retries.read());
    for (String connection : connections) {
      ConnectionPressure p = pressureOf(connection);
      if (p == null) {
        continue;
      }
      out.add(MetricsSnapshot.Series.counter(id(MetricNames.HTTP_RATE_WAITS, connection), p.rateWaits()));
      out.add(MetricsSnapshot.Series.timer(id(MetricNames.HTTP_RATE_WAIT_TIME, connection), p.rateWaits(),
          p.rateWaitTime(), Duration.ZERO, List.of()));
      if (p.rateRemaining() >= 0) {
        out.add(MetricsSnapshot.Series.gauge(id(MetricNames.HTTP_RATE_REMAINING, connection), p.rateRemaining()));
      }
      if (p.rateHeadroom() >= 0) {
        out.add(MetricsSnapshot.Series.gauge(id(MetricNames.HTTP_RATE_HEADROOM, connection), p.rateHeadroom()));
      }
      out.add(MetricsSnapshot.Series.gauge(id(MetricNames.HTTP_CIRCUIT_STATE, connection), circuit(p.circuitState())));
    }
  }

  /** 0 closed, 1 half open, 2 open; resilience4j's other states as what they let through. */
  static double circuit(String state) {
    return switch (state) {
      case "HALF_OPEN" -> 1;
      case "OPEN", "FORCED_OPEN" -> 2;
      default -> 0; // CLOSED, DISABLED, METRICS_ONLY: calls go through
    };
  }

  private @Nullable ConnectionPressure pressureOf(String connection) {
    try {
      return pressure.apply(connection).orElse(null);
    } catch (RuntimeException e) {
      log.warn("metrics: reading the pressure of connection {} failed: {}", connection, e.toString());
      return null;
    }
  }

  private static final class FailedAttempt {
    @Nullable String connection;
    @Nullable ErrorCategory category;
  }
}
