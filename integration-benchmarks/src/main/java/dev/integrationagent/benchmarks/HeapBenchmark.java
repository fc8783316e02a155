package dev.integrationagent.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.Mappings;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.Nullable;

/**
 * The agent's own memory at volume: N items synced one way from a source that generates them on
 * the fly into a target that keeps nothing, on the embedded H2 store, so that only the agent
 * (engine, mappings, store) holds memory. Run it with the heap the target names:
 *
 * <pre>{@code
 * java -Xmx256m -cp integration-benchmarks/target/benchmarks.jar dev.integrationagent.benchmarks.HeapBenchmark 100000
 * }</pre>
 */
public final class HeapBenchmark {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private HeapBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    AtomicLong writes = new AtomicLong();
    try (IntegrationAgent agent = IntegrationAgent.builder()
        .stateStore(StateStores.h2(Files.createTempDirectory("heap-benchmark").resolve("agent")))
        .connection("source", definition(new Source(n)))
        .connection("target", definition(new Target(writes)))
        .sync(SyncPlan.between("source", "target").pageSize(500)).build()) {
      long t0 = System.nanoTime();
      SyncReport report = agent.syncNow("source-target");
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s in %.1f s = %.0f items/s, %d writes%n", report.summary(), s, n / s, writes.get());
    }
    System.out.printf("peak heap (sum of pool peaks): %d MB with -Xmx %d MB%n", PeakHeap.megabytes(),
        PeakHeap.maxMegabytes());
  }

  private static ObjectNode item(long i) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("title", "Item " + i).put("description", "Body of item " + i + " with some **text** in it.")
        .put("priority", i % 2 == 0 ? "High" : "Low");
    doc.putArray("labels").add("bench").add("l" + (i % 10));
    doc.putObject("status").put("name", "Open").put("category", "TODO");
    return doc;
  }

  private static ConnectionDefinition definition(ConnectorSession session) {
    return new ConnectionDefinition() {
      @Override
      public String type() {
        return "synthetic";
      }

      @Override
      public List<String> problems() {
        return List.of();
      }

      @Override
      public Optional<Mapping> mapping() {
        return Optional.of(Mappings.identity());
      }

      @Override
      public ConnectorSession open(ConnectorContext context) {
        return session;
      }
    };
  }

  /** Items 1..n, generated when listed. */
  private record Source(int n) implements ConnectorSession {
    @Override
    public ChangePage changes(Cursor cursor, int pageSize) {
      long from = cursor.isStart() ? 0 : Long.parseLong(cursor.value());
      long to = Math.min(n, from + pageSize);
      List<ExternalItem> items = new java.util.ArrayList<>();
      for (long i = from + 1; i <= to; i++) {
        items.add(ExternalItem.of(Long.toString(i), "1", T0.plusSeconds(i), item(i)));
      }
      return new ChangePage(items, Cursor.of(Long.toString(to)), to < n);
    }

    @Override
    public Optional<ExternalItem> get(String id) {
      return Optional.of(ExternalItem.of(id, "1", T0, item(Long.parseLong(id))));
    }

    @Override
    public ExternalItem create(JsonNode fields, @Nullable String marker) {
      throw new UnsupportedOperationException("the source is read only");
    }

    @Override
    public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
      throw new UnsupportedOperationException("the source is read only");
    }

    @Override
    public ConnectorHealth health() {
      return ConnectorHealth.up(Duration.ZERO);
    }
  }

  /** Accepts writes and keeps nothing. */
  private record Target(AtomicLong writes) implements ConnectorSession {
    @Override
    public ChangePage changes(Cursor cursor, int pageSize) {
      return new ChangePage(List.of(), cursor, false);
    }

    @Override
    public Optional<ExternalItem> get(String id) {
      return Optional.empty();
    }

    @Override
    public ExternalItem create(JsonNode fields, @Nullable String marker) {
      return ExternalItem.of(Long.toString(writes.incrementAndGet()), "1", T0, fields);
    }

    @Override
    public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
      writes.incrementAndGet();
      return ExternalItem.of(id, "2", T0, patch);
    }

    @Override
    public ConnectorHealth health() {
      return ConnectorHealth.up(Duration.ZERO);
    }
  }
}
