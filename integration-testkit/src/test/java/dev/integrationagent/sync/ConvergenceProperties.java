package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of edits on both sides and passes, under random conflict policies: after
 * every pass both sides hold what the policy dictates (no field edit lost, no silent overwrite),
 * and a pass right after writes nothing (no echo). Some edits of either side land while a pass
 * runs, right after it listed A and before it writes; and side B may drop the priority of a create, as
 * Redmine drops a status.
 *
 * <p>Last-write-wins goes by each field's own last write on each side, a field set and set back
 * included, as the tools' histories tell it ({@code fieldsChangedAt}).
 */
class ConvergenceProperties {

  /** One step: an edit of a field on a side (now, or while the next pass runs), or a pass. */
  record Step(Side side, String field, String value, boolean sync, boolean duringPass) {
    @Override
    public String toString() {
      return sync ? "sync" : side + "." + field + "=" + value + (duringPass ? " (during the next pass)" : "");
    }
  }

  enum Policy { LAST_WRITE_WINS, A_WINS, B_WINS }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> edit = Combinators.combine(Arbitraries.of(Side.class), Arbitraries.of("title", "priority", "labels"),
            Arbitraries.of("x", "y", "z"), Arbitraries.of(false, false, false, true))
        .as((side, field, value, duringPass) -> new Step(side, field, value, false, duringPass));
    Arbitrary<Step> sync = Arbitraries.just(new Step(Side.A, "", "", true, false));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, edit), net.jqwik.api.Tuple.of(1, sync))
        .list().ofMinSize(1).ofMaxSize(25);
  }

  /**
   * A listed at z, then moved on to x; B set to z after that (the field's last write). With both
   * sides locking, the first write to B is refused as stale: its mark must not make B's z look
   * like the agent's own.
   */
  @net.jqwik.api.Example
  void aRefusedStaleWriteLeavesNoMarkThatTakesAPersonsEqualEditForTheAgents() {
    bothSidesEndAsThePolicyDictates(List.of(new Step(Side.A, "priority", "x", false, true),
        new Step(Side.A, "priority", "z", false, false), new Step(Side.B, "priority", "z", false, true)),
        Policy.LAST_WRITE_WINS, true, true, true);
  }

  /** The same without locking: the sides agree only through A's stale listing. */
  @net.jqwik.api.Example
  void sidesThatAgreeOnlyThroughAStaleListingAreNotTakenAsAgreed() {
    bothSidesEndAsThePolicyDictates(List.of(new Step(Side.A, "priority", "x", false, true),
        new Step(Side.A, "priority", "z", false, false), new Step(Side.B, "priority", "z", false, true)),
        Policy.LAST_WRITE_WINS, false, false, false);
  }

  /**
   * B set labels and back while a pass ran, after A's edit that the pass's listing missed: B's
   * set-back is the later write. The next pass, finding A's edit older than its last save, weighs
   * the fields' own times instead of taking A's value as the only change.
   */
  @net.jqwik.api.Example
  void aSetBackMadeDuringAPassAfterAnEditItsListingMissedIsTheLaterWrite() {
    bothSidesEndAsThePolicyDictates(List.of(new Step(Side.A, "title", "x", false, false),
        new Step(Side.A, "labels", "x", false, true), new Step(Side.B, "labels", "x", false, false),
        new Step(Side.B, "labels", "start", false, true)),
        Policy.LAST_WRITE_WINS, true, true, false);
  }

  @Property(tries = 1000)
  void bothSidesEndAsThePolicyDictates(@ForAll("steps") List<Step> steps, @ForAll Policy policy,
      @ForAll boolean aLocks, @ForAll boolean bLocks, @ForAll boolean bDropsCreatedPriority) {
    FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    // a side with optimistic locking is merged against its state as last seen, without a read
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).optimisticLocking(aLocks).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).optimisticLocking(bLocks).build();
    ConflictPolicy conflicts = switch (policy) {
      case LAST_WRITE_WINS -> ConflictPolicy.lastWriteWins();
      case A_WINS -> ConflictPolicy.sourceWins("a");
      case B_WINS -> ConflictPolicy.sourceWins("b");
    };
    AtomicReference<Runnable> duringListing = new AtomicReference<>();
    ConnectionDefinition aSide = ForwardingConnectorSession.wrap(a, s -> new ForwardingConnectorSession(s) {
      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        ChangePage page = super.changes(cursor, pageSize);
        Runnable person = duringListing.getAndSet(null);
        if (person != null) {
          person.run(); // A was just listed; the pass has not written yet
        }
        return page;
      }
    });
    ConnectionDefinition bSide = !bDropsCreatedPriority ? b : ForwardingConnectorSession.wrap(b,
        s -> new ForwardingConnectorSession(s) {
          @Override
          public ExternalItem create(JsonNode fields, @Nullable String marker) {
            ObjectNode without = fields.deepCopy();
            without.remove("priority");
            return super.create(without, marker);
          }
        });
    String aId = a.add(WorkItem.builder().title("start").priority("start").labels(List.of("start")).build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", aSide).connection("b", bSide).sync(SyncPlan.between("a", "b").twoWay().conflicts(conflicts))
        .build()) {
      agent.syncNow("a-b");
      String bId = b.items().keySet().iterator().next();
      assertThat(fields(b.item(bId).orElseThrow())).as("the create, completed where B dropped part of it")
          .isEqualTo(fields(a.item(aId).orElseThrow()));
      Map<String, String> base = fields(a.item(aId).orElseThrow());
      // per side and field, when it was last written since the last pass (set back included)
      Map<Side, Map<String, Instant>> written = new EnumMap<>(Map.of(Side.A, new LinkedHashMap<>(), Side.B,
          new LinkedHashMap<>()));
      List<Step> pending = new ArrayList<>();
      List<Step> all = new ArrayList<>(steps);
      all.add(new Step(Side.A, "", "", true, false));
      for (Step step : all) {
        clock.advance(Duration.ofSeconds(1));
        if (!step.sync()) {
          // an edit of A while a pass runs, right after it listed A (a listing seconds old), is
          // judged under last-write-wins only: there a later write wins whether this pass or the
          // next one finds it, where a fixed winner would depend on which
          if (step.duringPass() && policy == Policy.LAST_WRITE_WINS) {
            pending.add(step);
          } else {
            edit(step, a, aId, b, bId, written, clock);
          }
          continue;
        }
        List<Step> now = List.copyOf(pending);
        pending.clear();
        if (!now.isEmpty()) {
          duringListing.set(() -> now.forEach(p -> {
            clock.advance(Duration.ofSeconds(1));
            edit(p, a, aId, b, bId, written, clock);
          }));
        }
        // what the pass sees in the end: the edits made while it runs included, at the pass's time
        Map<String, String> aNow = fields(a.item(aId).orElseThrow());
        Map<String, String> bNow = fields(b.item(bId).orElseThrow());
        Map<Side, Map<String, Instant>> writtenByThen = new EnumMap<>(Map.of(
            Side.A, new LinkedHashMap<>(written.get(Side.A)), Side.B, new LinkedHashMap<>(written.get(Side.B))));
        Instant at = clock.instant();
        for (Step p : now) {
          at = at.plusSeconds(1);
          Map<String, String> sideNow = p.side() == Side.A ? aNow : bNow;
          if (!Objects.equals(sideNow.get(p.field()), p.value())) {
            sideNow.put(p.field(), p.value());
            writtenByThen.get(p.side()).put(p.field(), at);
          }
        }
        Map<String, String> expected = expected(base, aNow, bNow, writtenByThen, policy);
        agent.syncNow("a-b");
        if (!now.isEmpty()) {
          // an edit of a side the pass did not write again is found by the next pass
          clock.advance(Duration.ofSeconds(1));
          agent.syncNow("a-b");
        }
        assertThat(fields(a.item(aId).orElseThrow())).as("A after %s", steps).isEqualTo(expected);
        assertThat(fields(b.item(bId).orElseThrow())).as("B after %s", steps).isEqualTo(expected);
        int writes = a.writeCount() + b.writeCount();
        clock.advance(Duration.ofSeconds(1));
        agent.syncNow("a-b");
        assertThat(a.writeCount() + b.writeCount()).as("no echo writes after %s", steps).isEqualTo(writes);
        base = expected;
        written.values().forEach(Map::clear);
      }
    }
  }

  /** Applies a person's edit; a write that changes the value is that field's last write on that side. */
  private static void edit(Step step, InMemoryConnector a, String aId, InMemoryConnector b, String bId,
      Map<Side, Map<String, Instant>> written, FakeClock clock) {
    InMemoryConnector side = step.side() == Side.A ? a : b;
    String id = step.side() == Side.A ? aId : bId;
    if (!Objects.equals(fields(side.item(id).orElseThrow()).get(step.field()), step.value())) {
      side.edit(id, i -> set(i, step.field(), step.value()));
      written.get(step.side()).put(step.field(), clock.instant());
    }
  }

  /**
   * What both sides hold after a pass. Under last-write-wins, what the side that wrote the field
   * last holds. Otherwise a field changed on one side flows to the other, unless the other side
   * wrote it later (set back to the base), and then both changed it; a field both changed to
   * different values goes to the policy.
   */
  private static Map<String, String> expected(Map<String, String> base, Map<String, String> aNow,
      Map<String, String> bNow, Map<Side, Map<String, Instant>> written, Policy policy) {
    Map<String, String> expected = new LinkedHashMap<>();
    if (policy == Policy.LAST_WRITE_WINS) {
      // the side that wrote the field last holds what both end with
      for (String field : base.keySet()) {
        Instant aAt = written.get(Side.A).get(field);
        Instant bAt = written.get(Side.B).get(field);
        expected.put(field, aAt == null && bAt == null ? base.get(field)
            : bAt == null || aAt != null && aAt.isAfter(bAt) ? aNow.get(field) : bNow.get(field));
      }
      return expected;
    }
    boolean aItemEdited = !written.get(Side.A).isEmpty();
    boolean bItemEdited = !written.get(Side.B).isEmpty();
    for (String field : base.keySet()) {
      Instant aAt = written.get(Side.A).get(field);
      Instant bAt = written.get(Side.B).get(field);
      boolean aChanged = !Objects.equals(aNow.get(field), base.get(field));
      boolean bChanged = !Objects.equals(bNow.get(field), base.get(field));
      if (aChanged && !bChanged && bItemEdited && bAt != null && bAt.isAfter(aAt)) {
        bChanged = true; // B set the field back, after A's change
      }
      if (bChanged && !aChanged && aItemEdited && aAt != null && aAt.isAfter(bAt)) {
        aChanged = true;
      }
      String value;
      if (aChanged && bChanged && !aNow.get(field).equals(bNow.get(field))) {
        boolean aWins = switch (policy) {
          case A_WINS -> true;
          case B_WINS -> false;
          case LAST_WRITE_WINS -> bAt == null || aAt != null && !bAt.isAfter(aAt);
        };
        value = aWins ? aNow.get(field) : bNow.get(field);
      } else {
        value = aChanged ? aNow.get(field) : bNow.get(field);
      }
      expected.put(field, value);
    }
    return expected;
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
