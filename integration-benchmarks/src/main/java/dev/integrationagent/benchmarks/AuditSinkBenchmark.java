package dev.integrationagent.benchmarks;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.AuditSinks;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What an audit record costs each sink, one record per call ({@code record}, as the trail wrote
 * before it handed sinks a page) against a page of 200 per call ({@code recordAll}, as the trail
 * writes now: one transaction per page for the JDBC sink), alternated in one run, median of rounds,
 * in microseconds per record. The sinks write on their own threads, so this is what decides
 * whether they keep up with a pass (a created item makes 4 records, an update 3).
 *
 * <pre>{@code
 * java -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.AuditSinkBenchmark 3000 5
 * }</pre>
 */
public final class AuditSinkBenchmark {
  private static final int PAGE = 200;

  private AuditSinkBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("audit-sink-benchmark");
    List<AuditEvent> events = new ArrayList<>();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    for (int i = 0; i < records; i++) {
      events.add(AuditEvent.builder("item.updated", AuditEvent.Outcome.SUCCESS, t0.plusMillis(i)).plan("github-jira")
          .run("run-1").connection("jira").item("APP-" + i).counterpart("github", Integer.toString(i))
          .change("title", new FieldChange(TextNode.valueOf("Login fails " + i), TextNode.valueOf("Login fails on "
              + "Safari " + i)))
          .event("event-" + i, List.of("cause-" + i)).message("updated title of jira item APP-" + i).build());
    }
    int[] n = {0};
    Supplier<AuditSink> jdbc = () -> {
      StateStore store = StateStores.h2(dir.resolve("h2-" + ++n[0]).resolve("agent"));
      return closing(AuditSinks.jdbc(store), store);
    };
    Supplier<AuditSink> jsonl = () -> AuditSinks.jsonLines(dir.resolve("audit-" + ++n[0] + ".jsonl"));
    System.out.printf("AuditSinkBenchmark: %d records, pages of %d, %d rounds (+1 warm-up)%n", records, PAGE, rounds);
    System.out.printf("%-10s %14s %14s %8s%n", "sink", "record µs/rec", "page µs/rec", "ratio");
    for (var sink : List.of(java.util.Map.entry("jdbc (H2)", jdbc), java.util.Map.entry("jsonLines", jsonl))) {
      double[] single = new double[rounds];
      double[] paged = new double[rounds];
      for (int r = -1; r < rounds; r++) {
        double a = time(sink.getValue().get(), events, false);
        double b = time(sink.getValue().get(), events, true);
        if (r >= 0) {
          single[r] = a;
          paged[r] = b;
        }
      }
      double s = median(single);
      double p = median(paged);
      System.out.printf("%-10s %14.1f %14.1f %8.2f%n", sink.getKey(), s, p, p / s);
    }
  }

  private static double time(AuditSink sink, List<AuditEvent> events, boolean pages) {
    long start = System.nanoTime();
    if (pages) {
      for (int i = 0; i < events.size(); i += PAGE) {
        sink.recordAll(events.subList(i, Math.min(events.size(), i + PAGE)));
      }
    } else {
      events.forEach(sink::record);
    }
    sink.flush();
    double micros = (System.nanoTime() - start) / 1_000.0 / events.size();
    sink.close();
    return micros;
  }

  private static AuditSink closing(AuditSink sink, StateStore store) {
    return new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        sink.record(event);
      }

      @Override
      public void recordAll(List<AuditEvent> events) {
        sink.recordAll(events);
      }

      @Override
      public void flush() {
        sink.flush();
      }

      @Override
      public void close() {
        try {
          sink.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        store.close();
      }
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
