package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.FieldConflict;
import dev.integrationagent.api.sync.Resolution;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The sync decision as a pure function: random bases, edits on either side, read-only fields,
 * field sources and conflict policies, thousands of cases a second, no connector and no store.
 */
class DecisionsProperties {
  private static final List<String> FIELDS = List.of("title", "priority", "labels", "status");
  private static final Instant SYNCED = Instant.parse("2026-01-05T10:00:00Z");

  /** The state of one linked pair: the base, and what each side holds now. */
  record Pair(Map<String, JsonNode> base, Map<String, JsonNode> a, Map<String, JsonNode> b) {
    Set<String> changed(Side side) {
      Map<String, JsonNode> now = side == Side.A ? a : b;
      Set<String> out = new java.util.LinkedHashSet<>();
      now.forEach((f, v) -> {
        if (!v.equals(base.get(f))) {
          out.add(f);
        }
      });
      return out;
    }

    Map<String, JsonNode> of(Side side) {
      return side == Side.A ? a : b;
    }
  }

  @Provide
  Arbitrary<Pair> pairs() {
    Arbitrary<String> value = Arbitraries.of("x", "y", "z");
    Arbitrary<Map<String, String>> base = value.list().ofSize(FIELDS.size()).map(DecisionsProperties::byField);
    // each side keeps a field at the base value (more often) or sets it anew
    Arbitrary<List<String>> edits = Arbitraries.of("", "", "x", "y", "z").list().ofSize(FIELDS.size());
    return Combinators.combine(base, edits, edits).as((b, ea, eb) -> new Pair(json(b), json(edited(b, ea)),
        json(edited(b, eb))));
  }

  @Provide
  Arbitrary<Set<String>> readOnly() {
    return Arbitraries.of(FIELDS).set().ofMaxSize(2);
  }

