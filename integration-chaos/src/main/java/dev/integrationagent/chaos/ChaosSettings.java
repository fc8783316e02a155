package dev.integrationagent.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The knobs of one run, from {@code -Dchaos.*} system properties (defaults in brackets):
 * {@code chaos.seed} [time-based, printed], {@code chaos.items} per side [150],
 * {@code chaos.seconds} of edits and kills [90], {@code chaos.editsPerSecond} [4],
 * {@code chaos.conflicts} lww|manual [lww], {@code chaos.killMinMillis}/{@code chaos.killMaxMillis}
 * between kills [3000/8000], {@code chaos.hookKill} probability of a kill right after a forwarded
 * write [0.03], {@code chaos.faults} multiplier of the fault probabilities, 0 for none [1],
 * {@code chaos.settleSeconds} bound on the final agent's passes [150], {@code chaos.pageSize} [20],
 * {@code chaos.keepProject} leave the Redmine project for inspection [false], {@code chaos.dir}
 * work folder [target/chaos-SEED]. Redmine comes from {@code REDMINE_URL}, {@code REDMINE_API_KEY},
 * {@code REDMINE_MARKER_FIELD} in the environment, else from {@code scripts/.run/redmine.env}.
 */
record ChaosSettings(long seed, int itemsPerSide, Duration duration, double editsPerSecond, boolean manual,
    long killMinMillis, long killMaxMillis, double hookKill, double faultScale, Duration settle, int pageSize,
    boolean keepProject, Path dir, String redmineUrl, String redmineKey, long markerField, String classpath) {

  static ChaosSettings fromSystemProperties() {
    long seed = Long.getLong("chaos.seed", System.currentTimeMillis() % 100_000);
    Map<String, String> redmine = redmineEnvironment();
    String conflicts = System.getProperty("chaos.conflicts", "lww");
    if (!conflicts.equals("lww") && !conflicts.equals("manual")) {
      throw new IllegalArgumentException("chaos.conflicts must be lww or manual but was '" + conflicts + "'");
    }
    return new ChaosSettings(seed, Integer.getInteger("chaos.items", 150),
        Duration.ofSeconds(Long.getLong("chaos.seconds", 90)),
        Double.parseDouble(System.getProperty("chaos.editsPerSecond", "4")), conflicts.equals("manual"),
        Long.getLong("chaos.killMinMillis", 3000), Long.getLong("chaos.killMaxMillis", 8000),
        Double.parseDouble(System.getProperty("chaos.hookKill", "0.03")),
        Double.parseDouble(System.getProperty("chaos.faults", "1")),
        Duration.ofSeconds(Long.getLong("chaos.settleSeconds", 150)), Integer.getInteger("chaos.pageSize", 20),
        Boolean.getBoolean("chaos.keepProject"),
        Path.of(System.getProperty("chaos.dir", "target/chaos-" + seed)).toAbsolutePath(),
        require(redmine, "REDMINE_URL"), require(redmine, "REDMINE_API_KEY"),
        Long.parseLong(require(redmine, "REDMINE_MARKER_FIELD").trim()),
        System.getProperty("chaos.classpath", System.getProperty("java.class.path")));
  }

  private static String require(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("the chaos suite needs " + name + ": run `bash scripts/redmine-up.sh` and"
          + " `set -a; . scripts/.run/redmine.env; set +a` first (or run .ci/run)");
    }
    return v.trim();
  }

  private static Map<String, String> redmineEnvironment() {
    Map<String, String> out = new HashMap<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("scripts/.run/redmine.env");
      if (Files.isRegularFile(file)) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
          p.load(in);
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
        p.stringPropertyNames().forEach(n -> out.put(n, p.getProperty(n)));
        break;
      }
    }
    for (String n : new String[] {"REDMINE_URL", "REDMINE_API_KEY", "REDMINE_MARKER_FIELD"}) {
      if (System.getenv(n) != null && !System.getenv(n).isBlank()) {
        out.put(n, System.getenv(n));
      }
    }
    return out;
  }

  FaultSettings faults() {
    return FaultSettings.defaults().scaled(faultScale);
  }
}
