package dev.integrationagent.benchmarks;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.InMemoryConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sync engine at volume: an initial two-way sync of N items (created on side A) into an empty
 * side B on the embedded H2 store, then an incremental pass after 100 edits. Prints items per
 * second, tool calls per item (reads are change-listing pages and item reads; writes are creates
 * and updates) and the peak heap.
 *
 * <pre>{@code
 * java -Xmx256m -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.SyncBenchmark 10000
 * }</pre>
 */
public final class SyncBenchmark {
  private SyncBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pageSize = 100;
    Path dir = Files.createTempDirectory("sync-benchmark");
    InMemoryConnector a = InMemoryConnector.builder().name("a").build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").build();
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(a.add(WorkItem.builder().title("Item " + i).description("Body of item " + i + " with some **text**.")
          .status(Status.of("Open", StatusCategory.TODO)).priority(i % 2 == 0 ? "High" : "Low")
          .labels(List.of("bench", "l" + (i % 10))).build()));
    }
    try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(StateStores.h2(dir.resolve("agent")))
        .connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").twoWay().pageSize(pageSize)).build()) {
      int readsBefore = a.readCount() + b.readCount();
      long t0 = System.nanoTime();
      SyncReport initial = agent.syncNow("a-b");
      double seconds = (System.nanoTime() - t0) / 1e9;
      report("initial", n, initial, seconds, a.readCount() + b.readCount() - readsBefore, b.writeCount() + a.writeCount(),
          pageSize);

      for (int i = 0; i < 100; i++) {
        a.edit(ids.get(i * (n / 100)), item -> item.toBuilder().title(item.title() + " (edited)").build());
      }
      int reads = a.readCount() + b.readCount();
      int writes = a.writeCount() + b.writeCount();
      long t1 = System.nanoTime();
      SyncReport incremental = agent.syncNow("a-b");
      double seconds2 = (System.nanoTime() - t1) / 1e9;
      report("incremental (100 edits)", 100, incremental, seconds2, a.readCount() + b.readCount() - reads,
          a.writeCount() + b.writeCount() - writes, pageSize);
    }
    System.out.printf("peak heap (sum of pool peaks): %d MB with -Xmx %d MB%n", PeakHeap.megabytes(),
        PeakHeap.maxMegabytes());
  }

  private static void report(String what, int items, SyncReport r, double seconds, int reads, int writes,
      int pageSize) {
    System.out.printf("%s: %s in %.2f s = %.0f items/s; %d reads (listing pages of %d: %d), %d writes"
            + " = %.2f writes per changed item%n",
        what, r.summary(), seconds, items / seconds, reads, pageSize, (items + pageSize - 1) / pageSize, writes,
        (double) writes / Math.max(1, r.created() + r.updated()));
  }
}
