package dev.integrationagent.sync;

import dev.integrationagent.SyncListener;
import dev.integrationagent.SyncProgress;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.sync.Side;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One direction of a pass: the source's changes page by page from its stored cursor, each item
 * tried ({@link Retries}), the cursor stored once every item of its page is settled.
 */
final class Listing extends PassStep {
  private final Creates creates;
  private final Retries retries;
  private final List<SyncListener> listeners;

  Listing(PlanContext context, Outbox outbox, Creates creates, Retries retries, List<SyncListener> listeners) {
    super(context, outbox);
    this.creates = creates;
    this.retries = retries;
    this.listeners = listeners;
  }

  void run(Pass pass, Side sourceSide, BooleanSupplier heartbeat) {
    LogContext.connection(participant(sourceSide).connectionId(), () -> listDirection(pass, sourceSide, heartbeat));
  }

  private void listDirection(Pass pass, Side sourceSide, BooleanSupplier heartbeat) {
    SyncParticipant source = participant(sourceSide);
    Map<String, ParkedItem> failing = retries.failing(source, null);
    if (!creates.recoverCreatesInto(pass, sourceSide)) {
      return; // an item created before a crash could not be told from a new one: list this side later
    }
    Optional<Cursor> stored = store.cursor(settings.planId(), source.connectionId());
    Cursor cursor = stored.orElse(Cursor.START);
    if (stored.isEmpty() && settings.startFromNow()) {
      skipToNow(pass, source);
      return;
    }
    LookAlikes lookAlikes = stored.isEmpty() && settings.matchField() != null ? new LookAlikes(context, outbox) : null;
    for (int pageNumber = 1; ; pageNumber++) {
      ChangePage page;
      try {
        page = source.feed().changes(cursor, settings.pageSize());
      } catch (RuntimeException e) {
        IntegrationException error = classify(e, "list changes of " + source.connectionId());
        pass.fail(new SyncReport.Failure(source.connectionId(), null, error.category(), error.getMessage(), false));
        outbox.record(List.of(outbox.event(pass, EventTypes.CONNECTION_FAILED, Origin.AGENT, source.connectionId(), null)
            .attribute("step", "listing").attribute("category", error.category().name())
            .attribute("reason", error.getMessage()).build()));
        return;
      }
      int appliedBefore = pass.created + pass.updated;
      int failedBefore = pass.failures.size();
      boolean stop = false;
      for (ChangePage.Rejected rejected : page.rejected()) {
        retries.reject(pass, source, rejected, failing);
      }
      try {
        for (ExternalItem item : page.items()) {
          if (!retries.processWithRetries(pass, sourceSide, item, failing, lookAlikes)) {
            stop = true; // an item waits for its next attempt: the cursor stays before it
            break;
          }
        }
      } catch (Retries.ConnectionDown down) {
        retries.connectionDown(pass, source, down);
        return; // the cursor stays before this page
      }
      if (!stop) {
        store.saveCursor(settings.planId(), source.connectionId(), page.next());
        cursor = page.next();
      }
      SyncProgress progress = new SyncProgress(settings.planId(), pass.runId, source.connectionId(), pageNumber,
          page.items().size(), pass.created + pass.updated - appliedBefore, pass.failures.size() - failedBefore);
      log.debug("plan {}: page {} of {}: {} seen, {} applied, {} failed", settings.planId(), pageNumber,
          source.connectionId(), progress.seen(), progress.applied(), progress.failed());
      listeners.forEach(l -> notify(() -> l.onPage(progress)));
      if (stop || !page.hasMore() || (page.items().isEmpty() && page.rejected().isEmpty())) {
        return;
      }
      if (!heartbeat.getAsBoolean()) {
        pass.fail(new SyncReport.Failure(source.connectionId(), null, ErrorCategory.TRANSIENT,
            "this agent lost its claim on plan " + settings.planId() + "; stopped after page " + pageNumber, false));
        return;
      }
    }
  }

  /** A first pass that starts from now: read the listing to its end and keep only the cursor. */
  void skipToNow(Pass pass, SyncParticipant source) {
    Cursor cursor = Cursor.START;
    int skipped = 0;
    for (int pages = 0; ; pages++) {
      ChangePage page = source.session().changes(cursor, settings.pageSize());
      skipped += page.items().size();
      cursor = page.next();
      if (!page.hasMore() || page.items().isEmpty()) {
        break;
      }
    }
    store.saveCursor(settings.planId(), source.connectionId(), cursor);
    outbox.record(List.of(outbox.event(pass, EventTypes.PASS_INITIAL_SKIPPED, Origin.AGENT, source.connectionId(), null)
        .attribute("items", Integer.toString(skipped)).build()));
  }

  void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("plan {}: a sync listener failed: {}", settings.planId(), e.toString());
    }
  }
}
