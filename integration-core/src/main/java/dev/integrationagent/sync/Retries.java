package dev.integrationagent.sync;

import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.sync.Side;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Tries one item. A failure that retrying may fix is retried on later passes with backoff, and
 * the listing waits for it; other failures, and retryable ones out of attempts, park the item
 * with its classified error, and the listing moves on. A failure of the whole connection parks
 * nothing and stops the direction.
 */
final class Retries extends PassStep {
  private final ItemSync items;

  Retries(PlanContext context, Outbox outbox, ItemSync items) {
    super(context, outbox);
    this.items = items;
  }

  /**
   * Applies one item. A failure that retrying may fix is retried on later passes with backoff,
   * and the listing waits for it; other failures, and retryable ones out of attempts, park the
   * item and the listing moves on.
   *
   * @return false when the direction must stop here
   */
  boolean processWithRetries(Pass pass, Side sourceSide, ExternalItem item, Map<String, ParkedItem> failing,
      @Nullable LookAlikes lookAlikes) {
    return LogContext.item(participant(sourceSide).connectionId(), item.id(),
        () -> tryItem(pass, sourceSide, item, failing, lookAlikes));
  }

  boolean tryItem(Pass pass, Side sourceSide, ExternalItem item, Map<String, ParkedItem> failing,
      @Nullable LookAlikes lookAlikes) {
    SyncParticipant source = participant(sourceSide);
    pass.startItem();
    ParkedItem previous = failing.get(item.id());
    if (previous != null && previous.retryAt() != null && clock.instant().isBefore(previous.retryAt())) {
      pass.fail(new SyncReport.Failure(source.connectionId(), item.id(), previous.category(),
          "waiting until " + previous.retryAt() + " for attempt " + (previous.attempts() + 1) + " of "
              + settings.maxAttempts() + " (" + previous.message() + ")", false));
      return false;
    }
    try {
      items.process(pass, sourceSide, item, lookAlikes);
      if (previous != null) {
        outbox.commit(pass, () -> store.unpark(settings.planId(), source.connectionId(), item.id()),
            List.of(outbox.event(pass, EventTypes.ITEM_UNPARKED, Origin.AGENT, source.connectionId(), item.id())
                .causedBy(pass.cause()).attribute("category", previous.category().name())
                .attribute("attempts", Integer.toString(previous.attempts())).build()));
        failing.remove(item.id());
      }
      return true;
    } catch (RuntimeException e) {
      IntegrationException error = classify(e, "sync item " + item.id() + " of " + source.connectionId());
      if (connectionWide(error)) {
        // no retry of this item can fix a refused credential or an open circuit: the item is not
        // parked, and the direction stops with its cursor before it
        throw new ConnectionDown(error, item.id());
      }
      // a rate limit says the connection must wait, not that the item is bad: it waits as long
      // as the tool asks and does not count as an attempt, so a storm of 429s parks nothing
      boolean limited = error.category() == ErrorCategory.RATE_LIMITED;
      int attempts = previous == null ? 1 : previous.attempts() + (limited ? 0 : 1);
      boolean retry = error.category().isRetryable() && (limited || attempts < settings.maxAttempts());
      Instant retryAt = !retry ? null
          : clock.instant().plus(limited ? announcedWait(error) : settings.backoff(attempts));
      ParkedItem entry = new ParkedItem(settings.planId(), source.connectionId(), item.id(), error.category(),
          error.getMessage(), attempts, clock.instant(), retryAt);
      outbox.commit(pass, () -> store.park(entry), List.of(parkedEvent(pass, entry).build()));
      failing.put(item.id(), entry);
      pass.fail(new SyncReport.Failure(failedConnection(error, source), item.id(), error.category(), error.getMessage(),
          !retry, source.connectionId()));
      log.warn("plan {}: item {} of {} failed ({}, attempt {} of {}){}: {}", settings.planId(), item.id(),
          source.connectionId(), error.category(), attempts, settings.maxAttempts(),
          retry ? ", retrying after " + retryAt : ", parked", error.getMessage());
      return !retry;
    }
  }

  ChangeEvent.Builder parkedEvent(Pass pass, ParkedItem entry) {
    return outbox.event(pass, entry.retryAt() == null ? EventTypes.ITEM_PARKED : EventTypes.ITEM_FAILED, Origin.AGENT,
            entry.connectionId(), entry.itemId())
        .causedBy(pass.cause()).snapshot(pass.cause() == null ? null : pass.cause().snapshot())
        .attribute("category", entry.category().name()).attribute("reason", entry.message())
        .attribute("attempts", Integer.toString(entry.attempts()))
        .attribute("retryAt", entry.retryAt() == null ? null : entry.retryAt().toString());
  }

  /**
   * An item the listing named but its connector could not read: parked with the connector's
   * reason, never retried on a timer (asking again gives the same answer), while the rest of the
   * listing goes on. A later listing that reads it syncs it and takes it off the list.
   */
  void reject(Pass pass, SyncParticipant source, ChangePage.Rejected rejected,
      Map<String, ParkedItem> failing) {
    LogContext.item(source.connectionId(), rejected.itemId(), () -> park(pass, source, rejected, failing));
  }

