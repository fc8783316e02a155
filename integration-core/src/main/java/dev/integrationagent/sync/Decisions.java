package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.CanonicalFields;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.MergeInput;
import dev.integrationagent.api.sync.MergeResult;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.api.sync.SyncStrategy;
import dev.integrationagent.mapping.CanonicalJson;
import dev.integrationagent.mapping.ScopeFilter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * One item's sync decision as a pure function: of the change (the source's canonical fields), its
 * link and base, the other side's state (read before deciding), and the plan's rules. No store, no
 * session, no clock: the executor reads everything first and acts on the {@link Decision} after.
 *
 * <p>A two-way merge is decided in two steps, since which fields' own change times it needs (read
 * from the tools' histories) follows from the sides' changes: {@link #prepare} says which, and
 * {@link #merge} decides once they are read.
 */
final class Decisions {
  private Decisions() {}

  /** Whether two values of a field mean the same as far as both tools can express them. */
  @FunctionalInterface
  interface Equivalence {
    boolean same(String field, JsonNode a, JsonNode b);

    Equivalence EXACT = (field, x, y) -> false;
  }

  /**
   * The plan's rules a decision follows.
   *
   * @param writable whether the plan may write a field to a side (its mapping can, and no field
   *     source forbids it)
   * @param createsAllCustom whether creates on a side write every custom field
   */
  record Rules(String planId, boolean twoWay, Set<Side> createIn, Map<Side, ScopeFilter> scopes,
      SyncStrategy strategy, ConflictResolver resolver, java.util.function.BiPredicate<Side, String> writable,
      java.util.function.Predicate<Side> createsAllCustom) {
    static Rules of(PlanContext ctx) {
      PlanRunner.Settings s = ctx.settings();
      return new Rules(s.planId(), s.twoWay(), s.createIn(), s.scopes(), s.strategy(), s.resolver(),
          (side, field) -> ctx.writable(ctx.participant(side), field),
          side -> ctx.participant(side).mapping().writableFields().contains(CanonicalFields.ALL_CUSTOM));
    }
  }

  /**
   * A change a tool reported.
   *
   * @param canonical the item as canonical (null for a delete)
   * @param fields its fields in play
   * @param link its link, or null when it has none
   */
  record Change(Side source, boolean deleted, @Nullable WorkItem canonical, Map<String, JsonNode> fields,
      @Nullable Link link) {}

  /** Whether the item takes part in the plan on its side. */
  static boolean inScope(Rules rules, Side side, WorkItem canonical) {
    ScopeFilter scope = rules.scopes().get(side);
    return scope == null || scope.test(canonical);
  }

  /** The decision for a change as far as the source alone tells; {@link Decision.ReadOtherSide} when not. */
  static Decision decide(Change change, Rules rules) {
    if (change.deleted()) {
      return new Decision.Delete();
    }
    if (change.canonical() != null && !inScope(rules, change.source(), change.canonical())) {
      return new Decision.OutOfScope();
    }
    Link link = change.link();
    if (link == null) {
      Side target = change.source().other();
      return rules.createIn().contains(target) ? new Decision.Create(target, fieldsFor(rules, target, change.fields()))
          : new Decision.Unchanged("the plan creates no items on side " + target);
    }
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(link.base());
    if (!rules.twoWay()) {
      Set<String> changed = changedSince(link, Side.A, change.fields(), base);
      if (changed.isEmpty()) {
        return new Decision.SkipEcho();
      }
      Map<String, JsonNode> writes = CanonicalJson.select(change.fields(), changed);
      Map<String, JsonNode> newBase = new LinkedHashMap<>(base);
      newBase.putAll(writes);
      return new Decision.Update(Map.of(), writes, newBase, List.of(), Set.of(), false);
    }
    if (!PendingWrites.any(link) && changedSince(link, change.source(), change.fields(), base).isEmpty()) {
      // nothing new on this side (often the echo of our own write): no need to read the other
      // side, whose own changes its listing brings
      return new Decision.SkipEcho();
    }
    return new Decision.ReadOtherSide();
  }

  /** The fields a create writes: those in play that the target can write, custom ones included. */
  static Set<String> fieldsFor(Rules rules, Side target, Map<String, JsonNode> fields) {
    Set<String> out = new LinkedHashSet<>();
    fields.keySet().stream().filter(f -> rules.writable().test(target, f)).forEach(out::add);
    if (rules.createsAllCustom().test(target)) {
      out.add(CanonicalFields.ALL_CUSTOM);
    }
    return out;
  }

  /**
   * Both sides of a linked pair, as the merge sees them.
   *
   * @param recorded the link as stored, marks of unrecorded writes included
   * @param otherAsSeen whether the other side was not read but trusted as last seen (its fields are the base)
   * @param queued fields with a conflict queued for a person: they take no part
   * @param same which values mean the same on both tools
   */
  record Pair(Side source, Link recorded, Map<String, JsonNode> aFields, Map<String, JsonNode> bFields,
      Instant aUpdatedAt, Instant bUpdatedAt, boolean otherAsSeen, Set<String> queued, Equivalence same) {}

  /**
   * The first step of a merge.
   *
   * @param link the link with marks of unrecorded writes settled against both sides
   * @param aSeen the fields A's tool changed since the last sync (the agent's echo left out), for its event
   * @param bSeen the same of B
   * @param aChanged A's changes that take part in the merge
   * @param timed fields whose own change times the merge needs; empty when {@link #nothing}
   * @param nothing whether there is nothing to merge
   */
  record Prepared(Link link, Map<String, JsonNode> base, Set<String> aSeen, Set<String> bSeen, Set<String> aChanged,
      Set<String> bChanged, Set<String> aLanded, Set<String> bLanded, Map<String, JsonNode> aInMerge,
      Map<String, JsonNode> bInMerge, boolean agreedByBoth, Set<String> perhapsRewritten, Set<String> timed,
      boolean nothing) {
    Set<String> seen(Side side) {
      return side == Side.A ? aSeen : bSeen;
    }
  }

  static Prepared prepare(Pair pair) {
    Link recorded = pair.recorded();
    Map<String, JsonNode> aFields = pair.aFields();
    Map<String, JsonNode> bFields = pair.bFields();
    // both sides are known here (a link with marks is never merged against the state as seen)
    Link link = PendingWrites.any(recorded) ? PendingWrites.settle(recorded, aFields, bFields) : recorded;
    // fields the agent itself wrote since the last save: their change times are its own
    Set<String> aLanded = PendingWrites.landed(recorded, Side.A, aFields);
    Set<String> bLanded = PendingWrites.landed(recorded, Side.B, bFields);
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(link.base());
    Set<String> aChanged = changedSince(link, Side.A, aFields, base);
    Set<String> bChanged = changedSince(link, Side.B, bFields, base);
    if (pair.otherAsSeen()) {
      (pair.source() == Side.A ? bChanged : aChanged).clear(); // as seen: unchanged, its write checks that
    }
    Set<String> aSeen = Set.copyOf(aChanged);
    Set<String> bSeen = Set.copyOf(bChanged);
    aChanged.removeAll(pair.queued());
    bChanged.removeAll(pair.queued());
    for (String field : List.copyOf(aChanged)) {
      if (bChanged.contains(field) && !aFields.get(field).equals(bFields.get(field))
          && pair.same().same(field, aFields.get(field), bFields.get(field))) {
        // both sides moved to values that mean the same as far as both tools can express
        aChanged.remove(field);
        bChanged.remove(field);
      }
    }
    Map<String, JsonNode> aInMerge = without(aFields, pair.queued());
    Map<String, JsonNode> bInMerge = without(bFields, pair.queued());
    if (aChanged.isEmpty() && bChanged.isEmpty()) {
      // nothing new on either side: an echo of our own write, or a change out of scope
      return new Prepared(link, base, aSeen, bSeen, aChanged, bChanged, aLanded, bLanded, aInMerge, bInMerge, false,
          Set.of(), Set.of(), true);
    }
    Set<String> contested = new LinkedHashSet<>(aChanged);
    contested.retainAll(bChanged);
    // fields both sides changed to the same value: agreed, as far as the source's listing is current
    boolean agreedByBoth = contested.removeIf(field -> Objects.equals(aInMerge.get(field), bInMerge.get(field)));
    // a field one side changed, on an item the other side also edited since the last sync: the
    // other may have set the field too and back (closed, then reopened) and be the later writer
    // - and so may it where the change is older than the last save: that pass's listing missed it,
    //   and the other side, as that pass saw it, may have been written after it
    Set<String> perhapsRewritten = new LinkedHashSet<>();
    if (pair.bUpdatedAt().isAfter(link.syncedAt()) || pair.aUpdatedAt().isBefore(link.syncedAt())) {
      aChanged.stream().filter(f -> !bChanged.contains(f) && !bLanded.contains(f)).forEach(perhapsRewritten::add);
    }
    if (pair.aUpdatedAt().isAfter(link.syncedAt()) || pair.bUpdatedAt().isBefore(link.syncedAt())) {
      bChanged.stream().filter(f -> !aChanged.contains(f) && !aLanded.contains(f)).forEach(perhapsRewritten::add);
    }
    Set<String> timed = new LinkedHashSet<>(contested);
    timed.addAll(perhapsRewritten);
    return new Prepared(link, base, aSeen, bSeen, aChanged, bChanged, aLanded, bLanded, aInMerge, bInMerge,
        agreedByBoth, perhapsRewritten, timed, false);
  }

  /** The second step: the merge, with the fields' own change times read where the tools tell them. */
  static Decision merge(Pair pair, Prepared p, Map<String, Instant> aTimes, Map<String, Instant> bTimes,
      Rules rules) {
    return merge(pair, p, aTimes, bTimes, null, null, rules);
  }

  /**
   * The second step, knowing also when the agent last wrote each field to each side
   * ({@code aWritten}: to A; from the link's history; null when not read): a write of the other
   * side's field later than both the moving side's change and the agent's own last write of it
   * there is a person's.
   */
  static Decision merge(Pair pair, Prepared p, Map<String, Instant> aTimes, Map<String, Instant> bTimes,
      @Nullable Map<String, Instant> aWritten, @Nullable Map<String, Instant> bWritten, Rules rules) {
    if (p.nothing()) {
      return new Decision.Unchanged("nothing new on either side");
    }
    Set<String> aChanged = new LinkedHashSet<>(p.aChanged());
    Set<String> bChanged = new LinkedHashSet<>(p.bChanged());
    Instant syncedAt = p.link().syncedAt();
    for (String field : p.perhapsRewritten()) {
      boolean aMoved = aChanged.contains(field);
      Instant mover = (aMoved ? aTimes : bTimes).getOrDefault(field, aMoved ? pair.aUpdatedAt() : pair.bUpdatedAt());
      Instant other = (aMoved ? bTimes : aTimes).get(field);
      // a write since the last save is not the agent's own (each of those precedes its save); nor
      // is one before it but after the agent last wrote the field there, when the history tells
      Map<String, Instant> written = aMoved ? bWritten : aWritten;
      boolean persons = other != null && (other.isAfter(syncedAt)
          || (written != null && other.isAfter(written.getOrDefault(field, Instant.EPOCH))));
      if (other != null && other.isAfter(mover) && persons) {
        // the side that seems unchanged wrote the field last: its value is a change too
        (aMoved ? bChanged : aChanged).add(field);
      }
    }
    Set<String> conflicting = new LinkedHashSet<>(aChanged);
    conflicting.retainAll(bChanged);
    conflicting.removeIf(field -> Objects.equals(p.aInMerge().get(field), p.bInMerge().get(field)));
    MergeResult merge = respectReadOnly(rules.strategy().merge(new MergeInput(rules.planId(),
        without(p.base(), pair.queued()), p.aInMerge(), p.bInMerge(), pair.aUpdatedAt(), pair.bUpdatedAt(),
        aChanged, bChanged, aTimes, bTimes), rules.resolver()), p.aInMerge(), p.bInMerge(), rules);
    return new Decision.Update(merge.toA(), merge.toB(), merge.base(), merge.parked(), conflicting, p.agreedByBoth());
  }

  /**
   * Drops writes a side cannot take. Such a field is the other side's to follow: this side's
   * value is written there instead, and becomes the base.
   */
  static MergeResult respectReadOnly(MergeResult merge, Map<String, JsonNode> aFields, Map<String, JsonNode> bFields,
      Rules rules) {
    Map<String, JsonNode> toA = new LinkedHashMap<>(merge.toA());
    Map<String, JsonNode> toB = new LinkedHashMap<>(merge.toB());
    Map<String, JsonNode> base = new LinkedHashMap<>(merge.base());
    for (Side side : List.of(Side.A, Side.B)) {
      Map<String, JsonNode> to = side == Side.A ? toA : toB;
      Map<String, JsonNode> toOther = side == Side.A ? toB : toA;
      Map<String, JsonNode> held = side == Side.A ? aFields : bFields;
      Map<String, JsonNode> otherHeld = side == Side.A ? bFields : aFields;
      for (String field : List.copyOf(to.keySet())) {
        if (!rules.writable().test(side, field)) {
          to.remove(field);
          JsonNode authoritative = held.getOrDefault(field, NullNode.getInstance());
          base.put(field, authoritative);
          if (rules.writable().test(side.other(), field) && !authoritative.equals(otherHeld.get(field))) {
            toOther.put(field, authoritative);
          } else {
            toOther.remove(field);
          }
        }
      }
    }
    return new MergeResult(toA, toB, base, merge.parked());
  }

  /**
   * The fields {@code side} changed since the last sync: those whose hash differs from the one
   * seen then, or, where none was recorded, whose value differs from the base (a link just
   * recovered or matched has no base: every field counts as changed, and the merge compares the
   * two sides' values themselves).
   */
  static Set<String> changedSince(Link link, Side side, Map<String, JsonNode> fields, Map<String, JsonNode> base) {
    Set<String> changed = new LinkedHashSet<>();
    fields.forEach((name, value) -> {
      String seen = link.seen(side, name);
      boolean differs = seen != null ? !seen.equals(WrittenState.hash(value)) : !value.equals(base.get(name));
      if (differs) {
        changed.add(name);
      }
    });
    return changed;
  }

  static Map<String, JsonNode> without(Map<String, JsonNode> fields, Set<String> names) {
    if (names.isEmpty()) {
      return fields;
    }
    Map<String, JsonNode> out = new LinkedHashMap<>(fields);
    names.forEach(out::remove);
    return out;
  }
}
