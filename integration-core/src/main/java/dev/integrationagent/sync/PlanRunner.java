package dev.integrationagent.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.DeletePolicy;
import dev.integrationagent.SyncListener;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.mapping.CanonicalJson;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.api.sync.SyncStrategy;
import dev.integrationagent.http.RunScope;
import dev.integrationagent.mapping.ScopeFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pass of one plan. The story of a pass, top to bottom:
 *
 * <ol>
 *   <li>{@code pass.started} is recorded;
 *   <li>for each direction ({@link Listing}): creates a crash may have left in flight are linked by
 *       their markers ({@link Creates}), then the source's changes are read page by page from its
 *       stored cursor, and each item is tried ({@link Retries}): its decision is computed without
 *       I/O ({@link Decisions}) and acted on ({@link ItemSync}: create, push, merge, delete), its
 *       state and events recorded in one transaction ({@link Outbox});
 *   <li>sides due for it are listed completely to find deletes their listings did not report ({@link Deletes});
 *   <li>{@code pass.finished} or {@code pass.failed} is recorded, and the report returned.
 * </ol>
 *
 * <p>No lost change: the cursor is stored only after every item of its page was applied, found
 * unchanged, or parked with its error. A retryable failure (TRANSIENT, RATE_LIMITED) stops the
 * direction without storing the cursor, so the next pass reads the page again; the items of it
 * already applied are then found unchanged against their base.
 *
 * <p>Besides passes, the runner applies single items (a webhook's, a retry of a parked one),
 * explicit deletes, and resolutions of queued conflicts, each as a run of its own.
 */
public final class PlanRunner {
  /**
   * What the runner needs of a plan.
   *
   * @param planId the plan's id
   * @param twoWay whether changes flow both ways
   * @param createIn the sides new items may be created on
   * @param resolver settles fields changed on both sides
   * @param strategy merges a linked pair
   * @param pageSize changes per page
   * @param maxAttempts how often an item is tried before it is parked
   * @param firstBackoff the wait after an item's first retryable failure; it doubles after each
   * @param deletes what a reported delete does to the other side
   * @param scopes per side, which items take part
   * @param startFromNow whether a first pass skips existing items
   * @param matchField on a first pass, the canonical field look-alikes are linked by; null to copy
   * @param comments whether comments are copied too
   * @param fieldSources fields that flow only out of one side in a two-way plan, by field
   * @param reconcileEvery how often a side is listed completely to find unreported deletes; zero for never
   */
  public record Settings(String planId, boolean twoWay, Set<Side> createIn, ConflictResolver resolver,
      SyncStrategy strategy, int pageSize, int maxAttempts, java.time.Duration firstBackoff,
      DeletePolicy deletes, Map<Side, ScopeFilter> scopes, boolean startFromNow, @Nullable String matchField,
      boolean comments, Map<String, Side> fieldSources, java.time.Duration reconcileEvery, boolean syncsUsers) {
    /** Backoff never grows past this. */
    static final java.time.Duration MAX_BACKOFF = java.time.Duration.ofHours(1);

    public Settings {
      requireNonNull(planId, "planId");
      createIn = Set.copyOf(createIn);
      requireNonNull(resolver, "resolver");
      requireNonNull(strategy, "strategy");
      requireNonNull(firstBackoff, "firstBackoff");
      requireNonNull(deletes, "deletes");
      scopes = Map.copyOf(scopes);
      fieldSources = Map.copyOf(fieldSources);
      requireNonNull(reconcileEvery, "reconcileEvery");
    }

    /** The wait after the given failed attempt: doubling from the first backoff, capped at an hour. */
    java.time.Duration backoff(int attempts) {
      java.time.Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
      return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
  }

  private final Settings settings;
  private final SyncParticipant a;
  private final Clock clock;
  private final Logger log;
  private final List<SyncListener> listeners;
  private final Outbox outbox;
  private final Deletes deletes;
  private final Retries retries;
  private final Listing listing;
  private final QueueResolution resolutions;

  public PlanRunner(Settings settings, SyncParticipant a, SyncParticipant b, StateStore store,
      Clock clock, List<SyncListener> listeners) {
    this(settings, a, b, store, clock, listeners, LoggerFactory.getLogger(PlanRunner.class));
  }

  /** Like the other constructor, logging the pass to {@code log} (the agent's redacting logger). */
  public PlanRunner(Settings settings, SyncParticipant a, SyncParticipant b, StateStore store,
      Clock clock, List<SyncListener> listeners, Logger log) {
    this(settings, a, b, store, clock, listeners, log, new WriteCauses(clock), UnsyncedItems.NONE);
  }

  /**
   * Like the other constructors; a tool's change that {@code causes} knows as a write of the
   * agent's workflows is recorded as following from it, and items listed but not synced go to
   * {@code unsynced}.
   */
  public PlanRunner(Settings settings, SyncParticipant a, SyncParticipant b, StateStore store,
      Clock clock, List<SyncListener> listeners, Logger log, WriteCauses causes, UnsyncedItems unsynced) {
    this.log = requireNonNull(log, "log");
    this.settings = requireNonNull(settings, "settings");
    this.a = requireNonNull(a, "a");
    this.clock = requireNonNull(clock, "clock");
    this.listeners = List.copyOf(listeners);
    PlanContext context = new PlanContext(settings, a, requireNonNull(b, "b"), requireNonNull(store, "store"),
        clock, log, requireNonNull(causes, "causes"), requireNonNull(unsynced, "unsynced"));
    this.outbox = new Outbox(context);
    Writes writes = new Writes(context, outbox);
    CommentSync comments = new CommentSync(context, outbox);
    this.deletes = new Deletes(context, outbox);
    Creates creates = new Creates(context, outbox, writes);
    Merges merges = new Merges(context, outbox, writes, new ConflictQueue(context), new FieldTimes(context));
    ItemSync items = new ItemSync(context, outbox, writes, creates, merges, deletes, comments);
    this.retries = new Retries(context, outbox, items);
    this.listing = new Listing(context, outbox, creates, retries, this.listeners);
    this.resolutions = new QueueResolution(context, outbox, writes);
  }

  /** Runs one pass and reports it. Never throws for a failure of an item or a connection. */
  public SyncReport run() {
    return run(() -> true);
  }

  /**
   * Runs one pass, calling {@code heartbeat} after every page; when it answers false (the
   * agent lost its claim on the plan) the pass stops at once, its cursors as last stored.
   */
  public SyncReport run(BooleanSupplier heartbeat) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> run(heartbeat, runId));
  }

  private SyncReport run(BooleanSupplier heartbeat, String runId) {
    Pass pass = new Pass(runId, clock.instant());
    outbox.record(List.of(outbox.event(pass, EventTypes.PASS_STARTED, Origin.AGENT, null, null).build()));
    listing.run(pass, Side.A, heartbeat);
    if (settings.twoWay()) {
      listing.run(pass, Side.B, heartbeat);
    }
    deletes.reconcile(pass, Side.A);
    if (settings.twoWay()) {
      deletes.reconcile(pass, Side.B);
    }
    SyncReport report = pass.report(settings.planId(), clock.instant());
    outbox.record(List.of(passEnded(pass, report)));
    log.info("{} in {} ms", report.summary(), report.duration().toMillis());
    for (SyncListener listener : listeners) {
      try {
        listener.onFinished(report);
      } catch (RuntimeException e) {
        log.warn("plan {}: a sync listener failed: {}", settings.planId(), e.toString());
      }
    }
    return report;
  }

  ChangeEvent passEnded(Pass pass, SyncReport report) {
    ChangeEvent.Builder event = outbox.event(pass, report.failed() == 0 ? EventTypes.PASS_FINISHED
        : EventTypes.PASS_FAILED, Origin.AGENT, null, null)
        .attribute("summary", report.summary())
        .attribute("created", Integer.toString(report.created()))
        .attribute("updated", Integer.toString(report.updated()))
        .attribute("unchanged", Integer.toString(report.unchanged()))
        .attribute("failed", Integer.toString(report.failed()))
        .attribute("conflicts", Integer.toString(report.conflicts()))
        .attribute("echoes", Integer.toString(pass.echoes))
        .attribute("durationMs", Long.toString(Duration.between(report.startedAt(), report.finishedAt()).toMillis()));
    if (!report.failures().isEmpty()) {
      SyncReport.Failure first = report.failures().get(0);
      event.attribute("connection", first.connectionId()).attribute("category", first.category().name())
          .attribute("reason", first.message());
    }
    return event.build();
  }

  /**
   * Applies one item now, read afresh from its side: a webhook's item. It goes through the same
   * steps as a polled item, so a later poll that sees it again finds nothing to do.
   */
  public SyncReport syncItem(Side sourceSide, String itemId) {
    return applyNow(sourceSide, itemId, false, null);
  }

  /** Like {@link #syncItem(Side, String)}; every event it records follows from {@code cause} (the webhook's). */
  public SyncReport syncItem(Side sourceSide, String itemId, @Nullable ChangeEvent cause) {
    return applyNow(sourceSide, itemId, false, cause);
  }

  /**
   * Applies one item now, whatever its retry state: the host's "retry this parked item". Its
   * entry is removed when it succeeds and updated when it fails again.
   */
  public SyncReport retryItem(Side sourceSide, String itemId) {
    return applyNow(sourceSide, itemId, true, null);
  }

  private SyncReport applyNow(Side sourceSide, String itemId, boolean ignoreBackoff, @Nullable ChangeEvent cause) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> {
      Pass pass = new Pass(runId, clock.instant());
      pass.trigger = cause;
      Map<String, ParkedItem> failing = retries.failing(context().participant(sourceSide), itemId);
      if (ignoreBackoff) {
        failing.replaceAll((id, p) -> Retries.dueNow(p));
      }
      retries.applyOne(pass, sourceSide, itemId, failing, ignoreBackoff);
      return pass.report(settings.planId(), clock.instant());
    });
  }

  /**
   * Tries the given failing or parked items again now, whatever their retry state, in one pass:
   * the host's "the credential is fixed, sync the backlog". Each is read afresh from its side.
   * A connection that still fails stops the rest, parking nothing.
   */
  public SyncReport retryItems(List<ParkedItem> items) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> {
      Pass pass = new Pass(runId, clock.instant());
      for (ParkedItem parked : items) {
        Side side = parked.connectionId().equals(a.connectionId()) ? Side.A : Side.B;
        Map<String, ParkedItem> failing = new LinkedHashMap<>(Map.of(parked.itemId(), Retries.dueNow(parked)));
        if (!retries.applyOne(pass, side, parked.itemId(), failing, true)) {
          break;
        }
      }
      return pass.report(settings.planId(), clock.instant());
    });
  }

  /** Acts on an explicit delete event (a webhook's) per the plan's delete policy. */
  public SyncReport deletedItem(Side sourceSide, String itemId) {
    return deletedItem(sourceSide, itemId, null);
  }

  /** Like {@link #deletedItem(Side, String)}; every event it records follows from {@code cause}. */
  public SyncReport deletedItem(Side sourceSide, String itemId, @Nullable ChangeEvent cause) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> {
      Pass pass = new Pass(runId, clock.instant());
      pass.trigger = cause;
      String connectionId = context().participant(sourceSide).connectionId();
      try {
        LogContext.item(connectionId, itemId, () -> deletes.deleted(pass, sourceSide, itemId));
      } catch (RuntimeException e) {
        IntegrationException error = PlanContext.classify(e, "apply the delete of " + connectionId + " item " + itemId);
        pass.fail(new SyncReport.Failure(connectionId, itemId, error.category(), error.getMessage(), false));
      }
      return pass.report(settings.planId(), clock.instant());
    });
  }

  /**
   * Settles a parked conflict: both sides get {@code value} (written only where they differ),
   * the base follows, and the conflict leaves the queue.
   */
  public SyncReport resolveConflict(ConflictRecord conflict, JsonNode value) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> LogContext.item(a.connectionId(), conflict.aId(),
        () -> resolutions.settle(conflict, value, runId)));
  }

  /** Drops a queued conflict without writing anything, recorded as resolved: dismissed by a person. */
  public void dismissConflict(ConflictRecord conflict) {
    byPerson(a.connectionId(), conflict.aId(), store -> store.deleteConflict(conflict.id()),
        pass -> outbox.event(pass, EventTypes.CONFLICT_RESOLVED, Origin.AGENT, a.connectionId(),
            conflict.aId()).attribute("field", conflict.field()).attribute("conflict", conflict.id())
            .attribute("by", "dismissed"));
  }

  /**
   * Links two existing items by hand (a workflow's {@code linkItems}): both are read; the fields
   * in which they already agree are the link's base, and each side's current values are what the
   * agent saw of it, so that only what a tool changes afterwards counts as that tool's change.
   *
   * @param cause the event the link follows from
   * @return the link's event, as recorded
   */
  public ChangeEvent link(String aId, String bId, @Nullable ChangeEvent cause) {
    PlanContext ctx = context();
    ExternalItem aItem = a.session().get(aId).orElseThrow(() -> new IntegrationException(ErrorCategory.NOT_FOUND,
        a.connectionId(), a.connectionId() + " item " + aId + " does not exist", null));
    SyncParticipant b = ctx.b();
    ExternalItem bItem = b.session().get(bId).orElseThrow(() -> new IntegrationException(ErrorCategory.NOT_FOUND,
        b.connectionId(), b.connectionId() + " item " + bId + " does not exist", null));
    Map<String, JsonNode> aFields = ctx.inPlay(CanonicalJson.fields(a.mapping().toCanonical(aItem.data())));
    Map<String, JsonNode> bFields = ctx.inPlay(CanonicalJson.fields(b.mapping().toCanonical(bItem.data())));
    Map<String, JsonNode> agreed = new java.util.LinkedHashMap<>();
    aFields.forEach((field, value) -> {
      if (bFields.containsKey(field) && Expressible.same(field, value, bFields.get(field), a, aItem.data(), b,
          bItem.data())) {
        agreed.put(field, value);
      }
    });
    // each side as it is now is what the agent saw of it: what differs is for the plan's policy to
    // settle, and only what a tool changes after this is that tool's change
    Link link = new Link(settings.planId(), aId, bId, CanonicalJson.fieldsObject(agreed),
        WrittenState.seen(aFields, null), WrittenState.seen(bFields, null), clock.instant());
    String runId = UUID.randomUUID().toString();
    Pass pass = new Pass(runId, clock.instant());
    ChangeEvent linked = outbox.event(pass, EventTypes.ITEM_LINKED, Origin.AGENT, b.connectionId(), bId)
        .causedBy(cause).attribute("aId", aId).attribute("bId", bId).attribute("by", "hand").build();
    outbox.commit(pass, () -> ctx.store().saveLink(link), List.of(linked));
    return linked;
  }

  /** Removes the link of A item {@code aId} by hand (a workflow's {@code unlinkItems}), with its event. */
  public ChangeEvent unlink(String aId, @Nullable ChangeEvent cause) {
    PlanContext ctx = context();
    String runId = UUID.randomUUID().toString();
    Pass pass = new Pass(runId, clock.instant());
    String bId = ctx.store().link(settings.planId(), Side.A, aId).map(Link::bId).orElse(null);
    ChangeEvent unlinked = outbox.event(pass, EventTypes.ITEM_UNLINKED, Origin.AGENT, a.connectionId(), aId)
        .causedBy(cause).attribute("aId", aId).attribute("bId", bId).attribute("policy", "workflow").build();
    outbox.commit(pass, () -> ctx.store().deleteLink(settings.planId(), aId), List.of(unlinked));
    return unlinked;
  }

  /** Takes an item off the failing list without syncing it, recorded as unparked: dropped by a person. */
  public void dropParked(String connectionId, String itemId) {
    byPerson(connectionId, itemId, store -> store.unpark(settings.planId(), connectionId, itemId),
        pass -> outbox.event(pass, EventTypes.ITEM_UNPARKED, Origin.AGENT, connectionId, itemId)
            .attribute("by", "dropped"));
  }

  /** A person's change of the plan's state, recorded with its event as a run of its own. */
  private void byPerson(String connectionId, String itemId, java.util.function.Consumer<StateStore> change,
      java.util.function.Function<Pass, ChangeEvent.Builder> event) {
    String runId = UUID.randomUUID().toString();
    scoped(runId, () -> LogContext.item(connectionId, itemId, () -> {
      Pass pass = new Pass(runId, clock.instant());
      StateStore store = context().store();
      outbox.commit(pass, () -> change.accept(store), List.of(event.apply(pass).build()));
      return null;
    }));
  }

  /** Runs {@code body} as run {@code runId} of this plan: its HTTP calls and log lines name both. */
  private <T> T scoped(String runId, java.util.function.Supplier<T> body) {
    return RunScope.call(settings.planId(), runId, () -> LogContext.pass(settings.planId(), runId, body));
  }

  private PlanContext context() {
    return outbox.context();
  }
}
