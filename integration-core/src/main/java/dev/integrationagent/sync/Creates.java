package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Creates in a target, idempotent across crashes: an intent recorded before the call, a marker in
 * the created item, and before a side is listed a look-up of the markers whose creates may have
 * been in flight, so that such an item is linked instead of created again or copied back.
 */
final class Creates extends PassStep {
  private final Writes writes;

  Creates(PlanContext context, Outbox outbox, Writes writes) {
    super(context, outbox);
    this.writes = writes;
  }

  /**
   * Before listing a side, links the items that creates into it left behind when their answer
   * was lost: found by marker, they are linked to their originals instead of being taken for
   * new items of this side and copied back.
   *
   * @return false when a marker could not be looked up: the side's listing must wait, since it
   *     may hold such an item, which would then be copied back as a duplicate
   */
  boolean recoverCreatesInto(Pass pass, Side side) {
    return LogContext.connection(participant(side).connectionId(), () -> recoverCreates(pass, side));
  }

  boolean recoverCreates(Pass pass, Side side) {
    SyncParticipant into = participant(side);
    for (CreateIntent intent : store.pendingIntents(settings.planId())) {
      if (!intent.targetConnectionId().equals(into.connectionId())) {
        continue;
      }
      Optional<ExternalItem> found;
      try {
        found = into.session().findByMarker(intent.marker());
      } catch (RuntimeException e) {
        IntegrationException error = classify(e, "look up sync marker " + intent.marker() + " in "
            + into.connectionId());
        String message = "cannot tell whether " + intent.sourceConnectionId() + " item " + intent.sourceItemId()
            + " was created in " + into.connectionId() + " before its answer was lost (" + error.getMessage()
            + "); the listing of " + into.connectionId() + " waits until the marker can be looked up";
        pass.fail(new SyncReport.Failure(into.connectionId(), null, error.category(), message, false));
        outbox.record(List.of(outbox.event(pass, EventTypes.CONNECTION_FAILED, Origin.AGENT, into.connectionId(), null)
            .attribute("step", "recovery").attribute("marker", intent.marker())
            .attribute("category", error.category().name()).attribute("reason", message).build()));
        log.warn("plan {}: {}", settings.planId(), message);
        return false;
      }
      if (found.isEmpty()) {
        continue;
      }
      ExternalItem item = found.get();
      Link recovered = recoveredLink(side.other(), intent.sourceItemId(), item);
      pass.startItem();
      outbox.commit(pass, () -> {
        store.saveLink(recovered);
        store.completeIntent(settings.planId(), intent.marker());
      }, recoveredEvents(pass, into, item, recovered, intent.marker()));
      pass.created++;
    }
    return true;
  }

  /** The events of a copy found by its marker and linked: created before its answer was lost. */
  List<ChangeEvent> recoveredEvents(Pass pass, SyncParticipant into, ExternalItem copy, Link link,
      String marker) {
    JsonNode snapshot = null;
    try {
      snapshot = Outbox.snapshot(into.mapping().toCanonical(copy.data()));
    } catch (IntegrationException e) {
      log.debug("plan {}: {} cannot be mapped for its event: {}", settings.planId(), describe(into, copy),
          e.getMessage());
    }
    ChangeEvent created = outbox.event(pass, EventTypes.ITEM_CREATED, Origin.AGENT, into.connectionId(), copy.id())
        .causedBy(pass.cause()).snapshot(snapshot).attribute("recovered", "true").attribute("marker", marker).build();
    ChangeEvent linked = linkedEvent(pass, into, copy.id(), link, snapshot).causedBy(created)
        .attribute("recovered", "true").build();
    return List.of(created, linked);
  }

