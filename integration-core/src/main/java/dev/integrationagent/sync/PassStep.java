package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.Logger;

/**
 * What the parts of a pass share: the plan's context and rules, the outbox, and the small helpers
 * that describe, classify and record. A base of this package's pass parts only.
 */
abstract class PassStep {
  final PlanContext context;
  final PlanRunner.Settings settings;
  final SyncParticipant a;
  final SyncParticipant b;
  final StateStore store;
  final Clock clock;
  final Logger log;
  final Outbox outbox;
  final Decisions.Rules rules;

  PassStep(PlanContext context, Outbox outbox) {
    this.context = context;
    this.settings = context.settings();
    this.a = context.a();
    this.b = context.b();
    this.store = context.store();
    this.clock = context.clock();
    this.log = context.log();
    this.outbox = outbox;
    this.rules = Decisions.Rules.of(context);
  }

  ChangeEvent.Builder linkedEvent(Pass pass, SyncParticipant on, String itemId, Link link,
      @Nullable JsonNode snapshot) {
    return outbox.event(pass, EventTypes.ITEM_LINKED, Origin.AGENT, on.connectionId(), itemId).snapshot(snapshot)
        .attribute("aId", link.aId()).attribute("bId", link.bId());
  }

  static Map<String, JsonNode> merged(Map<String, JsonNode> fields, Map<String, JsonNode> changes) {
    Map<String, JsonNode> out = new LinkedHashMap<>(fields);
    out.putAll(changes);
    return out;
  }

  List<HistoryEntry> historyOf(Pass pass, Side from, Link link, Map<String, JsonNode> base,
      Map<String, JsonNode> changed) {
    List<HistoryEntry> history = new ArrayList<>();
    changed.forEach((name, value) -> history.add(new HistoryEntry(settings.planId(), link.aId(), pass.runId, from,
        name, base.get(name), value, clock.instant())));
    return history;
  }

  /** The agent's write to {@code side}: per written field, the side's value before and the value written. */
  ChangeEvent.Builder updatedEvent(Pass pass, Side side, String itemId, Map<String, JsonNode> before,
      Map<String, JsonNode> written, WorkItem was) {
    return outbox.event(pass, EventTypes.ITEM_UPDATED, Origin.AGENT, participant(side).connectionId(), itemId)
        .snapshot(Outbox.snapshot(was, written)).changes(Outbox.changes(before, written, written.keySet()));
  }

  SyncParticipant participant(Side side) {
    return context.participant(side);
  }

  static String describe(SyncParticipant p, ExternalItem item) {
    return PlanContext.describe(p, item);
  }

  static IntegrationException classify(RuntimeException e, String what) {
    return PlanContext.classify(e, what);
  }
}
