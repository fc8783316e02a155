package dev.integrationagent.chaos;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.audit.AuditEventJson;
import dev.integrationagent.audit.AuditLogs;
import dev.integrationagent.audit.AuditVerification;
import dev.integrationagent.testkit.ChildJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.annotation.Nullable;

/**
 * One crash-and-race run, start to judgement: a fake GitHub JVM, a fresh project on the real
 * Redmine, a {@link FaultProxy} in front of each, the agent JVM ({@link AgentMain}) killed with
 * {@code kill -9} and restarted every few seconds while a {@link Person} creates and edits on
 * both sides; then faults off, one agent run to quiescence and two more quiet passes, and the
 * {@link Judge} reads both tools directly. Every wait is bounded; every child process is killed on
 * the way out.
 *
 * <pre>{@code
 * bash scripts/redmine-up.sh && mvn -B -q -pl integration-chaos -am install -DskipTests
 * mvn -B -pl integration-chaos -am test -Dgroups=chaos -DexcludedGroups= -Dchaos.seed=42 -Dchaos.seconds=30
 * }</pre>
 */
public final class ChaosRun {
  private static final Pattern PASS = Pattern.compile("PASS ran=(\\w+) .*failed=(\\d+).*");
  private static final Pattern FAKE = Pattern.compile("FAKE_GITHUB url=(\\S+) token=(\\S+) repo=(\\S+)");
  private static final Pattern CONFLICT = Pattern.compile("CONFLICT github=(\\S+) redmine=(\\S+) field=(\\S+).*");

  private final ChaosSettings settings;
  private final PrintStream out;
  private final List<String> agentOutput = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger passesRun = new AtomicInteger();
  private final AtomicInteger passesSkipped = new AtomicInteger();
  private final AtomicInteger passesThrew = new AtomicInteger();

