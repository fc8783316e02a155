package dev.integrationagent.benchmarks;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.http.HttpCallEvent;
import dev.integrationagent.http.HttpCallListener;
import dev.integrationagent.micrometer.IntegrationAgentMetrics;
import dev.integrationagent.monitor.AgentMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link AgentMetrics#onCall} costs per HTTP attempt, the listener every call of every
 * connection goes through, against a listener that does nothing and one that bumps a single
 * {@link LongAdder}, in the same run; and the same with a Micrometer registry bound
 * ({@link IntegrationAgentMetrics}, a {@link SimpleMeterRegistry}). The attempts cycle through 256
 * of three connections, eight path templates, successes, failures and retries, their series
 * created before measuring (the steady state of a running agent).
 *
 * <pre>{@code
 * java -jar integration-benchmarks/target/benchmarks.jar MetricsBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBenchmark {
  private static final String[] CONNECTIONS = {"github", "jira", "redmine"};
  private static final String[] TEMPLATES = {"/repos/{owner}/{repo}/issues", "/repos/{owner}/{repo}/issues/{number}",
      "/repos/{owner}/{repo}/issues/{number}/comments", "/rest/api/3/search/jql", "/rest/api/3/issue/{key}",
      "/rest/api/3/issue/{key}/comment", "/issues.json", "/issues/{id}.json"};

  private final HttpCallEvent[] events = new HttpCallEvent[256];
  private final HttpCallListener noOp = e -> { };
  private final LongAdder adder = new LongAdder();
  private final HttpCallListener oneAdder = e -> adder.increment();
  private AgentMetrics metrics;
  private AgentMetrics bound;
  private int next;

  @Setup
  public void setUp() {
    Instant now = Instant.parse("2026-01-05T10:00:00Z");
    for (int i = 0; i < events.length; i++) {
      boolean failed = i % 16 == 0;
      events[i] = new HttpCallEvent(now, CONNECTIONS[i % 3], i % 4 == 0 ? "POST" : "GET", TEMPLATES[i % 8],
          failed ? 503 : 200, Duration.ofMillis(i % 7 * 37L), i % 16 == 1 ? 2 : 1,
          failed ? ErrorCategory.TRANSIENT : null, false, "github-jira", "run-" + i);
    }
    Clock clock = Clock.systemUTC();
    metrics = new AgentMetrics(clock, id -> Optional.empty(), Map::of);
    bound = new AgentMetrics(clock, id -> Optional.empty(), Map::of);
    new IntegrationAgentMetrics(bound).bindTo(new SimpleMeterRegistry());
    for (HttpCallEvent e : events) {
      metrics.onCall(e);
      bound.onCall(e);
    }
  }

  private HttpCallEvent nextEvent() {
    return events[next++ & (events.length - 1)];
  }

  @Benchmark
  public void noOpListener() {
    noOp.onCall(nextEvent());
  }

  @Benchmark
  public void oneLongAdder() {
    oneAdder.onCall(nextEvent());
  }

  @Benchmark
  public void agentMetrics() {
    metrics.onCall(nextEvent());
  }

  @Benchmark
  public void agentMetricsBoundToMicrometer() {
    bound.onCall(nextEvent());
  }
}