  void park(Pass pass, SyncParticipant source, ChangePage.Rejected rejected,
      Map<String, ParkedItem> failing) {
    ParkedItem previous = failing.get(rejected.itemId());
    ParkedItem entry = new ParkedItem(settings.planId(), source.connectionId(), rejected.itemId(),
        ErrorCategory.VALIDATION, rejected.reason(), previous == null ? 1 : previous.attempts() + 1, clock.instant(),
        null);
    pass.startItem();
    outbox.commit(pass, () -> store.park(entry), List.of(parkedEvent(pass, entry).build()));
    failing.put(rejected.itemId(), entry);
    pass.fail(new SyncReport.Failure(source.connectionId(), rejected.itemId(), ErrorCategory.VALIDATION,
        rejected.reason(), true));
    log.warn("plan {}: item {} of {} could not be read from its listing, parked: {}", settings.planId(),
        rejected.itemId(), source.connectionId(), rejected.reason());
  }

  /**
   * Whether a failure is the connection's, not the item's: a refused credential (401, 403), a
   * connection set up wrong, or an open circuit. Retrying the item cannot help, and parking it
   * would park the whole backlog behind it.
   */
  static boolean connectionWide(IntegrationException error) {
    return switch (error.category()) {
      case AUTHENTICATION, AUTHORIZATION, CONFIGURATION -> true;
      default -> error instanceof dev.integrationagent.http.HttpException http && http.circuitOpen();
    };
  }

  /** The connection a failure names (the target, for a refused write), else the source. */
  static String failedConnection(IntegrationException error, SyncParticipant source) {
    return error.connectionId() != null ? error.connectionId() : source.connectionId();
  }

  /** A connection-wide failure while syncing an item: stops the direction, parks nothing. */
  static final class ConnectionDown extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient IntegrationException error;
    final String itemId;

    ConnectionDown(IntegrationException error, String itemId) {
      super(error.getMessage(), error, false, false);
      this.error = error;
      this.itemId = itemId;
    }
  }

  void connectionDown(Pass pass, SyncParticipant source, ConnectionDown down) {
    IntegrationException error = down.error;
    String failed = failedConnection(error, source);
    String message = error.getMessage() + " Stopped syncing from " + source.connectionId() + " until " + failed
        + " works again; the cursor is kept and nothing was parked.";
    pass.fail(new SyncReport.Failure(failed, down.itemId, error.category(), message, false, source.connectionId()));
    outbox.record(List.of(outbox.event(pass, EventTypes.CONNECTION_FAILED, Origin.AGENT, failed, down.itemId)
        .causedBy(pass.cause()).attribute("step", "item").attribute("source", source.connectionId())
        .attribute("category", error.category().name()).attribute("reason", message).build()));
    log.warn("plan {}: {} failed ({}); stopped syncing from {}: {}", settings.planId(), failed, error.category(),
        source.connectionId(), error.getMessage());
  }

  /** The wait a rate-limited tool announced, or the plan's first backoff when it named none. */
  java.time.Duration announcedWait(IntegrationException error) {
    return error instanceof dev.integrationagent.http.HttpException http && http.retryAfter().isPresent()
        ? http.retryAfter().get() : settings.firstBackoff();
  }

  /** The failing entry, due for its next attempt now. */
  static ParkedItem dueNow(ParkedItem p) {
    return new ParkedItem(p.planId(), p.connectionId(), p.itemId(), p.category(), p.message(), p.attempts(),
        p.parkedAt(), null);
  }

  /**
   * Reads one item afresh from its side and syncs it in {@code pass}.
   *
   * @param reportMissing whether an item its side no longer has is a failure (a retry asked for
   *     it) rather than nothing to do (a webhook's item deleted since)
   * @return false when its connection is down as a whole: further items would fail the same way
   */
  boolean applyOne(Pass pass, Side sourceSide, String itemId, Map<String, ParkedItem> failing,
      boolean reportMissing) {
    return LogContext.item(participant(sourceSide).connectionId(), itemId,
        () -> readAndApply(pass, sourceSide, itemId, failing, reportMissing));
  }

  boolean readAndApply(Pass pass, Side sourceSide, String itemId, Map<String, ParkedItem> failing,
      boolean reportMissing) {
    SyncParticipant source = participant(sourceSide);
    Optional<ExternalItem> item;
    try {
      item = source.session().get(itemId);
    } catch (RuntimeException e) {
      IntegrationException error = classify(e, "read item " + itemId + " of " + source.connectionId());
      pass.fail(new SyncReport.Failure(failedConnection(error, source), itemId, error.category(), error.getMessage(),
          false, source.connectionId()));
      return !connectionWide(error);
    }
    if (item.isEmpty()) {
      if (reportMissing) {
        pass.fail(new SyncReport.Failure(source.connectionId(), itemId, ErrorCategory.NOT_FOUND,
            source.connectionId() + " has no item " + itemId, false));
      } else {
        pass.unchanged++;
      }
      return true;
    }
    try {
      processWithRetries(pass, sourceSide, item.get(), failing, null);
      return true;
    } catch (ConnectionDown down) {
      connectionDown(pass, source, down);
      return false;
    }
  }

  /** The failing items of a side (or one of them), by item id. */
  Map<String, ParkedItem> failing(SyncParticipant source, @Nullable String itemId) {
    Map<String, ParkedItem> out = new LinkedHashMap<>();
    store.parked(settings.planId()).stream()
        .filter(p -> p.connectionId().equals(source.connectionId()) && (itemId == null || p.itemId().equals(itemId)))
        .forEach(p -> out.put(p.itemId(), p));
    return out;
  }
}
