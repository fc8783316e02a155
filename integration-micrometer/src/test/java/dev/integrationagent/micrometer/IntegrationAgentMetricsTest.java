package dev.integrationagent.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.http.ConnectionPressure;
import dev.integrationagent.http.HttpCallEvent;
import dev.integrationagent.monitor.AgentMetrics;
import dev.integrationagent.monitor.MetricNames;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.junit.jupiter.api.Test;

/** The agent's metrics as meters of a Micrometer registry: names, tags, values, histograms. */
class IntegrationAgentMetricsTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
  private final MockClock registryClock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, registryClock);
  private final Map<String, ConnectionPressure> pressure = new HashMap<>();
  private final Map<String, Duration> lag = new HashMap<>();
  private final AgentMetrics metrics = new AgentMetrics(clock, id -> Optional.ofNullable(pressure.get(id)), () -> lag);

  private HttpCallEvent call(String connection, String method, String template, int status, long millis, int attempt,
      @Nullable ErrorCategory category) {
    return new HttpCallEvent(clock.instant(), connection, method, template, status, Duration.ofMillis(millis), attempt,
        category, false, "github-jira", "2b1f0c52-9d7e-4c1a-a8f3-6c0f4e2d9b11");
  }

  private ChangeEvent event(String type, String... attributes) {
    ChangeEvent.Builder b = ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, clock.instant()).plan("github-jira")
        .run("2b1f0c52-9d7e-4c1a-a8f3-6c0f4e2d9b11").connection("jira").item("APP-1042");
    for (int i = 0; i < attributes.length; i += 2) {
      b.attribute(attributes[i], attributes[i + 1]);
    }
    return b.build();
  }

  @Test
  void callsAndLatencyAppearWithTheDocumentedNamesTagsAndHistogramBuckets() {
    new IntegrationAgentMetrics(metrics).bindTo(registry);

    metrics.onCall(call("github", "GET", "/repos/{owner}/{repo}/issues", 200, 40, 1, null));
    metrics.onCall(call("github", "GET", "/repos/{owner}/{repo}/issues", 200, 300, 1, null));
    metrics.onCall(call("github", "GET", "/repos/{owner}/{repo}/issues", 503, 20, 1, ErrorCategory.TRANSIENT));
    metrics.onCall(call("github", "GET", "/repos/{owner}/{repo}/issues", 200, 30, 2, null));

    assertThat(registry.get(MetricNames.HTTP_CALLS).tags("connection", "github", "method", "GET",
        "uri", "/repos/{owner}/{repo}/issues", "status", "200", "outcome", "SUCCESS").counter().count()).isEqualTo(3);
    assertThat(registry.get(MetricNames.HTTP_CALLS).tags("status", "503", "outcome", "SERVER_ERROR").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MetricNames.HTTP_ERRORS).tags("connection", "github", "category", "TRANSIENT").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.HTTP_RETRIES).tags("connection", "github", "category", "TRANSIENT").counter()
        .count()).isEqualTo(1);
    Timer latency = registry.get(MetricNames.HTTP_LATENCY).tags("connection", "github", "method", "GET",
        "uri", "/repos/{owner}/{repo}/issues").timer();
    assertThat(latency.count()).isEqualTo(4);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(390);
    assertThat(bucket(latency, Duration.ofMillis(25))).isEqualTo(1);
    assertThat(bucket(latency, Duration.ofMillis(50))).isEqualTo(3);
    assertThat(bucket(latency, Duration.ofMillis(500))).isEqualTo(4);
    assertThat(latency.getId().getDescription()).isNotBlank();
  }

  @Test
  void itemPassAndWorkflowCountersAppearWithTheirTags() {
    new IntegrationAgentMetrics(metrics).bindTo(registry);

    metrics.handle(event(EventTypes.ITEM_CREATED));
    metrics.handle(event(EventTypes.ITEM_PARKED, "category", "VALIDATION", "reason", "title is required"));
    metrics.handle(event(EventTypes.CONFLICT_DETECTED, "field", "title"));
    metrics.handle(event(EventTypes.PASS_STARTED));
    metrics.handle(event(EventTypes.PASS_FINISHED, "created", "1", "updated", "0", "unchanged", "4", "failed", "0"));
    metrics.handle(event(EventTypes.WORKFLOW_STEP, "workflow", "triage", "kind", "action", "action", "addLabel",
        "outcome", "done", "execution", "e-77"));

    assertThat(registry.get(MetricNames.ITEMS_WRITTEN).tags("plan", "github-jira", "connection", "jira",
        "operation", "created").counter().count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.ITEMS_PARKED).tags("category", "VALIDATION").counter().count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.CONFLICTS).tags("plan", "github-jira", "outcome", "detected").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MetricNames.PASSES).tags("plan", "github-jira", "outcome", "finished").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MetricNames.PASS_DURATION).tags("plan", "github-jira", "outcome", "finished").timer()
        .count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.ITEMS_READ).tags("plan", "github-jira").counter().count()).isEqualTo(5);
    assertThat(registry.get(MetricNames.ITEMS_ECHOES).tags("plan", "github-jira").counter().count()).isEqualTo(4);
    assertThat(registry.get(MetricNames.WORKFLOW_STEPS).tags("workflow", "triage", "type", "addLabel", "outcome", "done")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void observationsBeforeBindingAreRegisteredWithTheirCountsTotalsAndBuckets() {
    metrics.onCall(call("jira", "POST", "/rest/api/3/issue", 201, 3, 1, null));
    metrics.onCall(call("jira", "POST", "/rest/api/3/issue", 201, 70, 1, null));
    metrics.onCall(call("jira", "POST", "/rest/api/3/issue", 201, 80, 1, null));
    metrics.onCall(call("jira", "POST", "/rest/api/3/issue", 201, 15_000, 1, null));

    new IntegrationAgentMetrics(metrics).bindTo(registry);
    metrics.onCall(call("jira", "POST", "/rest/api/3/issue", 201, 7, 1, null));

    assertThat(registry.get(MetricNames.HTTP_CALLS).tags("connection", "jira", "status", "201").counter().count())
        .isEqualTo(5);
    Timer latency = registry.get(MetricNames.HTTP_LATENCY).tags("connection", "jira").timer();
    assertThat(latency.count()).isEqualTo(5);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(3 + 70 + 80 + 15_000 + 7, within(0.01));
    assertThat(bucket(latency, Duration.ofMillis(5))).isEqualTo(1);
    assertThat(bucket(latency, Duration.ofMillis(10))).isEqualTo(2);
    assertThat(bucket(latency, Duration.ofMillis(50))).isEqualTo(2);
    assertThat(bucket(latency, Duration.ofMillis(100))).isEqualTo(4);
    assertThat(bucket(latency, Duration.ofSeconds(10))).isEqualTo(4);
  }

  @Test
  void gaugesAndTheRateWaitsReadTheSnapshotWhenTheRegistryAsks() {
    new IntegrationAgentMetrics(metrics).bindTo(registry);
    pressure.put("jira", new ConnectionPressure("OPEN", 40, 100, null, 2, Duration.ofSeconds(3)));
    lag.put("github-jira", Duration.ofSeconds(95));
    metrics.onCall(call("jira", "GET", "/rest/api/3/search", 200, 10, 1, null));
    metrics.handle(event(EventTypes.PASS_FINISHED, "created", "0"));

    assertThat(registry.get(MetricNames.HTTP_CIRCUIT_STATE).tags("connection", "jira").gauge().value()).isEqualTo(2);
    assertThat(registry.get(MetricNames.HTTP_RATE_REMAINING).tags("connection", "jira").gauge().value()).isEqualTo(40);
    assertThat(registry.get(MetricNames.HTTP_RATE_HEADROOM).tags("connection", "jira").gauge().value()).isEqualTo(0.4);
    assertThat(registry.get(MetricNames.HTTP_RATE_WAITS).tags("connection", "jira").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get(MetricNames.HTTP_RATE_WAIT_TIME).tags("connection", "jira").functionTimer()
        .totalTime(TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(registry.get(MetricNames.PLAN_LAG).tags("plan", "github-jira").gauge().value()).isEqualTo(95);

    pressure.put("jira", new ConnectionPressure("CLOSED", 90, 100, null, 2, Duration.ofSeconds(3)));
    registryClock.add(IntegrationAgentMetrics.SNAPSHOT_MAX_AGE);
    assertThat(registry.get(MetricNames.HTTP_CIRCUIT_STATE).tags("connection", "jira").gauge().value()).isEqualTo(0);
    assertThat(registry.get(MetricNames.HTTP_RATE_REMAINING).tags("connection", "jira").gauge().value()).isEqualTo(90);
  }

  @Test
  void noTagValueIsAnItemIdARunIdAUrlOrAMessage() {
    new IntegrationAgentMetrics(metrics).bindTo(registry);
    metrics.onCall(call("redmine", "GET", "/issues.json?key=s3cret-api-key", 200, 10, 1, null));
    metrics.onCall(call("redmine", "GET", "https://redmine.example/issues.json?page=2", 200, 10, 1, null));
    metrics.handle(event(EventTypes.ITEM_FAILED, "category", "TRANSIENT", "reason", "GET /issues/1042.json answered 503"));
    metrics.handle(event(EventTypes.ITEM_UPDATED));
    metrics.handle(event(EventTypes.WORKFLOW_STARTED, "workflow", "triage", "execution", "e-77"));

    assertThat(registry.getMeters()).extracting(Meter::getId).isNotEmpty();
    assertThat(registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).map(Tag::getValue))
        .noneMatch(v -> v.contains("1042") || v.contains("2b1f0c52") || v.contains("://") || v.contains("s3cret")
            || v.contains("e-77") || v.contains(" "));
    assertThat(registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).map(Tag::getKey).distinct()
        .filter(k -> !k.equals("le"))) // the registry's own tag of a histogram bucket
        .allMatch(k -> java.util.Set.of("connection", "method", "uri", "status", "outcome", "category", "plan",
            "workflow", "type", "operation").contains(k));
  }

  @Test
  void oneAgentBoundToTwoRegistriesFeedsBoth() {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    IntegrationAgentMetrics binder = new IntegrationAgentMetrics(metrics);
    binder.bindTo(registry);
    binder.bindTo(other);

    metrics.onCall(call("github", "GET", "/issues", 200, 10, 1, null));

    assertThat(registry.get(MetricNames.HTTP_CALLS).counter().count()).isEqualTo(1);
    assertThat(other.get(MetricNames.HTTP_CALLS).counter().count()).isEqualTo(1);
  }

  private static double bucket(Timer timer, Duration le) {
    for (CountAtBucket b : timer.takeSnapshot().histogramCounts()) {
      if (b.bucket(TimeUnit.NANOSECONDS) == le.toNanos()) {
        return b.count();
      }
    }
    throw new AssertionError("no bucket " + le + " in " + timer.getId());
  }
}
