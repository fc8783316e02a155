package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.sync.Resolution;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two-way decision of one linked item ({@link Decisions#prepare} then {@link Decisions#merge}),
 * against the bare three-way diff of the same fields (each side's values compared with the base)
 * measured in the same run: what deciding costs beyond noticing what changed. 1,024 items of 8
 * canonical fields, each side changing about a quarter of them, a few both (B taken where both did).
 *
 * <pre>{@code
 * java -jar integration-benchmarks/target/benchmarks.jar DecisionBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  private static final List<String> FIELDS = List.of("title", "description", "status", "priority", "assignees",
      "labels", "dueDate", "custom.points");
  private static final Instant SYNCED = Instant.parse("2026-01-05T10:00:00Z");

  private final List<Decisions.Pair> pairs = new ArrayList<>();
  private Decisions.Rules rules;
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    for (int i = 0; i < 1024; i++) {
      Map<String, JsonNode> base = new LinkedHashMap<>();
      Map<String, JsonNode> a = new LinkedHashMap<>();
      Map<String, JsonNode> b = new LinkedHashMap<>();
      for (String field : FIELDS) {
        JsonNode value = TextNode.valueOf(field + " of item " + i);
        base.put(field, value);
        a.put(field, random.nextInt(4) == 0 ? TextNode.valueOf("edited in A " + i) : value);
        b.put(field, random.nextInt(4) == 0 ? TextNode.valueOf("edited in B " + i) : value);
      }
      Link link = new Link("p", "a" + i, "b" + i, CanonicalJson.fieldsObject(base), WrittenState.seen(base, null),
          WrittenState.seen(base, null), SYNCED);
      pairs.add(new Decisions.Pair(Side.A, link, a, b, SYNCED.plusSeconds(60), SYNCED.plusSeconds(120), false,
          Set.of(), Decisions.Equivalence.EXACT));
    }
    rules = new Decisions.Rules("p", true, Set.of(Side.A, Side.B), Map.of(), FieldMerge.INSTANCE,
        conflict -> Resolution.take(conflict, Side.B), (side, field) -> true, side -> false);
  }

  private Decisions.Pair nextPair() {
    next = (next + 1) & 1023;
    return pairs.get(next);
  }

  @Benchmark
  public Object decision() {
    Decisions.Pair pair = nextPair();
    Decisions.Prepared prepared = Decisions.prepare(pair);
    return Decisions.merge(pair, prepared, Map.of(), Map.of(), rules);
  }

  /** The baseline: which fields each side changed since the base, and nothing more. */
  @Benchmark
  public Object threeWayDiff() {
    Decisions.Pair pair = nextPair();
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(pair.recorded().base());
    int changed = 0;
    for (String field : FIELDS) {
      JsonNode was = base.getOrDefault(field, JsonNodeFactory.instance.nullNode());
      changed += was.equals(pair.aFields().get(field)) ? 0 : 1;
      changed += was.equals(pair.bFields().get(field)) ? 0 : 2;
    }
    return changed;
  }
}