  private static Map<String, String> byField(List<String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      out.put(FIELDS.get(i), values.get(i));
    }
    return out;
  }

  private static Map<String, String> edited(Map<String, String> base, List<String> edits) {
    Map<String, String> out = new LinkedHashMap<>(base);
    for (int i = 0; i < FIELDS.size(); i++) {
      if (!edits.get(i).isEmpty()) {
        out.put(FIELDS.get(i), edits.get(i));
      }
    }
    return out;
  }

  private static Map<String, JsonNode> json(Map<String, String> values) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    values.forEach((f, v) -> out.put(f, TextNode.valueOf(v)));
    return out;
  }

  /** A link whose base both sides held at the last sync. */
  private static Link link(Map<String, JsonNode> base) {
    return new Link("p", "a1", "b1", CanonicalJson.fieldsObject(base), WrittenState.seen(base, null),
        WrittenState.seen(base, null), SYNCED);
  }

  /** The calls a resolver got, and whether it leaves conflicts to a person. */
  static final class Recording implements ConflictResolver {
    final List<FieldConflict> calls = new ArrayList<>();
    final boolean manual;

    Recording(boolean manual) {
      this.manual = manual;
    }

    @Override
    public Resolution resolve(FieldConflict conflict) {
      calls.add(conflict);
      return manual ? Resolution.manual() : Resolution.take(conflict, Side.B);
    }
  }

  private static Decisions.Rules rules(boolean twoWay, ConflictResolver resolver, Set<String> readOnlyA,
      Set<String> readOnlyB) {
    return new Decisions.Rules("p", twoWay, Set.of(Side.A, Side.B), Map.of(), FieldMerge.INSTANCE, resolver,
        (side, field) -> !(side == Side.A ? readOnlyA : readOnlyB).contains(field), side -> false);
  }

  private static Decision merged(Pair pair, Side source, Decisions.Rules rules) {
    Decisions.Pair in = new Decisions.Pair(source, link(pair.base()), pair.a(), pair.b(),
        pair.changed(Side.A).isEmpty() ? SYNCED : SYNCED.plusSeconds(60),
        pair.changed(Side.B).isEmpty() ? SYNCED : SYNCED.plusSeconds(120), false, Set.of(),
        Decisions.Equivalence.EXACT);
    Decisions.Prepared prepared = Decisions.prepare(in);
    return Decisions.merge(in, prepared, Map.of(), Map.of(), rules);
  }

  private static Map<String, JsonNode> to(Decision decision, Side side) {
    return decision instanceof Decision.Update u ? u.to(side) : Map.of();
  }

  @Property(tries = 3000)
  void anEchoNeverYieldsAWrite(@ForAll("pairs") Pair pair, @ForAll boolean twoWay, @ForAll Side source) {
    // the source holds exactly what the agent last saw there (its own write): hashes match
    Map<String, JsonNode> now = pair.of(source);
    Link seen = new Link("p", "a1", "b1", CanonicalJson.fieldsObject(pair.base()), WrittenState.seen(
        source == Side.A ? now : pair.base(), null), WrittenState.seen(source == Side.B ? now : pair.base(), null),
        SYNCED);
    Side listed = twoWay ? source : Side.A;
    Decision decision = Decisions.decide(new Decisions.Change(listed, false, null,
        listed == source ? now : pair.base(), seen), rules(twoWay, new Recording(false), Set.of(), Set.of()));
    assertThat(decision).isInstanceOf(Decision.SkipEcho.class);
  }

  @Property(tries = 3000)
  void unchangedInputYieldsNoWrite(@ForAll("pairs") Pair pair, @ForAll Side source) {
    Pair unchanged = new Pair(pair.base(), pair.base(), pair.base());
    Recording resolver = new Recording(false);
    Decisions.Rules rules = rules(true, resolver, Set.of(), Set.of());
    assertThat(Decisions.decide(new Decisions.Change(source, false, null, pair.base(), link(pair.base())), rules))
        .isInstanceOf(Decision.SkipEcho.class);
    Decision decision = merged(unchanged, source, rules);
    assertThat(to(decision, Side.A)).isEmpty();
    assertThat(to(decision, Side.B)).isEmpty();
    assertThat(resolver.calls).isEmpty();
  }

  @Property(tries = 3000)
  void aFieldChangedOnOneSideOnlyFlowsToTheOther(@ForAll("pairs") Pair pair, @ForAll Side source) {
    Decision decision = merged(pair, source, rules(true, new Recording(false), Set.of(), Set.of()));
    for (Side side : Side.values()) {
      for (String field : pair.changed(side)) {
        if (!pair.changed(side.other()).contains(field)) {
          assertThat(to(decision, side.other())).as(field + " changed on " + side + " only")
              .containsEntry(field, pair.of(side).get(field));
          assertThat(to(decision, side)).doesNotContainKey(field);
        }
      }
    }
  }

  @Property(tries = 3000)
  void bothChangedToDifferentValuesAlwaysGoesThroughTheResolver(@ForAll("pairs") Pair pair, @ForAll Side source,
      @ForAll boolean manual) {
    Recording resolver = new Recording(manual);
    Decision decision = merged(pair, source, rules(true, resolver, Set.of(), Set.of()));
    Set<String> contested = new java.util.LinkedHashSet<>(pair.changed(Side.A));
    contested.retainAll(pair.changed(Side.B));
    contested.removeIf(f -> pair.a().get(f).equals(pair.b().get(f)));
    assertThat(resolver.calls).extracting(FieldConflict::field).containsExactlyInAnyOrderElementsOf(contested);
    if (!(decision instanceof Decision.Update update)) {
      assertThat(contested).as("nothing to merge, nothing contested").isEmpty();
      return;
    }
    assertThat(update.conflicting()).containsExactlyInAnyOrderElementsOf(contested);
    if (manual) {
      assertThat(update.parked()).extracting(FieldConflict::field).containsExactlyInAnyOrderElementsOf(contested);
      contested.forEach(f -> {
        assertThat(update.toA()).doesNotContainKey(f);
        assertThat(update.toB()).doesNotContainKey(f);
      });
    } else {
      contested.forEach(f -> assertThat(update.toA()).as("B's value wins").containsEntry(f, pair.b().get(f)));
    }
  }

  @Property(tries = 3000)
  void oneWayNeverWritesTheSource(@ForAll("pairs") Pair pair) {
    Decision decision = Decisions.decide(new Decisions.Change(Side.A, false, null, pair.a(), link(pair.base())),
        rules(false, new Recording(false), Set.of(), Set.of()));
    assertThat(to(decision, Side.A)).isEmpty();
    assertThat(to(decision, Side.B)).isEqualTo(CanonicalJson.select(pair.a(), pair.changed(Side.A)));
    if (pair.changed(Side.A).isEmpty()) {
      assertThat(decision).isInstanceOf(Decision.SkipEcho.class);
    }
  }

  @Property(tries = 3000)
  void aFieldIsNeverWrittenToASideThatMayNotTakeIt(@ForAll("pairs") Pair pair, @ForAll Side source,
      @ForAll("readOnly") Set<String> readOnlyA, @ForAll("readOnly") Set<String> readOnlyB, @ForAll boolean manual) {
    Decisions.Rules rules = rules(true, new Recording(manual), readOnlyA, readOnlyB);
    Decision decision = merged(pair, source, rules);
    assertThat(to(decision, Side.A).keySet()).noneMatch(readOnlyA::contains);
    assertThat(to(decision, Side.B).keySet()).noneMatch(readOnlyB::contains);
    // a field A may not take follows A (unless a person is to decide it)
    for (String field : readOnlyA) {
      if (!manual && !readOnlyB.contains(field) && !pair.a().get(field).equals(pair.b().get(field))
          && decision instanceof Decision.Update u) {
        assertThat(u.base()).as(field + " follows A").containsEntry(field, pair.a().get(field));
      }
    }
    Decision create = Decisions.decide(new Decisions.Change(source, false, null, pair.of(source), null), rules);
    assertThat(((Decision.Create) create).fields()).noneMatch((source == Side.A ? readOnlyB : readOnlyA)::contains);
  }
}
