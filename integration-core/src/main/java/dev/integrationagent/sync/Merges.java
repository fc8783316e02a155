package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.FieldConflict;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * A two-way change of a linked item: the other side read (or trusted as last seen where its tool
 * rejects stale writes), the merge decided by {@link Decisions}, each side written what it lacks,
 * and the link, history, queued conflicts and events recorded in one transaction.
 */
final class Merges extends PassStep {
  private final Writes writes;
  private final ConflictQueue queue;
  private final FieldTimes times;

  Merges(PlanContext context, Outbox outbox, Writes writes, ConflictQueue queue, FieldTimes times) {
    super(context, outbox);
    this.writes = writes;
    this.queue = queue;
    this.times = times;
  }

  void mergeTwoWay(Pass pass, Side sourceSide, ExternalItem item, Map<String, JsonNode> sourceFields,
      Link link) {
    ExternalItem current = item;
    Map<String, JsonNode> currentFields = sourceFields;
    for (int attempt = 1; ; attempt++) {
      try {
        mergeTwoWayOnce(pass, sourceSide, current, currentFields, link);
        return;
      } catch (StaleListing stale) {
        SyncParticipant source = participant(sourceSide);
        if (attempt == MAX_MERGE_ATTEMPTS) {
          throw new IntegrationException(ErrorCategory.TRANSIENT, source.connectionId(), describe(source, current)
              + " changed again each of the " + attempt + " times it was read to merge it; trying again later", null);
        }
        log.debug("plan {}: {} changed since it was listed; merging it as it is now", settings.planId(),
            describe(source, current));
        current = stale.fresh;
        currentFields = context.inPlay(CanonicalJson.fields(source.mapping().toCanonical(current.data())));
        // as stored: a write this attempt already made to the other side is marked there as the agent's
        link = store.link(settings.planId(), Side.A, link.aId()).orElse(link);
      }
    }
  }

  /** How often one item is merged again because its own side changed while it was merged. */
  static final int MAX_MERGE_ATTEMPTS = 3;

  /** The source's item changed after it was listed: merge it again as it is now. */
  static final class StaleListing extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ExternalItem fresh;

