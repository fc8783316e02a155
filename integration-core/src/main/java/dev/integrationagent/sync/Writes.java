package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The writes of a merge to linked items: marked on the link and announced in the event stream
 * ({@code item.updating}) before they are sent, checked against what the tool answered (with one
 * follow-up write of what it did not take), and turned into what the link records as seen.
 */
final class Writes {

  private final PlanContext ctx;
  private final Outbox outbox;

  Writes(PlanContext ctx, Outbox outbox) {
    this.ctx = ctx;
    this.outbox = outbox;
  }

  /**
   * Records on the link what the merge is about to write, so that a write that lands just before
   * the process dies is recognised as the agent's own ({@link PendingWrites}), together with the
   * announcement of each side's write ({@link #intent}).
   */
  Link markPending(Pass pass, Link link, Decision.Update merge, ExternalItem aItem, Map<String, JsonNode> aFields,
      ExternalItem bItem, Map<String, JsonNode> bFields) {
    Map<Side, Map<String, JsonNode>> writing = new java.util.EnumMap<>(Side.class);
    if (!merge.toA().isEmpty()) {
      writing.put(Side.A, Expressible.project(ctx.a(), aItem.data(), merge.toA(), merge.toA().keySet()));
    }
    if (!merge.toB().isEmpty()) {
      writing.put(Side.B, Expressible.project(ctx.b(), bItem.data(), merge.toB(), merge.toB().keySet()));
    }
    if (writing.isEmpty()) {
      return link;
    }
    Link marked = PendingWrites.mark(link, writing, Map.of(Side.A, aFields, Side.B, bFields));
    List<ChangeEvent> intents = new ArrayList<>();
    if (!merge.toA().isEmpty()) {
      intents.add(intent(pass, Side.A, link.aId(), merge.toA().keySet(), link.bId()));
    }
    if (!merge.toB().isEmpty()) {
      intents.add(intent(pass, Side.B, link.bId(), merge.toB().keySet(), link.aId()));
    }
    outbox.commit(pass, () -> ctx.store().saveLink(marked), intents);
    return marked;
  }

  /**
   * Records that the agent is about to write {@code fields} of an item: in the stream before the
   * call, so that a write the tool took just before the process died is on record (and in the
   * audit trail, which reads the stream).
   */
  void announce(Pass pass, Side side, String id, Set<String> fields, String fromId) {
    outbox.commit(pass, () -> { }, List.of(intent(pass, side, id, fields, fromId)));
  }

  private ChangeEvent intent(Pass pass, Side side, String id, Set<String> fields, String fromId) {
    return outbox.event(pass, EventTypes.ITEM_UPDATING, ChangeEvent.Origin.AGENT, ctx.participant(side).connectionId(),
        id).causedBy(pass.cause()).attribute("fields", String.join(",", fields))
        .attribute("source", ctx.participant(side.other()).connectionId() + ":" + fromId).build();
  }

  /**
   * The outcome of a write: the item the tool answered, the written fields as it now holds them,
   * its whole answer as mapped (null when the answer could not be mapped), and the fields it kept
   * differently from what was written, with the value it kept.
   */
  record Written(ExternalItem item, Map<String, JsonNode> held, @Nullable Map<String, JsonNode> answer,
      Map<String, JsonNode> diverged, @Nullable IntegrationException divergence) {
    void failIfDiverged() {
      if (divergence != null) {
        throw divergence;
      }
    }
  }

  /**
   * Writes {@code changes} to a linked item and checks the answer: a tool that did not take part
   * of the write (a workflow that refuses a status, a field it ignores) gets one follow-up write
   * of that part; what it still keeps differently is reported in {@link Written#divergence()}.
   * The caller announced the write before ({@link #markPending} or {@link #announce}).
   */
  Written write(Side side, String id, WorkItem now, Map<String, JsonNode> changes,
      @Nullable String expectedVersion) {
    SyncParticipant p = ctx.participant(side);
    WorkItem desired = CanonicalJson.withFields(now, changes);
    ExternalItem item = p.session().update(id, p.mapping().fromCanonical(desired, changes.keySet()), expectedVersion);
    return checked(p, item, desired, changes, "update");
  }

