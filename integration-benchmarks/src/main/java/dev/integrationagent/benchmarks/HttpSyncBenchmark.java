package dev.integrationagent.benchmarks;

import dev.integrationagent.Auth;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.connectors.github.GitHubConnector;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * GitHub issues into Jira with the real connectors over loopback HTTP against FakeGitHub and
 * FakeJira, on the embedded H2 store: the initial sync of N issues, then an incremental pass
 * after 100 edits. Prints items per second and HTTP calls by route from the fakes' own counts.
 * With {@code two-way}, the plan is two-way and the 100 edits are split between the two sides.
 *
 * <pre>{@code
 * java -Xmx512m -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.HttpSyncBenchmark 10000
 * java -Xmx512m -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.HttpSyncBenchmark 10000 two-way
 * }</pre>
 */
public final class HttpSyncBenchmark {
  private HttpSyncBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    boolean twoWay = args.length > 1 && args[1].equals("two-way");
    Path dir = Files.createTempDirectory("http-sync-benchmark");
    // the issues were opened over the past days, one a minute, as in a real repository
    dev.integrationagent.testkit.FakeClock history =
        dev.integrationagent.testkit.FakeClock.at(java.time.Instant.now().minus(Duration.ofMinutes(n + 60L)));
    try (FakeGitHub github = FakeGitHub.start(history); FakeJira jira = FakeJira.start(Clock.systemUTC())) {
      github.rateLimit(1_000_000, 1_000_000);
      for (int i = 1; i <= n; i++) {
        history.advance(Duration.ofMinutes(1));
        github.createIssue("Issue " + i, "Body of issue " + i + " with **some** text.");
      }
      dev.integrationagent.api.store.StateStore store = StateStores.h2(dir.resolve("agent"));
      SyncPlan.Builder plan = SyncPlan.between("github", "jira").pageSize(100);
      try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(store)
          .connection("github", GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
              .auth(Auth.bearer(github.token())).minWriteInterval(Duration.ZERO))
          .connection("jira", JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
              .auth(Auth.basic(jira.email(), jira.apiToken())))
          .sync(twoWay ? plan.twoWay() : plan).build()) {
        System.out.printf("%s, %d issues%n", twoWay ? "two-way" : "one-way", n);
        long t0 = System.nanoTime();
        SyncReport initial = agent.syncNow("github-jira");
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("initial: %s in %.1f s = %.0f items/s%n", initial.summary(), s, n / s);
        print("  GitHub calls", github.requestCounts(), n);
        print("  Jira calls", jira.requestCounts(), n);
        Map<String, Integer> githubBefore = github.requestCounts();
        Map<String, Integer> jiraBefore = jira.requestCounts();
        for (int i = 1; i <= 100; i++) {
          history.advance(Duration.ofSeconds(1));
          int number = i * (n / 100);
          if (twoWay && i % 2 == 0) {
            String githubId = Integer.toString(number);
            String jiraId = store.link("github-jira", dev.integrationagent.api.sync.Side.A, githubId).orElseThrow().bId();
            jira.editSummary(jiraId, "Issue " + number + " (edited in Jira)");
          } else {
            github.editIssue(number, "Issue " + number + " (edited)");
          }
        }
        long t1 = System.nanoTime();
        SyncReport incremental = agent.syncNow("github-jira");
        double s2 = (System.nanoTime() - t1) / 1e9;
        System.out.printf("incremental (100 edits): %s in %.2f s%n", incremental.summary(), s2);
        print("  GitHub calls", minus(github.requestCounts(), githubBefore), 100);
        print("  Jira calls", minus(jira.requestCounts(), jiraBefore), 100);
      }
    }
    System.out.printf("peak heap, fakes included: %d MB of %d MB%n", PeakHeap.megabytes(),
        PeakHeap.maxMegabytes());
  }

  private static Map<String, Integer> minus(Map<String, Integer> now, Map<String, Integer> before) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    now.forEach((k, v) -> {
      int d = v - before.getOrDefault(k, 0);
      if (d > 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  private static void print(String title, Map<String, Integer> counts, int items) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("%s: %d (%.2f per item) %s%n", title, total, (double) total / items, new java.util.TreeMap<>(counts));
  }
}