  /**
   * Creates the item on the decision's target, or links the one a create before a crash left.
   *
   * @return the link of an item found by its marker (still to be brought up to date), or null
   */
  @Nullable Link create(Pass pass, Side sourceSide, ExternalItem item, WorkItem canonical,
      Map<String, JsonNode> fields, Decision.Create decision) {
    SyncParticipant source = participant(sourceSide);
    Side targetSide = sourceSide.other();
    SyncParticipant target = participant(targetSide);
    pass.observed = outbox.seen(pass, EventTypes.ITEM_CREATED, source, item).snapshot(Outbox.snapshot(canonical)).build();
    String marker = "ia:" + settings.planId() + ":" + source.connectionId() + ":" + item.id();
    boolean mayExist = store.pendingIntents(settings.planId()).stream().anyMatch(i -> i.marker().equals(marker));
    Optional<ExternalItem> existing = mayExist ? target.session().findByMarker(marker) : Optional.empty();
    ExternalItem created;
    if (existing.isPresent()) {
      // created before a crash or a lost response: link it, then bring it up to date, since the
      // source may have changed since that create
      ExternalItem found = existing.get();
      log.info("plan {}: {} item {} was created before a crash as {}; linking it instead of creating again",
          settings.planId(), source.connectionId(), item.id(), found.id());
      Link recovered = recoveredLink(sourceSide, item.id(), found);
      outbox.commit(pass, () -> {
        store.saveLink(recovered);
        store.completeIntent(settings.planId(), marker);
      }, recoveredEvents(pass, target, found, recovered, marker));
      pass.created++;
      return recovered;
    } else {
      // the intent and its announcement before the call: a process that dies after the tool took
      // the create leaves the intent pending, and the next pass finds the item by its marker
      CreateIntent intent = new CreateIntent(settings.planId(), marker, source.connectionId(), item.id(),
          target.connectionId(), clock.instant());
      outbox.commit(pass, () -> store.recordIntent(intent), List.of(outbox.event(pass, EventTypes.ITEM_CREATING,
          Origin.AGENT, target.connectionId(), null).causedBy(pass.cause()).attribute("marker", marker)
          .attribute("source", source.connectionId() + ":" + item.id())
          .attribute("fields", String.join(",", decision.fields())).build()));
      created = target.session().create(target.mapping().fromCanonical(canonical, decision.fields()), marker);
    }
    Writes.Written answer = writes.checked(target, created, canonical, CanonicalJson.select(fields, decision.fields()),
        "create");
    created = answer.item();
    String aId = sourceSide == Side.A ? item.id() : created.id();
    String bId = sourceSide == Side.A ? created.id() : item.id();
    Map<String, JsonNode> base = new LinkedHashMap<>(fields);
    ObjectNode sourceSeen = WrittenState.seen(fields, item.version());
    // a new item is all the agent's: what the tool answered, defaults of its own included
    Map<String, JsonNode> targetFields = new LinkedHashMap<>(fields);
    targetFields.putAll(answer.answer() != null ? answer.answer() : answer.held());
    ObjectNode targetSeen = WrittenState.seen(targetFields, answer.diverged().isEmpty() ? created.version() : null);
    Writes.settleDiverged(answer, base, sourceSeen);
    Link link = new Link(settings.planId(), aId, bId, CanonicalJson.fieldsObject(base),
        sourceSide == Side.A ? sourceSeen : targetSeen, sourceSide == Side.A ? targetSeen : sourceSeen,
        clock.instant());
    List<HistoryEntry> history = new ArrayList<>();
    fields.forEach((name, value) -> history.add(new HistoryEntry(settings.planId(), aId, pass.runId, sourceSide,
        name, null, value, clock.instant())));
    JsonNode snapshot = Outbox.snapshot(canonical, targetFields);
    ChangeEvent createdEvent = outbox.event(pass, EventTypes.ITEM_CREATED, Origin.AGENT, target.connectionId(),
        created.id()).causedBy(pass.cause()).snapshot(snapshot).attribute("marker", marker)
        .attribute("source", source.connectionId() + ":" + item.id()).build();
    outbox.commit(pass, () -> {
      store.saveLink(link);
      store.completeIntent(settings.planId(), marker);
      store.appendHistory(history);
    }, List.of(createdEvent, linkedEvent(pass, target, created.id(), link, snapshot).causedBy(createdEvent).build()));
    pass.created++;
    answer.failIfDiverged();
    return null;
  }

  /**
   * A link for an item found by its marker after a crash, its answer lost. What the sides agreed on
   * is known only of the copy's fields that nobody touched since the agent created it, where its
   * tool tells ({@code fieldsChangedAt}): those hold what the source held then, and are the base.
   * Every other field is compared afresh, and where the sides differ the plan's conflict policy
   * decides (a person may have edited the copy before the agent came back).
   *
   * @param sourceSide the side the copy was created from
   * @param sourceId the item it was created from
   * @param copy the item found by its marker
   */
  Link recoveredLink(Side sourceSide, String sourceId, ExternalItem copy) {
    SyncParticipant target = participant(sourceSide.other());
    Map<String, JsonNode> base = new LinkedHashMap<>();
    Map<String, JsonNode> untouched = new LinkedHashMap<>();
    Map<String, JsonNode> fields = writes.mapped(target, copy);
    if (fields != null) {
      Map<String, Instant> byPointer;
      try {
        byPointer = target.session().fieldsChangedAt(copy.id());
      } catch (RuntimeException e) {
        log.debug("plan {}: {} could not tell when the fields of {} changed: {}", settings.planId(),
            target.connectionId(), copy.id(), e.toString());
        byPointer = Map.of();
      }
      Instant created = byPointer.get("");
      Map<String, Instant> times = created == null ? Map.of() : FieldTimes.canonical(target, byPointer, fields.keySet());
      times.forEach((field, at) -> {
        if (!at.isAfter(created)) {
          base.put(field, fields.get(field));
          untouched.put(field, fields.get(field));
        }
      });
    }
    ObjectNode none = CanonicalJson.fieldsObject(Map.of());
    ObjectNode copySeen = WrittenState.seen(untouched, null);
    String aId = sourceSide == Side.A ? sourceId : copy.id();
    String bId = sourceSide == Side.A ? copy.id() : sourceId;
    return new Link(settings.planId(), aId, bId, CanonicalJson.fieldsObject(base),
        sourceSide == Side.A ? none : copySeen, sourceSide == Side.A ? copySeen : none, clock.instant());
  }
}
