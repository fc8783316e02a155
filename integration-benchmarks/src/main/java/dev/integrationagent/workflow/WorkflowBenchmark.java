package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.integrationagent.StateStores;
import dev.integrationagent.Workflows;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.mapping.Jslt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workflows' cost per event. {@code match}: 1,000 loaded workflows (20 event types, each with a
 * connection, a field and a value to match, and a JSLT condition), an event through trigger matching
 * and the condition of each workflow it triggers. {@code engineToFirstAction} against
 * {@code handWrittenListener}: the time from an event to its first action's call, through the engine
 * (run record and its events saved before and after the step, on the in-memory store), against a
 * listener that calls the same action directly.
 *
 * <pre>{@code
 * java -jar integration-benchmarks/target/benchmarks.jar WorkflowBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s
 * }</pre>
 */
@State(Scope.Benchmark)
public class WorkflowBenchmark {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private WorkflowEngine loaded;
  private List<ChangeEvent> events;
  private WorkflowEngine single;
  private final Counting action = new Counting();
  private int next;

  /** An action that only counts its calls. */
  static final class Counting implements ActionHandler {
    long calls;

    @Override
    public String type() {
      return "count";
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode params) {
      calls++;
      return ActionResult.done("counted");
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    List<Workflow> workflows = new ArrayList<>();
    String[] types = {EventTypes.ITEM_UPDATED, EventTypes.ITEM_CREATED, EventTypes.ITEM_DELETED};
    for (int i = 0; i < 1000; i++) {
      String doc = """
          {"schemaVersion": 1, "id": "w%d", "nodes": [
            {"id": "t", "type": "trigger", "params": {"on": "event", "event": "%s", "connection": "c%d", "field": "status",
             "to": "S%d"}},
            {"id": "c", "type": "condition", "params": {"if": "contains(\\"bug\\", .item.labels) and .event.origin == \\"TOOL\\""}},
            {"id": "a", "type": "action", "params": {"action": "count"}}],
           "edges": [{"id": "e1", "from": {"node": "t"}, "to": {"node": "c"}},
                     {"id": "e2", "from": {"node": "c", "port": "true"}, "to": {"node": "a"}}]}
          """.formatted(i, types[i % 3], i % 20, i % 10);
      workflows.add(Workflows.fromJson(doc));
    }
    StateStore store = StateStores.inMemory();
    loaded = new WorkflowEngine(workflows, Map.of("count", action), store, store, "bench", Clock.systemUTC(),
        org.slf4j.helpers.NOPLogger.NOP_LOGGER, j -> j);
    events = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      events.add(event(i % 20, "S" + (i % 10), i % 3 == 0 ? EventTypes.ITEM_UPDATED : EventTypes.ITEM_CREATED));
    }
    StateStore own = StateStores.inMemory();
    single = new WorkflowEngine(List.of(Workflows.fromJson("""
        {"schemaVersion": 1, "id": "one", "nodes": [
          {"id": "t", "type": "trigger", "params": {"on": "event", "event": "item.updated", "labelAdded": "bug"}},
          {"id": "a", "type": "action", "params": {"action": "count"}}],
         "edges": [{"id": "e1", "from": {"node": "t"}, "to": {"node": "a"}}]}
        """)), Map.of("count", action), own, own, "bench", Clock.systemUTC(), org.slf4j.helpers.NOPLogger.NOP_LOGGER,
        j -> j);
  }

  private static ChangeEvent event(int connection, String status, String type) {
    return ChangeEvent.builder(type, ChangeEvent.Origin.TOOL, java.time.Instant.now()).connection("c" + connection)
        .item("42").snapshot(N.objectNode().put("title", "Crash").set("labels", N.arrayNode().add("bug")))
        .changes(Map.of("status", new FieldChange(N.textNode("S0"), N.textNode(status)),
            "labels", new FieldChange(N.arrayNode(), N.arrayNode().add("bug")))).build();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void match(Blackhole bh) {
    ChangeEvent e = events.get(next++ & 255);
    List<Workflow> matched = loaded.triggered(e);
    if (!matched.isEmpty()) {
      // what a condition sees, as a run's record gives it: the event, its item, no variables or steps yet
      com.fasterxml.jackson.databind.node.ObjectNode in = N.objectNode();
      in.set("event", EventJson.toJson(e));
      in.set("item", e.snapshot());
      in.putObject("vars");
      in.putObject("steps");
      for (Workflow w : matched) {
        bh.consume(Jslt.apply(((Workflow.ConditionNode) w.nodes().get("c")).test(), in));
      }
    }
  }

  private ChangeEvent labelled() {
    return ChangeEvent.builder(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, java.time.Instant.now())
        .connection("github").item(Integer.toString(next++))
        .changes(Map.of("labels", new FieldChange(N.arrayNode(), N.arrayNode().add("bug")))).build();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long engineToFirstAction() {
    single.onEvent(labelled());
    return action.calls;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long handWrittenListener() {
    ChangeEvent e = labelled();
    var labels = e.changes().get("labels");
    if (e.type().equals(EventTypes.ITEM_UPDATED) && labels != null && labels.newValue().toString().contains("\"bug\"")) {
      action.execute(null, N.objectNode());
    }
    return action.calls;
  }
}
