package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of edits on both sides and passes, under random conflict policies: after
 * every pass both sides hold what the policy dictates (no field edit lost, no silent overwrite),
 * and a pass right after writes nothing (no echo).
 */
class ConvergenceProperties {

  /** One step: an edit of a field on a side, or a pass. */
  record Step(Side side, String field, String value, boolean sync) {
    @Override
    public String toString() {
      return sync ? "sync" : side + "." + field + "=" + value;
    }
  }

  enum Policy { LAST_WRITE_WINS, A_WINS, B_WINS }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> edit = Combinators.combine(Arbitraries.of(Side.class), Arbitraries.of("title", "priority", "labels"),
            Arbitraries.of("x", "y", "z"))
        .as((side, field, value) -> new Step(side, field, value, false));
    Arbitrary<Step> sync = Arbitraries.just(new Step(Side.A, "", "", true));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, edit), net.jqwik.api.Tuple.of(1, sync))
        .list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 250)
  void bothSidesEndAsThePolicyDictates(@ForAll("steps") List<Step> steps, @ForAll Policy policy,
      @ForAll boolean aLocks, @ForAll boolean bLocks) {
    FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    // a side with optimistic locking is merged against its state as last seen, without a read
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).optimisticLocking(aLocks).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).optimisticLocking(bLocks).build();
    ConflictPolicy conflicts = switch (policy) {
      case LAST_WRITE_WINS -> ConflictPolicy.lastWriteWins();
      case A_WINS -> ConflictPolicy.sourceWins("a");
      case B_WINS -> ConflictPolicy.sourceWins("b");
    };
    String aId = a.add(WorkItem.builder().title("start").priority("start").labels(List.of("start")).build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b").twoWay().conflicts(conflicts))
        .build()) {
      agent.syncNow("a-b");
      String bId = b.items().keySet().iterator().next();
      Map<String, String> base = fields(a.item(aId).orElseThrow());
      Map<Side, Instant> lastEdit = new EnumMap<>(Side.class);
      List<Step> all = new ArrayList<>(steps);
      all.add(new Step(Side.A, "", "", true));
      for (Step step : all) {
        clock.advance(Duration.ofSeconds(1));
        if (!step.sync()) {
          InMemoryConnector side = step.side() == Side.A ? a : b;
          side.edit(step.side() == Side.A ? aId : bId, i -> set(i, step.field(), step.value()));
          lastEdit.put(step.side(), clock.instant());
          continue;
        }
        Map<String, String> aNow = fields(a.item(aId).orElseThrow());
        Map<String, String> bNow = fields(b.item(bId).orElseThrow());
        Map<String, String> expected = new LinkedHashMap<>();
        for (String field : base.keySet()) {
          boolean aChanged = !Objects.equals(aNow.get(field), base.get(field));
          boolean bChanged = !Objects.equals(bNow.get(field), base.get(field));
          String value;
          if (aChanged && bChanged && !aNow.get(field).equals(bNow.get(field))) {
            boolean aWins = switch (policy) {
              case A_WINS -> true;
              case B_WINS -> false;
              case LAST_WRITE_WINS -> !lastEdit.getOrDefault(Side.B, Instant.MIN)
                  .isAfter(lastEdit.getOrDefault(Side.A, Instant.MIN));
            };
            value = aWins ? aNow.get(field) : bNow.get(field);
          } else {
            value = aChanged ? aNow.get(field) : bNow.get(field);
          }
          expected.put(field, value);
        }
        agent.syncNow("a-b");
        assertThat(fields(a.item(aId).orElseThrow())).as("A after %s", steps).isEqualTo(expected);
        assertThat(fields(b.item(bId).orElseThrow())).as("B after %s", steps).isEqualTo(expected);
        int writes = a.writeCount() + b.writeCount();
        agent.syncNow("a-b");
        assertThat(a.writeCount() + b.writeCount()).as("no echo writes after %s", steps).isEqualTo(writes);
        base = expected;
        lastEdit.clear();
      }
    }
  }

  private static Map<String, String> fields(WorkItem item) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("title", item.title());
    out.put("priority", item.priority());
    out.put("labels", String.join(",", item.labels()));
    return out;
  }

  private static WorkItem set(WorkItem item, String field, String value) {
    return switch (field) {
      case "title" -> item.toBuilder().title(value).build();
      case "priority" -> item.toBuilder().priority(value).build();
      default -> item.toBuilder().labels(List.of(value)).build();
    };
  }
}
