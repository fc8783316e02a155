package dev.integrationagent.sync;

import dev.integrationagent.DeletePolicy;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deleted items: those a tool reports, and those a complete listing finds missing and a read
 * confirms gone. Each is acted on per the plan's {@link DeletePolicy}.
 */
final class Deletes {
  private final PlanContext context;
  private final Outbox outbox;

  Deletes(PlanContext context, Outbox outbox) {
    this.context = context;
    this.outbox = outbox;
  }

  /**
   * On a side due for it, lists every item from the start; linked items missing from that
   * complete, successful listing, and which the tool says do not exist when read, are deleted
   * items its listing did not report.
   */
  void reconcile(Pass pass, Side side) {
    if (context.settings().reconcileEvery().isZero()) {
      return;
    }
    LogContext.connection(context.participant(side).connectionId(), () -> listAll(pass, side));
  }

  private void listAll(Pass pass, Side side) {
    SyncParticipant source = context.participant(side);
    String key = context.settings().planId() + "#reconcile";
    Optional<Cursor> last = context.store().cursor(key, source.connectionId());
    Instant now = context.clock().instant();
    if (last.isEmpty() || last.get().value() == null) {
      context.store().saveCursor(key, source.connectionId(), Cursor.of(now.toString())); // the first pass was complete
      return;
    }
    if (now.isBefore(Instant.parse(last.get().value()).plus(context.settings().reconcileEvery()))) {
      return;
    }
    Set<String> listed = new HashSet<>();
    Cursor cursor = Cursor.START;
    try {
      while (true) {
        ChangePage page = source.feed().changes(cursor, context.settings().pageSize());
        page.items().stream().filter(i -> !i.deleted()).forEach(i -> listed.add(i.id()));
        cursor = page.next();
        if (!page.hasMore() || page.items().isEmpty()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      IntegrationException error = PlanContext.classify(e, "list every item of " + source.connectionId());
      pass.fail(new SyncReport.Failure(source.connectionId(), null, error.category(),
          "the reconciling listing failed, so no delete was inferred: " + error.getMessage(), false));
      return; // due again on the next pass
    }
    List<Link> links = context.store().links(context.settings().planId());
    List<Link> missing = links.stream().filter(l -> !listed.contains(l.id(side))).toList();
    if (!missing.isEmpty() && (listed.isEmpty() || (missing.size() >= 10 && missing.size() * 2 > links.size()))) {
      String message = "the complete listing of " + source.connectionId() + " lacks " + missing.size() + " of its "
          + links.size() + " linked items" + (listed.isEmpty() ? " and has no item at all" : "")
          + "; acting on none: check the connection's permissions and project, then delete or unlink by hand";
      pass.fail(new SyncReport.Failure(source.connectionId(), null, ErrorCategory.CONFIGURATION, message, false));
      outbox.record(List.of(outbox.event(pass, EventTypes.PASS_DELETES_REFUSED, ChangeEvent.Origin.AGENT,
          source.connectionId(), null).attribute("missing", Integer.toString(missing.size()))
          .attribute("links", Integer.toString(links.size())).attribute("reason", message).build()));
    } else {
      for (Link link : missing) {
        String id = link.id(side);
        LogContext.item(source.connectionId(), id, () -> confirmGone(pass, side, id));
      }
    }
    context.store().saveCursor(key, source.connectionId(), Cursor.of(now.toString()));
  }

  private void confirmGone(Pass pass, Side side, String id) {
    SyncParticipant source = context.participant(side);
    try {
      if (source.session().get(id).isPresent()) {
        return; // still there, outside what the listing shows (moved, or filtered by the tool)
      }
      deleted(pass, side, id);
    } catch (RuntimeException e) {
      IntegrationException error =
          PlanContext.classify(e, "apply the delete of " + source.connectionId() + " item " + id);
      pass.fail(new SyncReport.Failure(source.connectionId(), id, error.category(), error.getMessage(), false));
    }
  }

  /** A deleted item, reported by its tool or found by {@link #reconcile}: acted on per the plan's delete policy. */
  void deleted(Pass pass, Side sourceSide, String itemId) {
    SyncParticipant source = context.participant(sourceSide);
    Optional<Link> link = context.store().link(context.settings().planId(), sourceSide, itemId);
    if (link.isEmpty() || context.settings().deletes() == DeletePolicy.IGNORE) {
      pass.unchanged++;
      return;
    }
    SyncParticipant target = context.participant(sourceSide.other());
    String targetId = link.get().id(sourceSide.other());
    String what = source.connectionId() + " item " + itemId;
    ChangeEvent seen = outbox.event(pass, EventTypes.ITEM_DELETED, ChangeEvent.Origin.TOOL, source.connectionId(),
        itemId).build();
    pass.observed = seen;
    pass.observedRecorded = false;
    ChangeEvent done = null;
    switch (context.settings().deletes()) {
      case PROPAGATE -> {
        target.session().delete(targetId);
        done = outbox.event(pass, EventTypes.ITEM_DELETED, ChangeEvent.Origin.AGENT, target.connectionId(), targetId)
            .causedBy(seen).build();
        pass.updated++;
      }
      case MARK -> {
        target.session().addComment(targetId, "The linked " + what + " was deleted on "
            + context.clock().instant().truncatedTo(ChronoUnit.SECONDS) + "; this item is no longer synced.");
        pass.updated++;
      }
      default -> pass.unchanged++;
    }
    ChangeEvent unlinked = outbox.event(pass, EventTypes.ITEM_UNLINKED, ChangeEvent.Origin.AGENT,
        target.connectionId(), targetId).causedBy(done != null ? done : seen).attribute("aId", link.get().aId())
        .attribute("bId", link.get().bId()).attribute("policy", context.settings().deletes().name()).build();
    outbox.commit(pass, () -> {
      context.store().deleteLink(context.settings().planId(), link.get().aId());
      if (context.settings().comments()) {
        CommentSync.forget(context, link.get().aId());
      }
    }, Outbox.of(done, unlinked));
  }
}
