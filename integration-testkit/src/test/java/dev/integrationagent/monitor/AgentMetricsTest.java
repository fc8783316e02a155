package dev.integrationagent.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.http.ConnectionPressure;
import dev.integrationagent.http.HttpCallEvent;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.junit.jupiter.api.Test;

/** What {@link AgentMetrics} counts from HTTP attempts and events, and what a snapshot shows. */
class AgentMetricsTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final Map<String, ConnectionPressure> pressure = new HashMap<>();
  private final Map<String, Duration> lag = new HashMap<>();
  private final AgentMetrics metrics = new AgentMetrics(clock, id -> Optional.ofNullable(pressure.get(id)), () -> lag);

  private HttpCallEvent call(String connection, String method, String template, int status, long millis,
      int attempt, @Nullable ErrorCategory category) {
    return new HttpCallEvent(clock.instant(), connection, method, template, status, Duration.ofMillis(millis), attempt,
        category, false, "github-jira", "run-1");
  }

  private HttpCallEvent ok(String connection, String template, long millis) {
    return call(connection, "GET", template, 200, millis, 1, null);
  }

  private ChangeEvent event(String type, ChangeEvent.Origin origin, String... attributes) {
    ChangeEvent.Builder b = ChangeEvent.builder(type, origin, clock.instant()).plan("github-jira").run("run-1")
        .connection("jira").item("APP-17");
    for (int i = 0; i < attributes.length; i += 2) {
      b.attribute(attributes[i], attributes[i + 1]);
    }
    return b.build();
  }

  @Test
  void countsCallsPerConnectionOperationAndStatus() {
    metrics.onCall(ok("github", "/repos/{owner}/{repo}/issues", 20));
    metrics.onCall(ok("github", "/repos/{owner}/{repo}/issues", 30));
    metrics.onCall(call("github", "PATCH", "/repos/{owner}/{repo}/issues/{number}", 422, 40, 1,
        ErrorCategory.VALIDATION));
    metrics.onCall(ok("jira", "/rest/api/3/search", 50));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.at()).isEqualTo(clock.instant());
    assertThat(s.counter(MetricNames.HTTP_CALLS, "connection", "github", "method", "GET",
        "uri", "/repos/{owner}/{repo}/issues", "status", "200", "outcome", "SUCCESS")).isEqualTo(2);
    assertThat(s.counter(MetricNames.HTTP_CALLS, "connection", "github", "status", "422", "outcome", "CLIENT_ERROR"))
        .isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_CALLS, "connection", "github")).isEqualTo(3);
    assertThat(s.counter(MetricNames.HTTP_CALLS)).isEqualTo(4);
    assertThat(s.find(MetricNames.HTTP_CALLS, "connection", "github").get(0).id().tags().keySet())
        .containsExactly("connection", "method", "outcome", "status", "uri");
  }

  @Test
  void anAttemptWithoutAResponseHasStatusIoErrorAndAUrlNeverBecomesATag() {
    metrics.onCall(call("redmine", "GET", "/issues.json?key=s3cret&id=17", 0, 10, 1, ErrorCategory.TRANSIENT));
    metrics.onCall(call("redmine", "GET", "https://redmine.example/issues.json?page=2", 200, 10, 1, null));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.counter(MetricNames.HTTP_CALLS, "uri", "/issues.json", "status", "IO_ERROR", "outcome", "UNKNOWN"))
        .isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_CALLS, "uri", "other", "status", "200")).isEqualTo(1);
    assertThat(s.series()).flatExtracting(series -> series.id().tags().values())
        .noneMatch(v -> v.contains("s3cret") || v.contains("://") || v.contains("17"));
  }

  @Test
  void latencyLandsInTheBucketOfItsUpperBoundWithCountTotalAndMax() {
    metrics.onCall(ok("github", "/issues", 3));
    metrics.onCall(ok("github", "/issues", 7));
    metrics.onCall(ok("github", "/issues", 10));
    metrics.onCall(ok("github", "/issues", 700));
    metrics.onCall(ok("github", "/issues", 12_000));

    MetricsSnapshot.Series latency = metrics.snapshot()
        .timer(MetricNames.HTTP_LATENCY, "connection", "github", "method", "GET", "uri", "/issues").orElseThrow();

    assertThat(latency.count()).isEqualTo(5);
    assertThat(latency.total()).isEqualTo(Duration.ofMillis(3 + 7 + 10 + 700 + 12_000));
    assertThat(latency.max()).isEqualTo(Duration.ofSeconds(12));
    assertThat(latency.buckets()).extracting(MetricsSnapshot.Bucket::le).isEqualTo(AgentMetrics.BUCKETS);
    assertThat(latency.countAtMost(Duration.ofMillis(5))).isEqualTo(1);
    assertThat(latency.countAtMost(Duration.ofMillis(10))).isEqualTo(3); // a bound is inclusive
    assertThat(latency.countAtMost(Duration.ofMillis(500))).isEqualTo(3);
    assertThat(latency.countAtMost(Duration.ofSeconds(1))).isEqualTo(4);
    assertThat(latency.countAtMost(Duration.ofSeconds(10))).isEqualTo(4); // 12 s is only in +inf
  }

  @Test
  void countsErrorsByCategoryAndRetriesByTheCategoryOfTheAttemptTheyRepeat() {
    metrics.onCall(call("jira", "GET", "/search", 503, 10, 1, ErrorCategory.TRANSIENT));
    metrics.onCall(call("jira", "GET", "/search", 429, 10, 2, ErrorCategory.RATE_LIMITED));
    metrics.onCall(call("jira", "GET", "/search", 200, 10, 3, null));
    metrics.onCall(call("jira", "GET", "/issue/{key}", 404, 10, 1, ErrorCategory.NOT_FOUND));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.counter(MetricNames.HTTP_ERRORS, "connection", "jira", "category", "TRANSIENT")).isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_ERRORS, "connection", "jira", "category", "RATE_LIMITED")).isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_ERRORS, "connection", "jira", "category", "NOT_FOUND")).isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_RETRIES, "connection", "jira", "category", "TRANSIENT")).isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_RETRIES, "connection", "jira", "category", "RATE_LIMITED")).isEqualTo(1);
    assertThat(s.counter(MetricNames.HTTP_RETRIES)).isEqualTo(2);
  }

  @Test
  void pressureGaugesComeFromThePipelineWhenASnapshotIsTaken() {
    metrics.onCall(ok("github", "/issues", 10));
    metrics.onCall(ok("jira", "/search", 10));
    pressure.put("github", new ConnectionPressure("CLOSED", 1200, 5000, clock.instant().plusSeconds(60), 3,
        Duration.ofMillis(1500)));
    pressure.put("jira", new ConnectionPressure("OPEN", -1, -1, null, 0, Duration.ZERO));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.gauge(MetricNames.HTTP_RATE_REMAINING, "connection", "github")).hasValue(1200);
    assertThat(s.gauge(MetricNames.HTTP_RATE_HEADROOM, "connection", "github")).hasValue(0.24);
    assertThat(s.gauge(MetricNames.HTTP_CIRCUIT_STATE, "connection", "github")).hasValue(0);
    assertThat(s.counter(MetricNames.HTTP_RATE_WAITS, "connection", "github")).isEqualTo(3);
    assertThat(s.timer(MetricNames.HTTP_RATE_WAIT_TIME, "connection", "github").orElseThrow().total())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(s.gauge(MetricNames.HTTP_CIRCUIT_STATE, "connection", "jira")).hasValue(2);
    assertThat(s.gauge(MetricNames.HTTP_RATE_REMAINING, "connection", "jira")).isEmpty(); // the tool never said

    pressure.put("jira", new ConnectionPressure("HALF_OPEN", 10, 100, null, 0, Duration.ZERO));
    assertThat(metrics.snapshot().gauge(MetricNames.HTTP_CIRCUIT_STATE, "connection", "jira")).hasValue(1);
  }

  @Test
  void aFailingPressureFunctionLeavesTheOtherSeriesInTheSnapshot() {
    AgentMetrics failing = new AgentMetrics(clock, id -> {
      throw new IllegalStateException("pipeline closed");
    }, () -> {
      throw new IllegalStateException("store closed");
    });
    failing.onCall(ok("github", "/issues", 10));

    MetricsSnapshot s = failing.snapshot();

    assertThat(s.counter(MetricNames.HTTP_CALLS)).isEqualTo(1);
    assertThat(s.find(MetricNames.HTTP_CIRCUIT_STATE)).isEmpty();
  }

  @Test
  void countsItemsWrittenFailedAndParkedFromEvents() {
    metrics.handle(event(EventTypes.ITEM_CREATED, ChangeEvent.Origin.AGENT, "marker", "m-1"));
    metrics.handle(event(EventTypes.ITEM_CREATED, ChangeEvent.Origin.TOOL)); // seen, not written
    metrics.handle(event(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT));
    metrics.handle(event(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT));
    metrics.handle(event(EventTypes.ITEM_DELETED, ChangeEvent.Origin.AGENT));
    metrics.handle(event(EventTypes.COMMENT_COPIED, ChangeEvent.Origin.AGENT, "source", "github:c-9"));
    metrics.handle(event(EventTypes.ITEM_FAILED, ChangeEvent.Origin.AGENT, "category", "TRANSIENT",
        "reason", "jira: GET /issue/APP-17 answered 503"));
    metrics.handle(event(EventTypes.ITEM_PARKED, ChangeEvent.Origin.AGENT, "category", "VALIDATION"));
    metrics.handle(event(EventTypes.CONFLICT_DETECTED, ChangeEvent.Origin.AGENT, "field", "title"));
    metrics.handle(event(EventTypes.CONFLICT_RESOLVED, ChangeEvent.Origin.AGENT, "field", "title"));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.counter(MetricNames.ITEMS_WRITTEN, "plan", "github-jira", "connection", "jira",
        "operation", "created")).isEqualTo(1);
    assertThat(s.counter(MetricNames.ITEMS_WRITTEN, "operation", "updated")).isEqualTo(2);
    assertThat(s.counter(MetricNames.ITEMS_WRITTEN, "operation", "deleted")).isEqualTo(1);
    assertThat(s.counter(MetricNames.ITEMS_WRITTEN, "operation", "commented")).isEqualTo(1);
    assertThat(s.counter(MetricNames.ITEMS_FAILED, "plan", "github-jira", "category", "TRANSIENT")).isEqualTo(1);
    assertThat(s.counter(MetricNames.ITEMS_PARKED, "connection", "jira", "category", "VALIDATION")).isEqualTo(1);
    assertThat(s.counter(MetricNames.CONFLICTS, "plan", "github-jira", "outcome", "detected")).isEqualTo(1);
    assertThat(s.counter(MetricNames.CONFLICTS, "plan", "github-jira", "outcome", "resolved")).isEqualTo(1);
    assertThat(s.series()).flatExtracting(series -> series.id().tags().values())
        .doesNotContain("APP-17", "run-1", "m-1", "github:c-9").noneMatch(v -> v.contains("503"));
  }

  @Test
  void aPassCountsItsOutcomeDurationAndItemsReadAndEchoedFromItsEndEvent() {
    metrics.handle(event(EventTypes.PASS_STARTED, ChangeEvent.Origin.AGENT));
    clock.advance(Duration.ofMillis(1800));
    metrics.handle(event(EventTypes.PASS_FINISHED, ChangeEvent.Origin.AGENT, "created", "2", "updated", "3",
        "unchanged", "10", "failed", "0", "conflicts", "0"));
    ChangeEvent started = ChangeEvent.builder(EventTypes.PASS_STARTED, ChangeEvent.Origin.AGENT, clock.instant())
        .plan("github-jira").run("run-2").build();
    metrics.handle(started);
    clock.advance(Duration.ofSeconds(30));
    metrics.handle(ChangeEvent.builder(EventTypes.PASS_FAILED, ChangeEvent.Origin.AGENT, clock.instant())
        .plan("github-jira").run("run-2").attribute("created", "0").attribute("updated", "0")
        .attribute("unchanged", "1").attribute("failed", "2").build());

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.counter(MetricNames.PASSES, "plan", "github-jira", "outcome", "finished")).isEqualTo(1);
    assertThat(s.counter(MetricNames.PASSES, "plan", "github-jira", "outcome", "failed")).isEqualTo(1);
    MetricsSnapshot.Series finished = s.timer(MetricNames.PASS_DURATION, "outcome", "finished").orElseThrow();
    assertThat(finished.total()).isEqualTo(Duration.ofMillis(1800));
    assertThat(finished.countAtMost(Duration.ofMillis(2500))).isEqualTo(1);
    assertThat(s.timer(MetricNames.PASS_DURATION, "outcome", "failed").orElseThrow().max())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(s.counter(MetricNames.ITEMS_READ, "plan", "github-jira")).isEqualTo(15 + 3);
    assertThat(s.counter(MetricNames.ITEMS_ECHOES, "plan", "github-jira")).isEqualTo(11);
  }

  @Test
  void countsWorkflowRunsAndStepsByTypeAndOutcome() {
    metrics.handle(event(EventTypes.WORKFLOW_STARTED, ChangeEvent.Origin.AGENT, "workflow", "triage",
        "execution", "e-1"));
    metrics.handle(event(EventTypes.WORKFLOW_STEP, ChangeEvent.Origin.AGENT, "workflow", "triage", "execution", "e-1",
        "step", "n1#1", "node", "n1", "kind", "condition", "outcome", "done"));
    metrics.handle(event(EventTypes.WORKFLOW_STEP, ChangeEvent.Origin.AGENT, "workflow", "triage", "execution", "e-1",
        "step", "n2#1", "node", "n2", "kind", "action", "action", "createItem", "outcome", "failed",
        "category", "TRANSIENT", "reason", "jira answered 503"));
    metrics.handle(event(EventTypes.WORKFLOW_STEP, ChangeEvent.Origin.AGENT, "workflow", "triage", "execution", "e-1",
        "step", "n2#2", "node", "n2", "kind", "action", "action", "createItem", "outcome", "done"));
    metrics.handle(event(EventTypes.WORKFLOW_FINISHED, ChangeEvent.Origin.AGENT, "workflow", "triage"));
    metrics.handle(event(EventTypes.WORKFLOW_FAILED, ChangeEvent.Origin.AGENT, "workflow", "triage"));
    metrics.handle(event(EventTypes.WORKFLOW_STOPPED, ChangeEvent.Origin.AGENT, "workflow", "triage",
        "reason", "over its rate cap"));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.counter(MetricNames.WORKFLOW_RUNS, "workflow", "triage", "outcome", "started")).isEqualTo(1);
    assertThat(s.counter(MetricNames.WORKFLOW_RUNS, "workflow", "triage", "outcome", "finished")).isEqualTo(1);
    assertThat(s.counter(MetricNames.WORKFLOW_RUNS, "workflow", "triage", "outcome", "failed")).isEqualTo(1);
    assertThat(s.counter(MetricNames.WORKFLOW_RUNS, "workflow", "triage", "outcome", "stopped")).isEqualTo(1);
    assertThat(s.counter(MetricNames.WORKFLOW_STEPS, "workflow", "triage", "type", "condition", "outcome", "done"))
        .isEqualTo(1);
    assertThat(s.counter(MetricNames.WORKFLOW_STEPS, "type", "createItem", "outcome", "failed")).isEqualTo(1);
    assertThat(s.counter(MetricNames.WORKFLOW_STEPS, "type", "createItem")).isEqualTo(2);
    assertThat(s.series()).flatExtracting(series -> series.id().tags().values())
        .doesNotContain("e-1", "n2#1", "n2");
  }

  @Test
  void theLagGaugeReadsEachPlansLagInSecondsAtSnapshotTime() {
    lag.put("github-jira", Duration.ofMillis(90_500));
    lag.put("jira-redmine", Duration.ZERO);

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.gauge(MetricNames.PLAN_LAG, "plan", "github-jira")).hasValue(90.5);
    assertThat(s.gauge(MetricNames.PLAN_LAG, "plan", "jira-redmine")).hasValue(0);
    lag.put("github-jira", Duration.ofSeconds(2));
    assertThat(metrics.snapshot().gauge(MetricNames.PLAN_LAG, "plan", "github-jira")).hasValue(2);
  }

  @Test
  void seriesPastTheCapAreFoldedIntoOtherAndStillCounted() {
    AgentMetrics capped = new AgentMetrics(clock, id -> Optional.empty(), Map::of, 3);
    for (int i = 0; i < 10; i++) {
      capped.onCall(ok("github", "/items/" + i, 10)); // a template filled in by mistake
    }

    MetricsSnapshot s = capped.snapshot();

    assertThat(s.find(MetricNames.HTTP_CALLS)).hasSize(4);
    assertThat(s.counter(MetricNames.HTTP_CALLS, "connection", "other", "method", "other", "uri", "other",
        "status", "other", "outcome", "other")).isEqualTo(7);
    assertThat(s.counter(MetricNames.HTTP_CALLS)).isEqualTo(10);
    assertThat(s.timer(MetricNames.HTTP_LATENCY, "uri", "other").orElseThrow().count()).isEqualTo(7);
  }

  @Test
  void theCapMustBeAtLeastOne() {
    assertThatThrownBy(() -> new AgentMetrics(clock, id -> Optional.empty(), Map::of, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }

  @Test
  void fourThreadsCountingAtOnceLoseNoCall() throws Exception {
    int perThread = 25_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String connection = t % 2 == 0 ? "github" : "jira";
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          metrics.onCall(ok(connection, "/issues", i % 100));
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.counter(MetricNames.HTTP_CALLS)).isEqualTo(4L * perThread);
    assertThat(s.counter(MetricNames.HTTP_CALLS, "connection", "github")).isEqualTo(2L * perThread);
    assertThat(s.timer(MetricNames.HTTP_LATENCY).orElseThrow().count()).isEqualTo(4L * perThread);
    assertThat(s.timer(MetricNames.HTTP_LATENCY).orElseThrow().max()).isEqualTo(Duration.ofMillis(99));
  }

  @Test
  void aRecorderSeesEachNewSeriesAndEveryObservation() {
    List<String> seen = new ArrayList<>();
    MetricsRecorder recorder = new MetricsRecorder() {
      @Override
      public void seriesAdded(MetricId id, MetricsSnapshot.Kind kind) {
        seen.add("added " + id + " " + kind);
      }

      @Override
      public void counted(MetricId id, long amount) {
        seen.add("counted " + id + " " + amount);
      }

      @Override
      public void timed(MetricId id, Duration duration) {
        seen.add("timed " + id + " " + duration.toMillis());
      }
    };
    metrics.addRecorder(recorder);

    metrics.onCall(ok("github", "/issues", 42));
    metrics.onCall(ok("github", "/issues", 7));

    assertThat(seen).contains(
        "added integration.http.calls{connection=github,method=GET,outcome=SUCCESS,status=200,uri=/issues} COUNTER",
        "counted integration.http.calls{connection=github,method=GET,outcome=SUCCESS,status=200,uri=/issues} 1",
        "timed integration.http.latency{connection=github,method=GET,uri=/issues} 42",
        "timed integration.http.latency{connection=github,method=GET,uri=/issues} 7",
        "added integration.http.circuit.state{connection=github} GAUGE");
    assertThat(seen).filteredOn(line -> line.startsWith("added integration.http.calls")).hasSize(1);
    assertThat(metrics.removeRecorder(recorder)).isTrue();
    seen.clear();
    metrics.onCall(ok("github", "/issues", 1));
    assertThat(seen).isEmpty();
  }

  @Test
  void aFailingRecorderDoesNotStopCounting() {
    metrics.addRecorder(new MetricsRecorder() {
      @Override
      public void counted(MetricId id, long amount) {
        throw new IllegalStateException("registry closed");
      }

      @Override
      public void timed(MetricId id, Duration duration) {
        throw new IllegalStateException("registry closed");
      }
    });

    metrics.onCall(ok("github", "/issues", 1));
    metrics.onCall(ok("github", "/issues", 1));

    assertThat(metrics.snapshot().counter(MetricNames.HTTP_CALLS)).isEqualTo(2);
  }

  @Test
  void aRealPassOfAnAgentIsCountedFromItsEventStream() {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    MetricsSnapshot s;
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b").twoWay()).build()) {
      a.add(WorkItem.builder().title("Login fails").build());
      a.add(WorkItem.builder().title("Export is slow").build());

      agent.syncNow("a-b");
      agent.syncNow("a-b"); // the created items come back from b as the agent's own echo
      s = agent.metrics().snapshot(); // the agent's own metrics: synchronous calls return counted
    }

    assertThat(s.counter(MetricNames.ITEMS_WRITTEN, "plan", "a-b", "connection", "b", "operation", "created"))
        .isEqualTo(2);
    assertThat(s.counter(MetricNames.PASSES, "plan", "a-b", "outcome", "finished")).isEqualTo(2);
    assertThat(s.timer(MetricNames.PASS_DURATION, "plan", "a-b").orElseThrow().count()).isEqualTo(2);
    assertThat(s.counter(MetricNames.ITEMS_READ, "plan", "a-b")).isGreaterThanOrEqualTo(2);
    assertThat(s.counter(MetricNames.ITEMS_ECHOES, "plan", "a-b")).as("b's copies read back as the agent's own")
        .isEqualTo(2);
    assertThat(s.series()).flatExtracting(series -> series.id().tags().values())
        .allMatch(v -> List.of("a-b", "a", "b", "none", "created", "finished").contains(v), "a configured id or a fixed word");
  }

  @Test
  void snapshotsAreSortedByNameAndTags() {
    metrics.onCall(ok("jira", "/search", 1));
    metrics.onCall(ok("github", "/issues", 1));
    metrics.handle(event(EventTypes.ITEM_PARKED, ChangeEvent.Origin.AGENT, "category", "VALIDATION"));

    List<String> ids = metrics.snapshot().series().stream().map(series -> series.id().toString()).toList();

    assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparing((String id) -> id.substring(0, id.indexOf('{')))
        .thenComparing(id -> id));
    assertThat(ids.get(0)).startsWith("integration.http.calls{connection=github");
    assertThat(Instant.parse("2026-01-05T10:00:00Z")).isEqualTo(metrics.snapshot().at());
  }
}
