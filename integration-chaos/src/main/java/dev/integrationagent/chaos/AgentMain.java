package dev.integrationagent.chaos;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.Auth;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.connectors.github.GitHubConnector;
import dev.integrationagent.connectors.redmine.RedmineConnector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent under test, as a process of its own so that it can be killed with {@code kill -9}:
 * GitHub and Redmine synced two ways by one plan, on the embedded H2 store in {@code data=}, with
 * the audit trail in {@code data/audit.jsonl}, agent id and lease left at their defaults (as a user
 * would). Arguments are {@code key=value}; each may instead come from the environment as
 * {@code CHAOS_GITHUB_TOKEN}, {@code CHAOS_REDMINE_KEY} and so on, which keeps secrets off the command line:
 *
 * <pre>{@code
 * java -cp <class path> dev.integrationagent.chaos.AgentMain data=/tmp/chaos/agent-data \
 *   github.url=http://127.0.0.1:4001 github.token=... github.repo=acme/app \
 *   redmine.url=http://127.0.0.1:4002 redmine.key=... redmine.project=chaos-1-1700000000 redmine.marker=1 \
 *   conflicts=lww|manual pageSize=20 mode=loop|stepped
 * }</pre>
 *
 * <p>{@code mode=loop} runs passes back to back until killed (or until standard input closes).
 * {@code mode=stepped} reads commands from standard input: {@code pass} runs one pass,
 * {@code status} lists parked items and queued conflicts and ends with {@code END},
 * {@code quit} closes the agent. Every pass prints
 * {@code PASS ran=true created=.. updated=.. unchanged=.. failed=.. conflicts=.. parked=..}.
 */
public final class AgentMain {
  /** The one plan's id. */
  public static final String PLAN = "github-redmine";

  private AgentMain() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = arguments(args);
    PrintStream out = System.out;
    Path data = Path.of(required(a, "data"));
    ConflictPolicy conflicts = switch (a.getOrDefault("conflicts", "lww")) {
      case "lww" -> ConflictPolicy.lastWriteWins();
      case "manual" -> ConflictPolicy.manual();
      default -> throw new IllegalArgumentException("conflicts must be lww or manual but was '"
          + a.get("conflicts") + "'");
    };
    int pageSize = Integer.parseInt(a.getOrDefault("pageSize", "20"));
    boolean stepped = a.getOrDefault("mode", "loop").equals("stepped");
    IntegrationAgent agent = IntegrationAgent.builder()
        .stateStore(StateStores.h2(data.resolve("agent")))
        .connection("github", GitHubConnector.builder().baseUrl(required(a, "github.url"))
            .repository(required(a, "github.repo")).auth(Auth.bearer(required(a, "github.token")))
            .listPageSize(pageSize)
            // GitHub asks for a second between writes; against the fake that would only slow the run
            .minWriteInterval(Duration.ofMillis(Long.parseLong(a.getOrDefault("github.writeIntervalMs", "100")))))
        .connection("redmine", RedmineConnector.builder().baseUrl(required(a, "redmine.url"))
            .project(required(a, "redmine.project")).apiKey(required(a, "redmine.key"))
            .markerFieldId(Long.parseLong(required(a, "redmine.marker"))))
        .sync(SyncPlan.between("github", "redmine").id(PLAN).twoWay().createIn("github", "redmine")
            .conflicts(conflicts).pageSize(pageSize)
            // a chaos run packs hours of faults into a minute: retry after a second, not a minute
            .retries(10, Duration.ofSeconds(1)))
        .audit(AuditSinks.jsonLines(data.resolve("audit.jsonl")))
        .build();
    out.println("AGENT_READY id=" + agent.agentId());
    out.flush();
    if (stepped) {
      stepped(agent, out);
      return;
    }
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // input carries nothing in loop mode
        }
      } catch (IOException e) {
        // the parent is gone either way
      }
      Runtime.getRuntime().halt(3); // the harness went away: stop as abruptly as a kill would
    }, "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
    while (true) {
      // a short pause between passes; longer after a skipped one, so a held lease is not spun on
      pause(pass(agent, out) ? 100 : 1000);
    }
  }

  private static void stepped(IntegrationAgent agent, PrintStream out) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      switch (line.trim()) {
        case "pass" -> pass(agent, out);
        case "status" -> {
          for (ParkedItem p : agent.parked(PLAN)) {
            out.println("PARKED connection=" + p.connectionId() + " item=" + p.itemId() + " category="
                + p.category() + " attempts=" + p.attempts() + " retryAt=" + p.retryAt() + " message="
                + oneLine(p.message()));
          }
          for (ConflictRecord c : agent.conflicts().list(PLAN)) {
            out.println("CONFLICT github=" + c.aId() + " redmine=" + c.bId() + " field=" + c.field()
                + " github.value=" + oneLine(c.aValue().toString()) + " redmine.value="
                + oneLine(c.bValue().toString()));
          }
          out.println("END");
          out.flush();
        }
        case "quit" -> {
          agent.close();
          out.println("AGENT_CLOSED");
          out.flush();
          return;
        }
        default -> out.println("UNKNOWN " + line);
      }
    }
    agent.close();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs one pass and prints it; returns whether it ran. */
  private static boolean pass(IntegrationAgent agent, PrintStream out) {
    try {
      SyncReport r = agent.syncNow(PLAN);
      // failures first: the PASS line ends a pass's output
      r.failures().stream().limit(5).forEach(f -> out.println("FAILURE connection=" + f.connectionId() + " item="
          + f.itemId() + " category=" + f.category() + " parked=" + f.parked() + " message=" + oneLine(f.message())));
      out.println("PASS ran=" + r.ran() + " created=" + r.created() + " updated=" + r.updated() + " unchanged="
          + r.unchanged() + " failed=" + r.failed() + " conflicts=" + r.conflicts() + " parked="
          + agent.parked(PLAN).size() + (r.ran() ? "" : " skipped=" + oneLine(r.skipped())));
      out.flush();
      return r.ran();
    } catch (RuntimeException e) {
      out.println("PASS_THREW " + oneLine(e.toString()));
      out.flush();
      return false;
    }
  }

  private static String oneLine(@javax.annotation.Nullable String s) {
    if (s == null) {
      return "null";
    }
    String t = s.replaceAll("\\s+", " ");
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }

  private static Map<String, String> arguments(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value but one was '" + arg + "'");
      }
      out.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return out;
  }

  /** A setting from the arguments, or from {@code CHAOS_GITHUB_TOKEN}-style environment (keeps secrets off the command line). */
  private static String required(Map<String, String> a, String key) {
    String v = a.getOrDefault(key, System.getenv("CHAOS_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')));
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return v;
  }
}
