package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The executor of one item: reads what the decision needs, asks {@link Decisions}, and acts on
 * the {@link Decision} (creating through {@link Creates}, merging through {@link Merges}, pushing
 * a one-way change itself), recording state and events together.
 */
final class ItemSync extends PassStep {
  private final Writes writes;
  private final Creates creates;
  private final Merges merges;
  private final Deletes deletes;
  private final CommentSync comments;

  ItemSync(PlanContext context, Outbox outbox, Writes writes, Creates creates, Merges merges, Deletes deletes,
      CommentSync comments) {
    super(context, outbox);
    this.writes = writes;
    this.creates = creates;
    this.merges = merges;
    this.deletes = deletes;
    this.comments = comments;
  }

  void process(Pass pass, Side sourceSide, ExternalItem item, @Nullable LookAlikes lookAlikes) {
    SyncParticipant source = participant(sourceSide);
    if (item.deleted()) {
      deletes.deleted(pass, sourceSide, item.id());
      return;
    }
    WorkItem canonical = source.mapping().toCanonical(item.data());
    Map<String, JsonNode> fields = context.inPlay(CanonicalJson.fields(canonical));
    Optional<Link> link = store.link(settings.planId(), sourceSide, item.id());
    if (link.isEmpty() && lookAlikes != null && Decisions.inScope(rules, sourceSide, canonical)) {
      Optional<String> match = lookAlikes.find(sourceSide.other(), fields);
      if (match.isPresent()) {
        Link found = new Link(settings.planId(), sourceSide == Side.A ? item.id() : match.get(),
            sourceSide == Side.A ? match.get() : item.id(), CanonicalJson.fieldsObject(Map.of()),
            CanonicalJson.fieldsObject(Map.of()), CanonicalJson.fieldsObject(Map.of()), clock.instant());
        outbox.commit(pass, () -> store.saveLink(found), List.of(linkedEvent(pass, participant(sourceSide.other()),
            match.get(), found, null).attribute("matchedBy", settings.matchField()).build()));
        link = Optional.of(found);
      }
    }
    Decision decision = Decisions.decide(new Decisions.Change(sourceSide, false, canonical, fields,
        link.orElse(null)), rules);
    if (link.isEmpty() && !(decision instanceof Decision.Create)) {
      context.unsynced().listed(source.connectionId(), item, pass.trigger); // the plan leaves it alone
    }
    if (decision instanceof Decision.OutOfScope) {
      pass.unchanged++;
      return; // out of scope: not created, and no longer synced once it leaves
    }
    act(pass, sourceSide, item, canonical, fields, link.orElse(null), decision);
    if (settings.comments()) {
      store.link(settings.planId(), sourceSide, item.id()).ifPresent(l -> comments.sync(pass, l));
    }
  }

  /** Acts on the decision for one item. */
  void act(Pass pass, Side sourceSide, ExternalItem item, WorkItem canonical, Map<String, JsonNode> fields,
      @Nullable Link link, Decision decision) {
    if (decision instanceof Decision.Create create) {
      Link recovered = creates.create(pass, sourceSide, item, canonical, fields, create);
      if (recovered != null) {
        // created before a crash and found by its marker: now a linked item like any other
        act(pass, sourceSide, item, canonical, fields, recovered, Decisions.decide(new Decisions.Change(sourceSide,
            false, canonical, fields, recovered), rules));
      }
    } else if (decision instanceof Decision.Update update) {
      pushOneWay(pass, item, canonical, fields, link, update);
    } else if (decision instanceof Decision.ReadOtherSide) {
      merges.mergeTwoWay(pass, sourceSide, item, fields, link);
    } else if (decision instanceof Decision.Delete) {
      deletes.deleted(pass, sourceSide, item.id());
    } else {
      pass.unchanged++; // an echo, or nothing the plan does with it
      if (decision instanceof Decision.SkipEcho) {
        pass.echoes++;
      }
    }
  }

  void pushOneWay(Pass pass, ExternalItem item, WorkItem canonical, Map<String, JsonNode> fields,
      Link link, Decision.Update decision) {
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(link.base());
    Map<String, JsonNode> changed = CanonicalJson.select(fields, decision.toB().keySet());
    Set<String> changedNames = changed.keySet();
    pass.observed = outbox.seen(pass, EventTypes.ITEM_UPDATED, a, item).snapshot(Outbox.snapshot(canonical)).changes(Outbox.changes(base, fields, changedNames)).build();
    writes.announce(pass, Side.B, link.bId(), changedNames, link.aId());
    Writes.Written written = writes.write(Side.B, link.bId(), canonical, changed, null);
    Map<String, JsonNode> newBase = new LinkedHashMap<>(decision.base());
    ObjectNode aSeen = WrittenState.seen(fields, item.version());
    ObjectNode bSeen = link.bSeen().deepCopy();
    bSeen.remove(WrittenState.VERSION);
    // only the fields written, with the values the tool took, are the agent's own
    bSeen.setAll(WrittenState.seen(written.held(), null));
    Writes.settleDiverged(written, newBase, aSeen);
    Link settled = new Link(settings.planId(), link.aId(), link.bId(), CanonicalJson.fieldsObject(newBase),
        aSeen, bSeen, clock.instant());
    List<HistoryEntry> history = historyOf(pass, Side.A, link, base, changed);
    // B is not read in a one-way plan: what it held before is the base
    ChangeEvent updated = updatedEvent(pass, Side.B, link.bId(), base, changed, canonical).causedBy(pass.cause()).build();
    outbox.commit(pass, () -> {
      store.saveLink(settled);
      store.appendHistory(history);
    }, List.of(updated));
    pass.updated++;
    written.failIfDiverged();
  }
}