    StaleListing(ExternalItem fresh) {
      super(null, null, false, false);
      this.fresh = fresh;
    }
  }

  void mergeTwoWayOnce(Pass pass, Side sourceSide, ExternalItem item, Map<String, JsonNode> sourceFields,
      Link link) {
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(link.base());
    if (Decisions.decide(new Decisions.Change(sourceSide, false, null, sourceFields, link), rules)
        instanceof Decision.SkipEcho) {
      pass.unchanged++;
      return;
    }
    Side otherSide = sourceSide.other();
    SyncParticipant other = participant(otherSide);
    String lastSeenVersion = lastSeenVersion(link, otherSide, other, sourceFields.keySet(), base);
    if (lastSeenVersion != null) {
      try {
        // the other side was exactly the base when last seen: merge against that and write
        // on condition that it has not moved since, which saves reading it
        Map<String, JsonNode> otherFields = new LinkedHashMap<>();
        sourceFields.keySet().forEach(name -> otherFields.put(name,
            base.getOrDefault(name, NullNode.getInstance())));
        ExternalItem otherAsSeen = new ExternalItem(link.id(otherSide), null, lastSeenVersion, link.syncedAt(),
            NullNode.getInstance(), false);
        merge(pass, sourceSide, item, sourceFields, otherAsSeen, otherFields, link, true);
        return;
      } catch (IntegrationException e) {
        if (e.category() != ErrorCategory.CONFLICT) {
          throw e;
        }
        log.debug("plan {}: {} item {} moved on since it was last seen; reading it", settings.planId(),
            other.connectionId(), link.id(otherSide));
      }
    }
    String otherId = link.id(otherSide);
    ExternalItem otherItem = other.session().get(otherId).orElseThrow(() -> new IntegrationException(
        ErrorCategory.NOT_FOUND, other.connectionId(), "linked item " + otherId + " of " + other.connectionId()
            + " no longer exists (linked to " + participant(sourceSide).connectionId() + " item " + item.id() + ")",
        null));
    Map<String, JsonNode> otherFields = context.inPlay(CanonicalJson.fields(other.mapping().toCanonical(otherItem.data())));
    merge(pass, sourceSide, item, sourceFields, otherItem, otherFields, link, false);
  }

  /**
   * The version the other side's item had when last seen, when the merge may trust that state
   * without reading it: the side rejects stale writes, and every field in play was then exactly
   * the base. Null when it must be read.
   */
  @Nullable String lastSeenVersion(Link link, Side side, SyncParticipant participant,
      java.util.Collection<String> fields, Map<String, JsonNode> base) {
    String version = link.seen(side, WrittenState.VERSION);
    if (version == null || PendingWrites.any(link)
        || !participant.session().capabilities().contains(Capability.OPTIMISTIC_LOCKING)) {
      return null;
    }
    for (String name : fields) {
      String seen = link.seen(side, name);
      JsonNode was = base.get(name);
      if (seen == null || was == null || !seen.equals(WrittenState.hash(was))) {
        return null;
      }
    }
    return version;
  }

  /**
   * Merges a linked pair and writes each side what it lacks. With {@code otherAsSeen} the other
   * side's item is the state last seen, not read: it has no data, and its write names the version
   * seen, so that it fails with CONFLICT, before anything was written, when the item moved on.
   *
   * <p>The source's item is as listed, which may be seconds old. Before it is written it is read
   * again where its tool cannot reject a stale write ({@link StaleListing} when it moved on), and
   * its write names the listed version where the tool can: a person's edit made since the listing
   * is merged, never overwritten.
   *
   * <p>A field with a conflict queued for a person takes no part until the conflict is resolved
   * or dismissed: neither side is written, whatever either side does to it meanwhile, and the
   * queued conflict is kept up to date with both sides' values.
   */
  void merge(Pass pass, Side sourceSide, ExternalItem item, Map<String, JsonNode> sourceFields,
      ExternalItem otherItem, Map<String, JsonNode> otherFields, Link recorded, boolean otherAsSeen) {
    ExternalItem aItem = sourceSide == Side.A ? item : otherItem;
    ExternalItem bItem = sourceSide == Side.A ? otherItem : item;
    Map<String, JsonNode> aFields = sourceSide == Side.A ? sourceFields : otherFields;
    Map<String, JsonNode> bFields = sourceSide == Side.A ? otherFields : sourceFields;
    JsonNode aData = otherAsSeen && sourceSide == Side.B ? null : aItem.data();
    JsonNode bData = otherAsSeen && sourceSide == Side.A ? null : bItem.data();
    // read before deciding: the conflicts queued for a person, and (below) the fields' change times
    Map<String, ConflictRecord> queued = queue.of(pass, recorded);
    for (ConflictRecord conflict : queued.values()) {
      queue.keepUpToDate(pass, conflict, aFields, bFields, otherAsSeen ? sourceSide : null);
    }
    Decisions.Pair pair = new Decisions.Pair(sourceSide, recorded, aFields, bFields, aItem.updatedAt(),
        bItem.updatedAt(), otherAsSeen, queued.keySet(),
        (field, x, y) -> Expressible.same(field, x, y, a, aData, b, bData));
    Decisions.Prepared prepared = Decisions.prepare(pair);
    Link link = prepared.link();
    Map<String, JsonNode> base = prepared.base();
    // what each side's tool changed, as events: the agent's own echo is no change (its hash is seen)
    Map<Side, ChangeEvent> toolChanges = new java.util.EnumMap<>(Side.class);
    for (Side side : Side.values()) {
      if (!prepared.seen(side).isEmpty()) {
        ExternalItem seenItem = side == Side.A ? aItem : bItem;
        toolChanges.put(side, outbox.seen(pass, EventTypes.ITEM_UPDATED, participant(side), seenItem)
            .snapshot(Outbox.snapshot(participant(side).mapping().toCanonical(seenItem.data())))
            .changes(Outbox.changes(base, side == Side.A ? aFields : bFields, prepared.seen(side))).build());
      }
    }
    if (prepared.nothing()) {
      pass.unchanged++; // nothing new on either side: an echo of our own write, or a change out of scope
      return;
    }
    if (toolChanges.containsKey(sourceSide)) {
      ChangeEvent seen = toolChanges.get(sourceSide);
      if (pass.observedRecorded && sameChange(pass.observed, seen)) {
        // the merge runs again for a change already recorded with an announced write the other
        // side's tool refused: the change stays one event
        toolChanges.put(sourceSide, pass.observed);
      } else {
        pass.observed = seen;
        pass.observedRecorded = false;
      }
    }
    Map<String, Instant> aTimes = times.changedAt(a, aItem, prepared.timed());
    Map<String, Instant> bTimes = times.changedAt(b, bItem, prepared.timed());
    Map<Side, Map<String, Instant>> agentWrote = prepared.perhapsRewritten().isEmpty() ? null
        : agentWrites(link, prepared.perhapsRewritten());
    Decision.Update merge = (Decision.Update) Decisions.merge(pair, prepared, aTimes, bTimes,
        agentWrote == null ? null : agentWrote.get(Side.A), agentWrote == null ? null : agentWrote.get(Side.B), rules);
    Set<String> conflicting = merge.conflicting();
    boolean agreedByBoth = merge.agreedByBoth();
    Map<String, JsonNode> aInMerge = prepared.aInMerge();
    Map<String, JsonNode> bInMerge = prepared.bInMerge();
    Map<String, JsonNode> toSource = sourceSide == Side.A ? merge.toA() : merge.toB();
    SyncParticipant source = participant(sourceSide);
    boolean sourceLocks = source.session().capabilities().contains(Capability.OPTIMISTIC_LOCKING);
    if ((!toSource.isEmpty() && !sourceLocks) || (toSource.isEmpty() && agreedByBoth && !otherAsSeen)) {
      // the listing may be seconds old and this tool cannot refuse a stale write, or nothing is
      // written to it and the sides agree only as listed (a person may have moved it on since, and
      // the other side's equal value be the later write): look again
      ExternalItem fresh = source.session().get(item.id()).orElseThrow(() -> new IntegrationException(
          ErrorCategory.NOT_FOUND, source.connectionId(), describe(source, item) + " no longer exists", null));
      if (!context.inPlay(CanonicalJson.fields(source.mapping().toCanonical(fresh.data()))).equals(sourceFields)) {
        throw new StaleListing(fresh);
      }
    }
    WorkItem sourceCanonical = source.mapping().toCanonical(item.data());
    Link marked = writes.markPending(pass, link, merge, aItem, aFields, bItem, bFields);
    Map<Side, Writes.Written> written = new java.util.EnumMap<>(Side.class);
    Map<Side, WorkItem> before = new java.util.EnumMap<>(Side.class);
    // the other side first: when it was not read, its conditional write is what may fail
    for (Side side : List.of(sourceSide.other(), sourceSide)) {
      Map<String, JsonNode> changes = side == Side.A ? merge.toA() : merge.toB();
      if (changes.isEmpty()) {
        continue;
      }
      SyncParticipant p = participant(side);
      ExternalItem current = side == Side.A ? aItem : bItem;
      WorkItem now = side == sourceSide ? sourceCanonical
          : otherAsSeen ? CanonicalJson.withFields(sourceCanonical, otherFields)
          : p.mapping().toCanonical(current.data());
      before.put(side, now);
      try {
        written.put(side, writes.write(side, link.id(side), now, changes, Writes.expectedVersion(p, current)));
      } catch (IntegrationException e) {
        if (e.category() == ErrorCategory.CONFLICT) {
          // a stale version: refused, nothing written
          marked = PendingWrites.refused(marked, side);
          store.saveLink(marked);
        }
        if (side != sourceSide || e.category() != ErrorCategory.CONFLICT) {
          throw e;
        }
        // the source moved on since it was listed, and its tool refused the stale write
        throw new StaleListing(source.session().get(item.id()).orElseThrow(() -> e));
      }
    }
    List<ChangeEvent> events = new ArrayList<>();
    ChangeEvent cause = pass.cause() != null ? pass.cause() : toolChanges.get(sourceSide.other());
    toolChanges.forEach((side, change) -> {
      if (side != sourceSide) {
        events.add(change);
      }
    });
    List<ConflictRecord> parked = new ArrayList<>();
    Set<String> parkedFields = new java.util.HashSet<>();
    for (FieldConflict conflict : merge.parked()) {
      parked.add(new ConflictRecord(ConflictQueue.id(link, conflict.field()), settings.planId(), link.aId(),
          link.bId(), conflict.field(), conflict.base(), conflict.a(), conflict.b(), clock.instant()));
      parkedFields.add(conflict.field());
      events.add(conflictEvent(pass, EventTypes.CONFLICT_DETECTED, source, item, link, conflict.field()).causedBy(cause)
          .attribute("parked", "true").attribute("a", Excerpts.of(conflict.a())).attribute("b", Excerpts.of(conflict.b()))
          .build());
    }
    Writes.Written writtenA = written.get(Side.A);
    Writes.Written writtenB = written.get(Side.B);
    ObjectNode aSeen = writtenA == null ? seen(link, Side.A, aFields, aItem, otherAsSeen && sourceSide == Side.B)
        : writes.seenAfterWrite(a, aFields, writtenA);
    ObjectNode bSeen = writtenB == null ? seen(link, Side.B, bFields, bItem, otherAsSeen && sourceSide == Side.A)
        : writes.seenAfterWrite(b, bFields, writtenB);
    Map<String, JsonNode> newBase = new LinkedHashMap<>(merge.base());
    queued.keySet().forEach(field -> {
      keepSeen(link, Side.A, field, aSeen);
      keepSeen(link, Side.B, field, bSeen);
      if (base.containsKey(field)) {
        newBase.put(field, base.get(field));
      }
    });
    if (writtenA != null) {
      Writes.settleDiverged(writtenA, newBase, bSeen);
    }
    if (writtenB != null) {
      Writes.settleDiverged(writtenB, newBase, aSeen);
    }
    for (String field : conflicting) {
      if (!parkedFields.contains(field)) {
        ChangeEvent detected = conflictEvent(pass, EventTypes.CONFLICT_DETECTED, source, item, link, field)
            .causedBy(cause).attribute("a", Excerpts.of(aInMerge.getOrDefault(field, NullNode.getInstance())))
            .attribute("b", Excerpts.of(bInMerge.getOrDefault(field, NullNode.getInstance()))).build();
        events.add(detected);
        events.add(conflictEvent(pass, EventTypes.CONFLICT_RESOLVED, source, item, link, field).causedBy(detected)
            .attribute("by", "policy").attribute("value", Excerpts.of(newBase.getOrDefault(field,
                NullNode.getInstance()))).build());
      }
    }
    List<HistoryEntry> history = new ArrayList<>();
    for (Side side : List.of(Side.A, Side.B)) {
      Writes.Written w = written.get(side);
      if (w != null) {
        Map<String, JsonNode> changes = side == Side.A ? merge.toA() : merge.toB();
        history.addAll(historyOf(pass, side.other(), link, base, changes));
        ChangeEvent copied = toolChanges.get(side.other());
        events.add(updatedEvent(pass, side, link.id(side), side == Side.A ? aFields : bFields, changes,
            before.get(side)).causedBy(copied != null ? copied : cause).build());
      }
    }
    Link settled = new Link(settings.planId(), link.aId(), link.bId(), CanonicalJson.fieldsObject(newBase),
        aSeen, bSeen, clock.instant());
    outbox.commit(pass, () -> {
      parked.forEach(record -> queue.save(pass, record));
      store.saveLink(settled);
      store.appendHistory(history);
    }, events);
    pass.conflicts += parked.size();
    if (writtenA == null && writtenB == null) {
      pass.unchanged++;
    }
    if (writtenA != null) {
      pass.updated++;
    }
    if (writtenB != null) {
      pass.updated++;
    }
    if (writtenA != null) {
      writtenA.failIfDiverged();
    }
    if (writtenB != null) {
      writtenB.failIfDiverged();
    }
  }

  /** Whether two observations of a tool report the same change of the same item. */
  static boolean sameChange(@Nullable ChangeEvent recorded, ChangeEvent seen) {
    return recorded != null && recorded.type().equals(seen.type()) && recorded.origin() == seen.origin()
        && java.util.Objects.equals(recorded.connectionId(), seen.connectionId())
        && java.util.Objects.equals(recorded.itemId(), seen.itemId()) && recorded.changes().equals(seen.changes());
  }

  static void keepSeen(Link link, Side side, String field, ObjectNode seen) {
    String was = link.seen(side, field);
    if (was == null) {
      seen.remove(field);
    } else {
      seen.put(field, was);
    }
  }

  /** What a side not written holds now: as read, or as last seen when it was not read. */
  static ObjectNode seen(Link link, Side side, Map<String, JsonNode> fields, ExternalItem item,
      boolean asSeen) {
    return asSeen ? (ObjectNode) link.seen(side).deepCopy() : WrittenState.seen(fields, item.version());
  }

  ChangeEvent.Builder conflictEvent(Pass pass, String type, SyncParticipant source, ExternalItem item,
      Link link, String field) {
    return outbox.event(pass, type, Origin.AGENT, source.connectionId(), item.id())
        .snapshot(Outbox.snapshot(source.mapping().toCanonical(item.data()))).attribute("field", field)
        .attribute("conflict", ConflictQueue.id(link, field)).attribute("aId", link.aId()).attribute("bId", link.bId())
        .attribute("counterpart", source == a ? b.connectionId() + ":" + link.bId()
            : a.connectionId() + ":" + link.aId());
  }

  /**
   * Per side, when the agent last wrote each of {@code fields} there, from the link's history (its
   * create included); null when the link has no history (a link recovered from a marker), and so
   * when the agent's writes are not known.
   */
  private @Nullable Map<Side, Map<String, Instant>> agentWrites(Link link, Set<String> fields) {
    List<dev.integrationagent.api.store.HistoryEntry> history = context.store().history(rules.planId(), link.aId());
    if (history.isEmpty()) {
      return null;
    }
    Map<Side, Map<String, Instant>> out = new java.util.EnumMap<>(Side.class);
    out.put(Side.A, new java.util.HashMap<>());
    out.put(Side.B, new java.util.HashMap<>());
    for (dev.integrationagent.api.store.HistoryEntry e : history) {
      if (fields.contains(e.field())) {
        out.get(e.from().other()).merge(e.field(), e.at(), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    return out;
  }
}