  /** See {@link #write}: the answer to a create or an update, checked against what was written. */
  Written checked(SyncParticipant p, ExternalItem item, WorkItem desired, Map<String, JsonNode> changes,
      String what) {
    Map<String, JsonNode> answer = mapped(p, item);
    if (answer == null) {
      return new Written(item, new LinkedHashMap<>(changes), null, Map.of(), null);
    }
    Map<String, JsonNode> diverged = diverged(p, item, answer, changes);
    if (!diverged.isEmpty()) {
      ctx.log().info("plan {}: {} did not take {} of the {}; writing them again", ctx.settings().planId(), PlanContext.describe(p, item),
          diverged.keySet(), what);
      Map<String, JsonNode> retry = CanonicalJson.select(changes, diverged.keySet());
      item = p.session().update(item.id(), p.mapping().fromCanonical(desired, retry.keySet()),
          expectedVersion(p, item));
      Map<String, JsonNode> again = mapped(p, item);
      answer = again == null ? answer : again;
      diverged = again == null ? Map.of() : diverged(p, item, again, changes);
    }
    Map<String, JsonNode> held = new LinkedHashMap<>();
    for (String name : changes.keySet()) {
      held.put(name, answer.getOrDefault(name, changes.get(name)));
    }
    IntegrationException divergence = null;
    if (!diverged.isEmpty()) {
      StringBuilder m = new StringBuilder(p.connectionId()).append(" kept ");
      diverged.forEach((field, value) -> m.append(field).append(' ').append(Excerpts.of(value)).append(" (")
          .append(Excerpts.of(changes.get(field))).append(" was written), "));
      m.setLength(m.length() - 2);
      m.append(" on ").append(PlanContext.describe(p, item)).append(" after the ").append(what)
          .append(" and a follow-up write; check the tool's workflow and the connection's permissions");
      divergence = new IntegrationException(ErrorCategory.VALIDATION, p.connectionId(), m.toString(), null);
    }
    return new Written(item, held, answer, diverged, divergence);
  }

  /** The fields of {@code changes} the answer holds differently than a write of them would leave them. */
  static Map<String, JsonNode> diverged(SyncParticipant p, ExternalItem item, Map<String, JsonNode> answer,
      Map<String, JsonNode> changes) {
    Map<String, JsonNode> expected = Expressible.project(p, item.data(), changes, changes.keySet());
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String name : changes.keySet()) {
      JsonNode got = answer.getOrDefault(name, NullNode.getInstance());
      if (!Expressible.took(name, changes.get(name), expected.get(name), got)) {
        out.put(name, got);
      }
    }
    return out;
  }

  /** The item's fields in play, or null when the tool's answer cannot be mapped (a partial response). */
  @Nullable Map<String, JsonNode> mapped(SyncParticipant side, ExternalItem item) {
    try {
      return ctx.inPlay(CanonicalJson.fields(side.mapping().toCanonical(item.data())));
    } catch (IntegrationException e) {
      ctx.log().debug("plan {}: {} answered a write with a partial item; remembering what was sent", ctx.settings().planId(),
          side.connectionId());
      return null;
    }
  }

  /**
   * What a side holds after a write, as far as the agent may claim it: the written fields as the
   * tool took them, the others as they were known before the write. The answer may already show a
   * person's edit of another field made since the side was read; that edit is theirs, and is
   * found as a change when the side is listed. The item's version is kept only when the answer
   * shows no such edit, since a version is trusted to stand for the fields seen.
   */
  ObjectNode seenAfterWrite(SyncParticipant side, Map<String, JsonNode> before, Written written) {
    Map<String, JsonNode> known = new LinkedHashMap<>(before);
    known.putAll(written.held());
    boolean othersAsKnown = written.answer() != null && written.answer().entrySet().stream()
        .filter(e -> !written.held().containsKey(e.getKey()) && before.containsKey(e.getKey()))
        .allMatch(e -> e.getValue().equals(before.get(e.getKey())));
    return WrittenState.seen(known, othersAsKnown ? written.item().version() : null);
  }

  /**
   * Fields a tool kept differently from what was written, even after a follow-up write: they are
   * not recorded as agreed. The base takes the value the tool holds and the other side's hash is
   * forgotten, so the other side's value reads as a change again when the item is retried.
   */
  static void settleDiverged(Written written, Map<String, JsonNode> base, ObjectNode otherSeen) {
    written.diverged().forEach((field, held) -> {
      base.put(field, held);
      otherSeen.remove(field);
      otherSeen.remove(WrittenState.VERSION);
    });
  }

  /**
   * The version a write to {@code side} names: the one just read or last seen where the tool
   * rejects stale writes; none where it cannot, since a connector could only emulate the check
   * with another read right before the write, as the merge itself did.
   */
  static @Nullable String expectedVersion(SyncParticipant side, ExternalItem current) {
    return side.session().capabilities().contains(Capability.OPTIMISTIC_LOCKING)
        ? current.version() : null;
  }
}