  ChaosRun(ChaosSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs with {@code -Dchaos.*} settings (see {@link ChaosSettings}); exits 1 when a figure is not 0. */
  public static void main(String[] args) {
    ChaosReport report = new ChaosRun(ChaosSettings.fromSystemProperties(), System.out).run();
    System.exit(report.clean() ? 0 : 1);
  }

  ChaosReport run() {
    ChaosSettings s = settings;
    long t0 = System.currentTimeMillis();
    List<AutoCloseable> closers = new ArrayList<>();
    Http http = new Http();
    RedmineApi redmine = new RedmineApi(http, s.redmineUrl(), s.redmineKey());
    boolean projectCreated = false;
    try {
      Path dir = s.dir();
      deleteTree(dir);
      Files.createDirectories(dir);
      Path data = dir.resolve("agent-data");
      Files.createDirectories(data);
      say("seed " + s.seed() + ", " + s.itemsPerSide() + " items per side, " + s.duration().toSeconds()
          + " s of edits and kills, conflicts " + (s.manual() ? "manual" : "last-write-wins") + ", work folder " + dir);

      ChildJvm fake = child("fake-github", s, FakeGitHubMain.class, List.of("acme/app"), Map.of(),
          dir.resolve("fake-github.err"), line -> { });
      closers.add(fake);
      String announce = fake.await(l -> l.startsWith("FAKE_GITHUB "), Duration.ofSeconds(60));
      Matcher fm = announce == null ? null : FAKE.matcher(announce);
      if (fm == null || !fm.matches()) {
        throw new IllegalStateException("the fake GitHub JVM did not start within 60 s; see " + dir.resolve("fake-github.err"));
      }
      String githubUrl = fm.group(1);
      String githubToken = fm.group(2);
      String repo = fm.group(3);
      GitHubApi github = new GitHubApi(http, githubUrl, repo, githubToken);

      String project = "chaos-" + s.seed() + "-" + (System.currentTimeMillis() / 1000);
      redmine.createProject(project);
      projectCreated = true;
      redmine.verifyMarkerField(s.markerField());
      say("fake GitHub at " + githubUrl + " (pid " + fake.pid() + "), Redmine project " + project + " at "
          + s.redmineUrl());

      Killer[] killerRef = new Killer[1];
      FaultProxy.WriteHook hook = (connection, method, path, status) -> killerRef[0] != null && killerRef[0].afterWrite();
      FaultProxy ghProxy = new FaultProxy("github", githubUrl, s.seed() + 1, s.faults(), hook);
      closers.add(ghProxy);
      FaultProxy rmProxy = new FaultProxy("redmine", s.redmineUrl(), s.seed() + 2, s.faults(), hook);
      closers.add(rmProxy);

      List<String> agentArgs = List.of("data=" + data, "github.url=" + ghProxy.url(), "github.repo=" + repo,
          "redmine.url=" + rmProxy.url(), "redmine.project=" + project, "redmine.marker=" + s.markerField(),
          "conflicts=" + (s.manual() ? "manual" : "lww"), "pageSize=" + s.pageSize());
      Map<String, String> agentEnv = Map.of("CHAOS_GITHUB_TOKEN", githubToken, "CHAOS_REDMINE_KEY", s.redmineKey());
      Path agentErr = dir.resolve("agent.err");
      Killer killer = new Killer(s.seed(), n -> child("agent-" + n, s, AgentMain.class,
          append(agentArgs, "mode=loop"), agentEnv, agentErr, line -> agentLine(n, line)), s.killMinMillis(),
          s.killMaxMillis(), s.hookKill());
      killerRef[0] = killer;
      Thread killerThread = new Thread(killer, "killer");
      killerThread.setDaemon(true);
      killerThread.start();
      closers.add(() -> killer.stop(killerThread));

      Person person = new Person(s.seed(), github, redmine);
      person.work(s.itemsPerSide(), s.duration(), s.editsPerSecond());
      killer.stop(killerThread);
      killerRef[0] = null;
      ghProxy.faults(FaultSettings.NONE);
      rmProxy.faults(FaultSettings.NONE);
      say("edits and kills over after " + (System.currentTimeMillis() - t0) / 1000 + " s: " + killer.summary()
          + "; passes run " + passesRun + ", skipped " + passesSkipped + ", threw " + passesThrew);

      // ---- the final agent: faults off, no kills, passes until two in a row write nothing
      int chaosPassesRun = passesRun.get();
      int chaosPassesSkipped = passesSkipped.get();
      ChildJvm last = child("agent-final", s, AgentMain.class,
          append(agentArgs, "mode=stepped"), agentEnv, agentErr, line -> agentLine(0, line));
      closers.add(last);
      long settleEnd = System.currentTimeMillis() + s.settle().toMillis();
      boolean ready = last.await(l -> l.startsWith("AGENT_READY"), Duration.ofSeconds(60)) != null;
      int quiet = 0;
      int finalPasses = 0;
      int finalSkipped = 0;
      while (ready && quiet < 2 && finalPasses < 200 && System.currentTimeMillis() < settleEnd) {
        long before = ghProxy.writes() + rmProxy.writes();
        last.send("pass");
        String line = last.await(l -> l.startsWith("PASS"),
            Duration.ofMillis(Math.max(1000, settleEnd - System.currentTimeMillis())));
        if (line == null) {
          break;
        }
        finalPasses++;
        long wrote = ghProxy.writes() + rmProxy.writes() - before;
        Matcher pm = PASS.matcher(line);
        boolean ran = pm.matches() && pm.group(1).equals("true");
        if (!ran) {
          finalSkipped++;
          quiet = 0;
          pause(1000); // a lease of a killed agent still holds the plan; its holder will not come back
        } else if (Integer.parseInt(pm.group(2)) > 0) {
          // an item still waits for its next attempt (or its direction waits behind it): not quiet
          quiet = 0;
          pause(1000);
        } else {
          quiet = wrote == 0 ? quiet + 1 : 0;
        }
      }
      boolean settled = quiet >= 2;
      say("final agent: " + finalPasses + " passes (" + finalSkipped + " skipped), "
          + (settled ? "quiescent" : "NOT quiescent") + " after " + (System.currentTimeMillis() - t0) / 1000 + " s");
      int ghQuietStart = ghProxy.exchanges().size();
      int rmQuietStart = rmProxy.exchanges().size();
      int quietPasses = 0;
      for (int i = 0; i < 2 && settled; i++) {
        last.send("pass");
        if (last.await(l -> l.startsWith("PASS"), Duration.ofSeconds(60)) != null) {
          quietPasses++;
        }
      }
      List<Exchange> quietExchanges = new ArrayList<>(ghProxy.exchanges().subList(ghQuietStart, ghProxy.exchanges().size()));
      quietExchanges.addAll(rmProxy.exchanges().subList(rmQuietStart, rmProxy.exchanges().size()));
      List<String> parked = new ArrayList<>();
      List<Judge.Conflict> conflicts = new ArrayList<>();
      if (ready && last.isAlive()) {
        last.send("status");
        for (String l = last.await(x -> x.startsWith("PARKED") || x.startsWith("CONFLICT") || x.equals("END"),
            Duration.ofSeconds(30)); l != null && !l.equals("END");
            l = last.await(x -> x.startsWith("PARKED") || x.startsWith("CONFLICT") || x.equals("END"), Duration.ofSeconds(30))) {
          if (l.startsWith("PARKED")) {
            parked.add(l);
          } else {
            Matcher cm = CONFLICT.matcher(l);
            if (cm.matches()) {
              conflicts.add(new Judge.Conflict(cm.group(1), cm.group(2), cm.group(3)));
            }
          }
        }
        last.send("quit");
        last.await(l -> l.equals("AGENT_CLOSED"), Duration.ofSeconds(30));
      } else {
        parked.add("the final agent could not be asked what is parked (it did not start or died)");
      }
      last.awaitExit(Duration.ofSeconds(10));

      // ---- judgement, from the tools themselves
      List<ToolItem> ghItems = github.all();
      List<ToolItem> rmItems = redmine.all();
      List<Exchange> exchanges = new ArrayList<>(ghProxy.exchanges());
      exchanges.addAll(rmProxy.exchanges());
      int[] unreadable = new int[1];
      List<AuditEvent> audit = readAudit(data.resolve("audit.jsonl"), unreadable);
      Judge judge = new Judge();
      List<String> facts = new ArrayList<>();
      facts.add("seed " + s.seed() + ", conflicts " + (s.manual() ? "manual" : "last-write-wins") + ", "
          + s.itemsPerSide() + " items per side, " + s.duration().toSeconds() + " s of chaos, page size " + s.pageSize());
      facts.add("redmine project " + project + (s.keepProject() ? " (kept)" : " (deleted after the run)"));
      facts.add("kills: " + killer.kills() + " (" + killer.summary() + ")");
      facts.add("agent passes during the chaos: " + chaosPassesRun + " ran, " + chaosPassesSkipped + " skipped, "
          + passesThrew.get() + " threw");
      facts.add("final agent: " + finalPasses + " passes to quiescence (" + finalSkipped + " skipped), then "
          + quietPasses + " quiet passes");
      facts.add("faults injected, github: " + ghProxy.faultCounts() + " in " + ghProxy.requestsWithFaultsOn()
          + " requests while faults were on; " + ghProxy.exchanges().size() + " requests in all (" + ghProxy.writes() + " writes)");
      facts.add("faults injected, redmine: " + rmProxy.faultCounts() + " in " + rmProxy.requestsWithFaultsOn()
          + " requests while faults were on; " + rmProxy.exchanges().size() + " requests in all (" + rmProxy.writes() + " writes)");
      long creates = person.edits().stream().filter(Edit::create).map(Edit::token).distinct().count();
      long edits = person.edits().stream().filter(e -> !e.create()).count();
      facts.add("person: " + creates + " items created (" + person.origins().values().stream()
          .filter(Person.GITHUB::equals).count() + " on github, " + person.origins().values().stream()
          .filter(Person.REDMINE::equals).count() + " on redmine), " + edits + " edits, " + person.errors().size()
          + " errors" + (person.errors().isEmpty() ? "" : " (first: " + person.errors().get(0) + ")")
          + ", " + person.uncertain().size() + " fields left uncertain");
      facts.add("audit: " + audit.size() + " events read, " + unreadable[0] + " unreadable lines (torn by a kill)");
      facts.add("audit chain: " + auditChain(data.resolve("audit.jsonl")));
      facts.add("conflicts queued at the end: " + conflicts.size());
      facts.addAll(judge.judge(new Judge.Inputs(s.manual(), ghItems, rmItems, person::token, person.edits(),
          person.uncertain(), exchanges, quietExchanges, audit, parked, conflicts, settled)));
      facts.add("wall time " + (System.currentTimeMillis() - t0) / 1000 + " s");
      ChaosReport report = new ChaosReport(judge.figures(), facts, judge.evidence());
      writeFiles(dir, report, exchanges, person.edits());
      report.print(out);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Collections.reverse(closers);
      for (AutoCloseable c : closers) {
        try {
          c.close();
        } catch (Exception e) {
          out.println("chaos: closing failed: " + e);
        }
      }
      if (projectCreated && !s.keepProject()) {
        try {
          redmine.deleteProject();
        } catch (RuntimeException e) {
          out.println("chaos: could not delete Redmine project " + redmine.project() + ": " + e);
        }
      }
      http.close();
    }
  }

  private void agentLine(int incarnation, String line) {
    agentOutput.add((incarnation == 0 ? "final" : "agent-" + incarnation) + " " + System.currentTimeMillis() + " "
        + line);
    if (line.startsWith("PASS_THREW")) {
      passesThrew.incrementAndGet();
    }
    Matcher m = PASS.matcher(line);
    if (incarnation > 0 && m.matches()) {
      (m.group(1).equals("true") ? passesRun : passesSkipped).incrementAndGet();
    }
  }

  /** Whether the kills left the audit file's hash chain whole but for the lines they tore. */
  private static String auditChain(Path file) {
    if (!Files.exists(file)) {
      return "no file";
    }
    AuditVerification v = AuditLogs.verifyAll(file);
    long torn = v.problems().stream().filter(p -> p.kind() == AuditVerification.Kind.TORN).count();
    return v.records() + " chained records, " + torn + " torn lines" + (v.tampered()
        ? ", BROKEN: " + v.problems().stream().filter(p -> p.kind() != AuditVerification.Kind.TORN).findFirst()
            .map(Object::toString).orElse("")
        : ", chain unbroken");
  }

  private static List<AuditEvent> readAudit(Path file, int[] unreadable) throws IOException {
    List<AuditEvent> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(AuditEventJson.read(line));
      } catch (RuntimeException e) {
        unreadable[0]++;
      }
    }
    return out;
  }

  private void writeFiles(Path dir, ChaosReport report, List<Exchange> exchanges, List<Edit> edits) throws IOException {
    try (PrintStream p = new PrintStream(Files.newOutputStream(dir.resolve("report.txt")), true, StandardCharsets.UTF_8)) {
      report.printAll(p);
    }
    Files.write(dir.resolve("proxy.log"), exchanges.stream().sorted(Comparator.comparingLong(Exchange::atMillis))
        .map(e -> e.atMillis() + " " + e.describe() + (e.responseBody() == null ? "" : " answer="
            + shorten(e.responseBody()))).toList(), StandardCharsets.UTF_8);
    Files.write(dir.resolve("person.log"), edits.stream().map(Edit::toString).toList(), StandardCharsets.UTF_8);
    synchronized (agentOutput) {
      Files.write(dir.resolve("agent.out"), agentOutput, StandardCharsets.UTF_8);
    }
  }

  private static String shorten(String s) {
    String t = s.replaceAll("\\s+", " ");
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }

  private void say(String line) {
    out.println("chaos: " + line);
    out.flush();
  }

  private static List<String> append(List<String> list, String more) {
    List<String> out = new ArrayList<>(list);
    out.add(more);
    return out;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(@Nullable Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }


  /** One of the run's JVMs, on the harness's class path, started fast and logging only warnings. */
  private static ChildJvm child(String name, ChaosSettings s, Class<?> main, List<String> args,
      Map<String, String> env, Path stderr, java.util.function.Consumer<String> listener) {
    return ChildJvm.builder(main.getName()).name(name).classpath(s.classpath())
        .jvmOption("-XX:TieredStopAtLevel=1") // starts faster; the agent JVMs are restarted every few seconds
        .jvmOption("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
        .args(args).env(env).stderr(stderr).onLine(listener).start();
  }
}
