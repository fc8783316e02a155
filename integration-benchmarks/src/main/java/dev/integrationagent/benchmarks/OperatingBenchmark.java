package dev.integrationagent.benchmarks;

import dev.integrationagent.Auth;
import dev.integrationagent.AuditSinks;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.audit.AuditQuery;
import dev.integrationagent.audit.JdbcAuditSink;
import dev.integrationagent.connectors.github.GitHubConnector;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.monitor.MetricNames;
import dev.integrationagent.store.JdbcStateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.ForwardingStateStore;
import dev.integrationagent.testkit.InMemoryConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * What operating an agent costs a pass: metrics, the audit trail (a hash-chained JSON Lines file
 * and the JDBC sink in the store's H2 database), an alert sink and a health check, against the
 * same pass without them. Two scenarios on the embedded H2 store ({@code StateStores.h2}): a
 * two-way sync between in-memory trackers (no network: the worst case for the overhead) and
 * GitHub into Jira over HTTP against {@code FakeGitHub} and {@code FakeJira} on loopback. Each
 * scenario times the initial pass (N items created on side A) and an update pass (every item
 * edited on A) of one agent, for each variant:
 *
 * <ul>
 *   <li>{@code bare}: {@code metrics(false)}, no audit or alert sink;
 *   <li>{@code metrics}: metrics on (the default), no sink;
 *   <li>{@code jsonl}, {@code jdbc}: metrics and that one audit sink (to see where the audit's time goes);
 *   <li>{@code jdbc500}: metrics and the JDBC sink buffering 500 records a transaction
 *       ({@code JdbcAuditSink.open(dataSource, 500)}, which a crash can lose; "written" counts the
 *       rows, which flushes it): a bound on what writing a whole delivery in one transaction would give;
 *   <li>{@code full}: metrics, both audit sinks, an alert sink, and {@code agent.health()} after the pass.
 * </ul>
 *
 * <p>Variants are alternated (their order rotated every round), the first round warms the JIT and
 * is dropped, and medians are reported with their ratio to {@code bare}, beside the median and
 * quartiles of each round's own ratio to {@code bare} (the robust figure on a noisy machine; see
 * {@code RoundRatios}). Audit sinks run on their
 * own threads and {@code syncNow} waits (up to {@code auditWait}, 5 s) for them, so "pass" includes
 * writing the audit as far as that wait goes; "written" is the time until the JSON Lines file holds
 * one line per event and the table one row per event. Also per change: HTTP calls (counted by the
 * fakes; by {@code agent.metrics()} in brackets), audit records and JSON Lines bytes; and the heap
 * used after the pass, after a GC.
 *
 * <pre>{@code
 * java -Xmx1g -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.OperatingBenchmark 300 100 9 10   # in-memory items, HTTP items, measured rounds, fakes' latency in ms
 * }</pre>
 *
 * <p>On loopback the fakes answer in well under a millisecond, far faster than a vendor's cloud API
 * over the internet; the fourth argument makes each answer wait that long (FakeServer.latency),
 * which puts the agent's own work in proportion to a pass against real tools.
 *
 * <p>That takes about 9 minutes on 2 cores. The column "by round" shows the
 * noise: on a shared machine read the ratios of the same round as well as the ratio of the medians.
 */
public final class OperatingBenchmark {
  private OperatingBenchmark() {}

  enum Variant {
    BARE(false, false, false, false, 0),
    METRICS(true, false, false, false, 0),
    JSONL(true, true, false, false, 0),
    JDBC(true, false, true, false, 1),
    /** Not a configuration to run: a bound on what batching the JDBC sink's writes per delivery would give. */
    JDBC500(true, false, true, false, 500),
    FULL(true, true, true, true, 1);

    final boolean metrics;
    final boolean jsonl;
    final boolean jdbc;
    final boolean alertsAndHealth;
    final int jdbcBatch;

    Variant(boolean metrics, boolean jsonl, boolean jdbc, boolean alertsAndHealth, int jdbcBatch) {
      this.metrics = metrics;
      this.jsonl = jsonl;
      this.jdbc = jdbc;
      this.alertsAndHealth = alertsAndHealth;
      this.jdbcBatch = jdbcBatch;
    }
  }

  /** One pass of one variant: what the table shows. */
  record Pass(double seconds, double writtenSeconds, int changes, long httpCalls, long metricCalls,
      long auditRecords, long jsonlBytes, long heapBytes) {}

  private static final Duration AUDIT_TIMEOUT = Duration.ofMinutes(2);
  /** How long the fakes take to answer each call (the fourth argument, in ms; 0 by default). */
  private static Duration latency = Duration.ZERO;

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int httpItems = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    latency = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 0);
    Path dir = Files.createTempDirectory("operating-benchmark");
    System.out.printf("OperatingBenchmark: %d in-memory items, %d over HTTP, %d measured rounds (+1 warm-up), "
        + "-Xmx %d MB, %d cores%n", items, httpItems, rounds, PeakHeap.maxMegabytes(),
        Runtime.getRuntime().availableProcessors());
    run("in-memory two-way, H2", items, rounds, dir, false);
    run("GitHub->Jira over HTTP" + (latency.isZero() ? "" : " (fakes answer in " + latency.toMillis() + " ms)")
        + ", H2", httpItems, rounds, dir, true);
    System.out.printf("peak heap (sum of pool peaks): %d MB with -Xmx %d MB%n", PeakHeap.megabytes(),
        PeakHeap.maxMegabytes());
  }

  private static void run(String scenario, int n, int rounds, Path dir, boolean overHttp) throws IOException {
    Map<Variant, List<Pass[]>> results = new EnumMap<>(Variant.class);
    Variant[] variants = Variant.values();
    for (int round = 0; round <= rounds; round++) {
      for (int k = 0; k < variants.length; k++) {
        Variant v = variants[(k + round) % variants.length];
        Path home = Files.createTempDirectory(dir, v.name().toLowerCase());
        Pass[] passes = overHttp ? overHttp(v, home, n) : inMemory(v, home, n);
        if (round > 0) { // the first round warms the JIT
          results.computeIfAbsent(v, x -> new ArrayList<>()).add(passes);
        }
      }
      System.out.printf("  %s: round %d of %d done%n", scenario, round, rounds);
    }
    print(scenario, n, results);
  }

  private static Pass[] inMemory(Variant v, Path home, int n) {
    InMemoryConnector a = InMemoryConnector.builder().name("a").build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").build();
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(a.add(WorkItem.builder().title("Item " + i).description("Body of item " + i)
          .status(Status.of("Open", StatusCategory.TODO)).labels(List.of("bench")).build()));
    }
    StateStore store = StateStores.h2(home.resolve("agent"));
    Audit audit = new Audit(v, home, store);
    try (IntegrationAgent agent = builder(v, store, audit).connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").twoWay().pageSize(100)).build()) {
      Pass initial = pass(v, agent, "a-b", store, audit, null, n, true);
      for (int i = 0; i < n; i++) {
        int number = i;
        a.edit(ids.get(i), w -> w.toBuilder().title("Item " + number + " edited").build());
      }
      Pass update = pass(v, agent, "a-b", store, audit, null, n, false);
      return new Pass[] {initial, update};
    } finally {
      store.close();
    }
  }

  private static Pass[] overHttp(Variant v, Path home, int n) {
    FakeClock history = FakeClock.at(Instant.now().minus(Duration.ofMinutes(2L * n + 60)));
    try (FakeGitHub github = FakeGitHub.start(history); FakeJira jira = FakeJira.start(Clock.systemUTC())) {
      github.rateLimit(1_000_000, 1_000_000);
      github.latency(latency);
      jira.latency(latency);
      for (int i = 1; i <= n; i++) {
        history.advance(Duration.ofMinutes(1));
        github.createIssue("Issue " + i, "Body of issue " + i + " with **some** text.");
      }
      StateStore store = StateStores.h2(home.resolve("agent"));
      Audit audit = new Audit(v, home, store);
      try (IntegrationAgent agent = builder(v, store, audit)
          .connection("github", GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
              .auth(Auth.bearer(github.token())).minWriteInterval(Duration.ZERO))
          .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
              .auth(Auth.basic(jira.email(), jira.apiToken())))
          .sync(SyncPlan.between("github", "jira").pageSize(100)).build()) {
        Fakes fakes = new Fakes(github, jira);
        Pass initial = pass(v, agent, "github-jira", store, audit, fakes, n, true);
        for (int i = 1; i <= n; i++) {
          history.advance(Duration.ofMinutes(1));
          github.editIssue(i, "Issue " + i + " edited");
        }
        Pass update = pass(v, agent, "github-jira", store, audit, fakes, n, false);
        return new Pass[] {initial, update};
      } finally {
        store.close();
      }
    }
  }

  private static IntegrationAgent.Builder builder(Variant v, StateStore store, Audit audit) {
    IntegrationAgent.Builder b = IntegrationAgent.builder().stateStore(new ForwardingStateStore(store) {
      @Override
      public void close() {} // closed by the benchmark, after the agent has closed its audit sinks
    }).metrics(v.metrics);
    if (audit.jsonl != null) {
      b.audit(AuditSinks.jsonLines(audit.jsonl));
    }
    if (audit.jdbc != null) {
      b.audit(audit.jdbc);
    }
    if (v.alertsAndHealth) {
      b.alerts(alert -> {});
    }
    return b;
  }

  private static Pass pass(Variant v, IntegrationAgent agent, String plan, StateStore store, Audit audit,
      @Nullable Fakes fakes, int n, boolean initial) {
    long records0 = audit.awaitSettled(store); // what the start wrote (config.loaded, the first pass)
    long bytes0 = audit.jsonlBytes();
    long calls0 = fakes == null ? 0 : fakes.calls();
    long metricCalls0 = v.metrics ? agent.metrics().snapshot().counter(MetricNames.HTTP_CALLS) : 0;
    long offset0 = store.lastEventOffset();
    long t0 = System.nanoTime();
    SyncReport report = agent.syncNow(plan);
    if (v.alertsAndHealth) {
      agent.health();
    }
    long t1 = System.nanoTime();
    long expected = records0 + (store.lastEventOffset() - offset0);
    audit.awaitWritten(expected);
    long t2 = System.nanoTime();
    int changes = initial ? report.created() : report.updated();
    if (changes != n) {
      throw new IllegalStateException(v + ": the pass changed " + changes + " items of " + n + ": "
          + report.summary());
    }
    long calls = fakes == null ? 0 : fakes.calls() - calls0;
    long metricCalls = v.metrics ? agent.metrics().snapshot().counter(MetricNames.HTTP_CALLS) - metricCalls0 : 0;
    long records = audit.records() - records0;
    long bytes = audit.jsonlBytes() - bytes0;
    return new Pass((t1 - t0) / 1e9, (t2 - t0) / 1e9, changes, calls, metricCalls, records, bytes, heapAfterGc());
  }

  private static long heapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void print(String scenario, int n, Map<Variant, List<Pass[]>> results) {
    for (int which = 0; which < 2; which++) {
      int w = which;
      System.out.printf("%n%s, %s pass of %d items (median of %d rounds)%n", scenario,
          which == 0 ? "initial" : "update", n, results.get(Variant.BARE).size());
      System.out.printf("%-8s %9s %7s %19s %11s %7s %14s %12s %12s %9s  %s%n", "variant", "pass s", "ratio",
          "round ratio [q1-q3]", "written s", "ratio", "calls/change", "audit/change", "JSONL B/chg", "heap MB",
          "pass s by round (ratio to bare's)");
      double bare = median(results.get(Variant.BARE), p -> p[w].seconds());
      double bareWritten = median(results.get(Variant.BARE), p -> p[w].writtenSeconds());
      for (Variant v : Variant.values()) {
        List<Pass[]> runs = results.get(v);
        double s = median(runs, p -> p[w].seconds());
        double written = median(runs, p -> p[w].writtenSeconds());
        Pass last = runs.get(runs.size() - 1)[w];
        String calls = last.httpCalls() == 0 && last.metricCalls() == 0 ? "-"
            : v.metrics ? String.format("%.2f [%.2f]", (double) last.httpCalls() / last.changes(),
                (double) last.metricCalls() / last.changes())
            : String.format("%.2f", (double) last.httpCalls() / last.changes());
        StringBuilder byRound = new StringBuilder();
        for (int r = 0; r < runs.size(); r++) {
          double bareRound = results.get(Variant.BARE).get(r)[w].seconds();
          byRound.append(String.format(" %.2f(%.2f)", runs.get(r)[w].seconds(), runs.get(r)[w].seconds() / bareRound));
        }
        RoundRatios ratios = RoundRatios.of(runs.stream().map(p -> p[w].seconds()).toList(),
            results.get(Variant.BARE).stream().map(p -> p[w].seconds()).toList());
        System.out.printf("%-8s %9.3f %7.3f %19s %11.3f %7.3f %14s %12s %12s %9.0f %s%n", v.name().toLowerCase(), s,
            s / bare, ratios, written, written / bareWritten, calls,
            v.jsonl || v.jdbc ? String.format("%.2f", (double) last.auditRecords() / last.changes()) : "-",
            v.jsonl ? String.format("%.0f", (double) last.jsonlBytes() / last.changes()) : "-",
            median(runs, p -> p[w].heapBytes()) / (1 << 20), byRound);
      }
    }
  }

  private static double median(List<Pass[]> runs, java.util.function.ToDoubleFunction<Pass[]> value) {
    double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** The fakes' request counts, summed. */
  private record Fakes(FakeGitHub github, FakeJira jira) {
    long calls() {
      return github.requestCounts().values().stream().mapToLong(Integer::longValue).sum()
          + jira.requestCounts().values().stream().mapToLong(Integer::longValue).sum();
    }
  }

  /** A variant's audit sinks, and how much of the trail they hold. */
  private static final class Audit {
    final @Nullable Path jsonl;
    final @Nullable JdbcAuditSink jdbc;
    private final Lines lines;

    Audit(Variant v, Path home, StateStore store) {
      this.jsonl = v.jsonl ? home.resolve("audit.jsonl") : null;
      this.jdbc = !v.jdbc ? null : v.jdbcBatch == 1 ? AuditSinks.jdbc(store)
          : JdbcAuditSink.open(((JdbcStateStore) store).dataSource(), v.jdbcBatch);
      this.lines = new Lines(jsonl);
    }

    /** The records each sink holds: the JSONL file's lines, or else the table's rows; 0 without sinks. */
    long records() {
      return jsonl != null ? lines.count() : jdbc != null ? jdbc.count(AuditQuery.all()) : 0;
    }

    long jsonlBytes() {
      try {
        return jsonl != null && Files.exists(jsonl) ? Files.size(jsonl) : 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Waits until both sinks hold as many records and that stays so for 200 ms; answers how many. */
    long awaitSettled(StateStore store) {
      if (jsonl == null && jdbc == null) {
        return 0;
      }
      long deadline = System.nanoTime() + AUDIT_TIMEOUT.toNanos();
      long seen = -1;
      long since = System.nanoTime();
      while (System.nanoTime() < deadline) {
        long file = jsonl == null ? -1 : lines.count();
        long rows = jdbc == null ? -1 : jdbc.count(AuditQuery.all());
        long now = file >= 0 ? file : rows;
        boolean agree = file < 0 || rows < 0 || file == rows;
        if (now != seen || !agree) {
          seen = now;
          since = System.nanoTime();
        } else if (System.nanoTime() - since > 200_000_000L && now >= store.lastEventOffset()) {
          return now;
        }
        sleep(10);
      }
      throw new IllegalStateException("the audit sinks did not settle within " + AUDIT_TIMEOUT);
    }

    /** Waits until every sink holds {@code expected} records. */
    void awaitWritten(long expected) {
      if (jsonl == null && jdbc == null) {
        return;
      }
      long deadline = System.nanoTime() + AUDIT_TIMEOUT.toNanos();
      while (jsonl != null && lines.count() < expected) {
        check(deadline, "the JSON Lines file", lines.count(), expected);
        sleep(2);
      }
      while (jdbc != null && jdbc.count(AuditQuery.all()) < expected) {
        check(deadline, "the audit table", jdbc.count(AuditQuery.all()), expected);
        sleep(2);
      }
    }

    private static void check(long deadline, String what, long has, long expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " holds " + has + " records of " + expected + " after "
            + AUDIT_TIMEOUT);
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Counts a growing file's newlines, reading only what was appended since the last count. */
  private static final class Lines {
    private final @Nullable Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private long position;
    private long count;

    Lines(@Nullable Path file) {
      this.file = file;
    }

    long count() {
      if (file == null || !Files.exists(file)) {
        return 0;
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ch.position(position);
        int read;
        while ((read = ch.read(buffer.clear())) > 0) {
          for (int i = 0; i < read; i++) {
            if (buffer.get(i) == '\n') {
              count++;
            }
          }
          position += read;
        }
        return count;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
