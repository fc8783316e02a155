package dev.integrationagent.benchmarks;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.ForwardingStateStore;
import dev.integrationagent.testkit.InMemoryConnector;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The event stream's cost. On the embedded H2 store and on PostgreSQL: events appended per
 * second (one per transaction, as a pass records an item's, and 100 per transaction) and
 * consumed per second by a subscription; then the same initial two-way sync with the engine's
 * events recorded and with them discarded by the store, alternated in one run, as a ratio; and an
 * initial GitHub-to-Jira sync over HTTP against the fakes (a quarter of the items), the same way.
 *
 * <pre>{@code
 * java -Xmx512m -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.EventBenchmark 3000 2000 both 9 10   # events, items, h2|postgresql|both, rounds, fakes' latency in ms
 * }</pre>
 */
public final class EventBenchmark {
  /** How long the fakes take to answer each call (the fifth argument, in ms; 0 by default). */
  private static java.time.Duration latency = java.time.Duration.ZERO;

  private EventBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 9;
    latency = java.time.Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 0);
    Path dir = Files.createTempDirectory("event-benchmark");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      int[] databases = {0};
      Supplier<StateStore> pg = () -> StateStores.jdbc(database(postgres, "bench_" + ++databases[0]));
      Supplier<StateStore> h2 = () -> {
        try {
          return StateStores.h2(Files.createTempDirectory(dir, "h2").resolve("agent"));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };
      boolean withPostgres = args.length < 3 || !args[2].equals("h2");
      boolean withH2 = args.length < 3 || !args[2].equals("postgresql");
      if (args.length > 2 && !List.of("h2", "postgresql", "both").contains(args[2])) {
        throw new IllegalArgumentException("the third argument names the store: h2, postgresql or both, not " + args[2]);
      }
      if (withH2) {
        stream("H2", h2, events);
        passes("H2", h2, items, false, rounds);
        passes("H2", h2, items / 4, true, rounds);
      }
      if (withPostgres) {
        stream("PostgreSQL", pg, events);
        passes("PostgreSQL", pg, items, false, rounds);
        passes("PostgreSQL", pg, items / 4, true, rounds);
      }
    }
    System.out.printf("peak heap (sum of pool peaks): %d MB with -Xmx %d MB%n", PeakHeap.megabytes(),
        PeakHeap.maxMegabytes());
  }

  private static DataSource database(EmbeddedPostgres postgres, String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    // a pool, as a host would have: the embedded server's own data source opens a connection a call
    org.postgresql.ds.PGConnectionPoolDataSource pooled = new org.postgresql.ds.PGConnectionPoolDataSource();
    pooled.setUrl(postgres.getJdbcUrl("postgres", name));
    pooled.setUser("postgres");
    return org.h2.jdbcx.JdbcConnectionPool.create(pooled);
  }

  /** Appended one per transaction, 100 per transaction, and consumed by a subscription. */
  private static void stream(String name, Supplier<StateStore> stores, int n) {
    StateStore store = stores.get();
    try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(store)
        .connection("a", InMemoryConnector.builder().name("a").build()).build()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        ChangeEvent e = event(i);
        store.inTransaction(() -> store.appendEvents(List.of(e)));
      }
      double single = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i += 100) {
        List<ChangeEvent> batch = new ArrayList<>(100);
        for (int j = i; j < Math.min(n, i + 100); j++) {
          batch.add(event(j));
        }
        store.inTransaction(() -> store.appendEvents(batch));
      }
      double batched = (System.nanoTime() - t1) / 1e9;
      AtomicLong consumed = new AtomicLong();
      agent.events().subscribe("counter", EventFilter.all(), e -> consumed.incrementAndGet());
      long t2 = System.nanoTime();
      int idle = 0;
      while (consumed.get() < 2L * n) {
        idle = agent.events().deliverNow() == 0 ? idle + 1 : 0;
        if (idle > 100) {
          throw new IllegalStateException(name + ": the subscription stopped at " + consumed.get() + " events");
        }
      }
      double consuming = (System.nanoTime() - t2) / 1e9;
      System.out.printf("%s: appended %,.0f events/s one per transaction, %,.0f events/s 100 per transaction; "
          + "consumed %,.0f events/s by one subscription%n", name, n / single, n / batched, 2 * n / consuming);
    }
  }

  private static ChangeEvent event(int i) {
    return ChangeEvent.builder("bench.event", ChangeEvent.Origin.HOST, Instant.now()).connection("a")
        .item(Integer.toString(i)).attribute("n", Integer.toString(i)).build();
  }

  /**
   * The same initial sync with the engine's events kept and discarded, alternated {@code rounds}
   * times after a round that warms the JIT (which of the two goes first swaps every round); the
   * cost of recording events is each round's own ratio, summarised by its median and quartiles,
   * beside the ratio of the two medians.
   */
  private static void passes(String name, Supplier<StateStore> stores, int items, boolean overHttp, int rounds) {
    List<Double> with = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    long recorded = 0;
    for (int round = 0; round <= rounds; round++) {
      for (boolean keep : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        StateStore store = stores.get();
        StateStore used = keep ? store : new DiscardingEvents(store);
        double s = overHttp ? passOverHttp(used, items) : pass(used, items);
        if (round > 0) { // the first round warms the JIT
          (keep ? with : without).add(s);
        }
        if (keep) {
          recorded = store.lastEventOffset();
        }
        store.close();
      }
    }
    double w = median(with);
    double wo = median(without);
    System.out.printf("%s: initial %s sync of %d items, %d rounds: %.2f s with events (%d recorded, %.1f per item), "
        + "%.2f s without (medians); ratio of medians %.2f, round ratio %s%n", name,
        overHttp ? "GitHub-to-Jira over HTTP (fakes on loopback, answering in " + latency.toMillis() + " ms)"
            : "two-way in-memory", items, rounds, w, recorded,
        (double) recorded / items, wo, w / wo, RoundRatios.of(with, without));
  }

  /** GitHub issues into Jira with the real connectors against FakeGitHub and FakeJira on loopback. */
  private static double passOverHttp(StateStore store, int n) {
    dev.integrationagent.testkit.FakeClock history =
        dev.integrationagent.testkit.FakeClock.at(Instant.now().minus(java.time.Duration.ofMinutes(n + 60L)));
    try (dev.integrationagent.testkit.FakeGitHub github = dev.integrationagent.testkit.FakeGitHub.start(history);
        dev.integrationagent.testkit.FakeJira jira = dev.integrationagent.testkit.FakeJira.start(java.time.Clock.systemUTC())) {
      github.rateLimit(1_000_000, 1_000_000);
      github.latency(latency);
      jira.latency(latency);
      for (int i = 1; i <= n; i++) {
        history.advance(java.time.Duration.ofMinutes(1));
        github.createIssue("Issue " + i, "Body of issue " + i + " with **some** text.");
      }
      try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(new ForwardingStateStore(store) {
            @Override
            public void close() {} // closed by the benchmark, after counting its events
          })
          .connection("github", dev.integrationagent.connectors.github.GitHubConnector.builder().baseUrl(github.url())
              .repository(github.repository()).auth(dev.integrationagent.Auth.bearer(github.token()))
              .minWriteInterval(java.time.Duration.ZERO))
          .connection("jira", dev.integrationagent.connectors.jira.JiraConnector.builder().baseUrl(jira.url())
              .project(jira.projectKey()).auth(dev.integrationagent.Auth.basic(jira.email(), jira.apiToken())))
          .sync(SyncPlan.between("github", "jira").pageSize(100)).build()) {
        long t0 = System.nanoTime();
        SyncReport report = agent.syncNow("github-jira");
        double s = (System.nanoTime() - t0) / 1e9;
        if (report.created() != n) {
          throw new IllegalStateException("the pass did not create every item: " + report.summary());
        }
        return s;
      }
    }
  }

  private static double pass(StateStore store, int n) {
    InMemoryConnector a = InMemoryConnector.builder().name("a").build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").build();
    for (int i = 0; i < n; i++) {
      a.add(WorkItem.builder().title("Item " + i).description("Body of item " + i)
          .status(Status.of("Open", StatusCategory.TODO)).labels(List.of("bench")).build());
    }
    try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(new ForwardingStateStore(store) {
          @Override
          public void close() {} // closed by the benchmark, after counting its events
        })
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b").twoWay().pageSize(100)).build()) {
      long t0 = System.nanoTime();
      SyncReport report = agent.syncNow("a-b");
      double s = (System.nanoTime() - t0) / 1e9;
      if (report.created() != n) {
        throw new IllegalStateException("the pass did not create every item: " + report.summary());
      }
      return s;
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** A store that keeps everything but events: the pass without the stream. */
  private static final class DiscardingEvents extends ForwardingStateStore {
    private final AtomicLong offsets = new AtomicLong();

    DiscardingEvents(StateStore delegate) {
      super(delegate);
    }

    @Override
    public List<ChangeEvent> appendEvents(List<ChangeEvent> events) {
      return events.stream().map(e -> e.at(offsets.incrementAndGet())).toList();
    }
  }
}
