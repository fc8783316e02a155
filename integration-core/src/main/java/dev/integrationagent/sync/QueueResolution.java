package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Settles a conflict queued for a person: both sides get the chosen value, the base follows. */
final class QueueResolution extends PassStep {
  private final Writes writes;

  QueueResolution(PlanContext context, Outbox outbox, Writes writes) {
    super(context, outbox);
    this.writes = writes;
  }

  SyncReport settle(ConflictRecord conflict, JsonNode value, String runId) {
    Pass pass = new Pass(runId, clock.instant());
    Link link = store.link(settings.planId(), Side.A, conflict.aId()).orElseThrow(() -> new IntegrationException(
        ErrorCategory.NOT_FOUND, "conflict " + conflict.id() + " names A item " + conflict.aId()
            + ", which is no longer linked; drop the conflict"));
    Map<Side, Map<String, JsonNode>> now = new java.util.EnumMap<>(Side.class);
    Map<Side, String> versions = new java.util.EnumMap<>(Side.class);
    Map<String, JsonNode> change = Map.of(conflict.field(), value);
    pass.startItem();
    ChangeEvent resolved = outbox.event(pass, EventTypes.CONFLICT_RESOLVED, Origin.AGENT, a.connectionId(),
        link.aId()).attribute("field", conflict.field()).attribute("conflict", conflict.id())
        .attribute("by", "queue").attribute("value", Excerpts.of(value))
        .attribute("counterpart", b.connectionId() + ":" + link.bId()).build();
    List<ChangeEvent.Builder> updates = new ArrayList<>();
    List<HistoryEntry> history = new ArrayList<>();
    for (Side side : Side.values()) {
      SyncParticipant p = participant(side);
      ExternalItem current = p.session().get(link.id(side)).orElseThrow(() -> new IntegrationException(
          ErrorCategory.NOT_FOUND, p.connectionId(), p.connectionId() + " item " + link.id(side) + " no longer exists",
          null));
      WorkItem canonical = p.mapping().toCanonical(current.data());
      Map<String, JsonNode> fields = context.inPlay(CanonicalJson.fields(canonical));
      String version = current.version();
      if (!value.equals(fields.get(conflict.field())) && context.writable(p, conflict.field())) {
        writes.announce(pass, side, link.id(side), change.keySet(), link.id(side.other()));
        Writes.Written written = writes.write(side, link.id(side), canonical, change, Writes.expectedVersion(p, current));
        updates.add(updatedEvent(pass, side, written.item().id(), fields, change, canonical));
        fields = merged(fields, written.held());
        version = written.item().version();
        history.addAll(historyOf(pass, side.other(), link, CanonicalJson.fieldsOf(link.base()), change));
        pass.updated++;
        if (written.divergence() != null) {
          // the write took in part: what was applied is recorded, the conflict stays queued
          outbox.commit(pass, () -> store.appendHistory(history), updates.stream().map(b -> b.build()).toList());
          written.failIfDiverged();
        }
      }
      now.put(side, fields);
      versions.put(side, version);
    }
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(link.base());
    base.put(conflict.field(), value);
    Link settled = new Link(settings.planId(), link.aId(), link.bId(), CanonicalJson.fieldsObject(base),
        WrittenState.seen(now.get(Side.A), versions.get(Side.A)), WrittenState.seen(now.get(Side.B),
        versions.get(Side.B)), clock.instant());
    outbox.commit(pass, () -> {
      store.saveLink(settled);
      store.deleteConflict(conflict.id());
      store.appendHistory(history);
    }, java.util.stream.Stream.concat(java.util.stream.Stream.of(resolved),
        updates.stream().map(u -> u.causedBy(resolved).build())).toList());
    return pass.report(settings.planId(), clock.instant());
  }
}
