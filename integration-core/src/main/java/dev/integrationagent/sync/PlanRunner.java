package dev.integrationagent.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.DeletePolicy;
import dev.integrationagent.SyncListener;
import dev.integrationagent.SyncProgress;
import dev.integrationagent.SyncReport;
import dev.integrationagent.mapping.ScopeFilter;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.mapping.CanonicalFields;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.CreateIntent;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.FieldConflict;
import dev.integrationagent.api.sync.MergeInput;
import dev.integrationagent.api.sync.MergeResult;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.api.sync.SyncStrategy;
import dev.integrationagent.audit.AuditTrail;
import dev.integrationagent.http.RunScope;
import dev.integrationagent.mapping.CanonicalJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pass of one plan: for each direction, reads the source's changes page by page from
 * its stored cursor, creates or updates the other side, and stores the cursor after each page.
 *
 * <p>No lost change: the cursor is stored only after every item of its page was applied, found
 * unchanged, or parked with its error. A retryable failure (TRANSIENT, RATE_LIMITED) stops the
 * direction without storing the cursor, so the next pass reads the page again; the items of it
 * already applied are then found unchanged against their base.
 */
public final class PlanRunner {
  private final Logger log;

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
  private final SyncParticipant b;
  private final StateStore store;
  private final AuditTrail audit;
  private final Clock clock;
  private final List<SyncListener> listeners;
  private final PlanContext context;
  private final CommentSync comments;
  private final Deletes deletes;
  private final Writes writes;
  private final ConflictQueue queue;
  private final FieldTimes times;
  private final Outbox outbox;
  private final Decisions.Rules rules;
  private java.util.function.BooleanSupplier heartbeat = () -> true;

  public PlanRunner(Settings settings, SyncParticipant a, SyncParticipant b, StateStore store,
      AuditTrail audit, Clock clock, List<SyncListener> listeners) {
    this(settings, a, b, store, audit, clock, listeners, LoggerFactory.getLogger(PlanRunner.class));
  }

  /** Like the other constructor, logging the pass to {@code log} (the agent's redacting logger). */
  public PlanRunner(Settings settings, SyncParticipant a, SyncParticipant b, StateStore store,
      AuditTrail audit, Clock clock, List<SyncListener> listeners, Logger log) {
    this.log = requireNonNull(log, "log");
    this.settings = requireNonNull(settings, "settings");
    this.a = requireNonNull(a, "a");
    this.b = requireNonNull(b, "b");
    this.store = requireNonNull(store, "store");
    this.audit = requireNonNull(audit, "audit");
    this.clock = requireNonNull(clock, "clock");
    this.listeners = List.copyOf(listeners);
    this.context = new PlanContext(settings, a, b, store, audit, clock, log);
    this.outbox = new Outbox(context);
    this.comments = new CommentSync(context, outbox);
    this.deletes = new Deletes(context, outbox);
    this.writes = new Writes(context);
    this.queue = new ConflictQueue(context);
    this.times = new FieldTimes(context);
    this.rules = Decisions.Rules.of(context);
  }

  /** Runs one pass and reports it. Never throws for a failure of an item or a connection. */
  public SyncReport run() {
    return run(() -> true);
  }

  /**
   * Runs one pass, calling {@code heartbeat} after every page; when it answers false (the
   * agent lost its claim on the plan) the pass stops at once, its cursors as last stored.
   */
  public SyncReport run(java.util.function.BooleanSupplier heartbeat) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> run(heartbeat, runId));
  }

  /** Runs {@code body} as run {@code runId} of this plan: its HTTP calls and log lines name both. */
  private <T> T scoped(String runId, java.util.function.Supplier<T> body) {
    return RunScope.call(settings.planId(), runId, () -> LogContext.pass(settings.planId(), runId, body));
  }

  private SyncReport run(java.util.function.BooleanSupplier heartbeat, String runId) {
    this.heartbeat = heartbeat;
    Pass pass = new Pass(runId, clock.instant());
    event(pass, "run.started", AuditEvent.Outcome.SUCCESS, null, null, "sync pass started", Map.of());
    outbox.record(List.of(outbox.event(pass, EventTypes.PASS_STARTED, Origin.AGENT, null, null).build()));
    runDirection(pass, Side.A);
    if (settings.twoWay()) {
      runDirection(pass, Side.B);
    }
    deletes.reconcile(pass, Side.A);
    if (settings.twoWay()) {
      deletes.reconcile(pass, Side.B);
    }
    SyncReport report = pass.report(settings.planId(), clock.instant());
    event(pass, "run.finished", report.failed() == 0 ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
        null, null, report.summary(), Map.of());
    outbox.record(List.of(passEnded(pass, report)));
    log.info("{} in {} ms", report.summary(), report.duration().toMillis());
    listeners.forEach(l -> notify(() -> l.onFinished(report)));
    return report;
  }

  private ChangeEvent passEnded(Pass pass, SyncReport report) {
    ChangeEvent.Builder event = outbox.event(pass, report.failed() == 0 ? EventTypes.PASS_FINISHED
        : EventTypes.PASS_FAILED, Origin.AGENT, null, null)
        .attribute("created", Integer.toString(report.created()))
        .attribute("updated", Integer.toString(report.updated()))
        .attribute("unchanged", Integer.toString(report.unchanged()))
        .attribute("failed", Integer.toString(report.failed()))
        .attribute("conflicts", Integer.toString(report.conflicts()));
    if (!report.failures().isEmpty()) {
      SyncReport.Failure first = report.failures().get(0);
      event.attribute("connection", first.connectionId()).attribute("category", first.category().name())
          .attribute("reason", first.message());
    }
    return event.build();
  }

  private void runDirection(Pass pass, Side sourceSide) {
    LogContext.connection(participant(sourceSide).connectionId(), () -> listDirection(pass, sourceSide));
  }

  private void listDirection(Pass pass, Side sourceSide) {
    SyncParticipant source = participant(sourceSide);
    Map<String, ParkedItem> failing = failing(source, null);
    if (!recoverCreatesInto(pass, sourceSide)) {
      return; // an item created before a crash could not be told from a new one: list this side later
    }
    Optional<Cursor> stored = store.cursor(settings.planId(), source.connectionId());
    Cursor cursor = stored.orElse(Cursor.START);
    if (stored.isEmpty() && settings.startFromNow()) {
      skipToNow(pass, source);
      return;
    }
    LookAlikes lookAlikes = stored.isEmpty() && settings.matchField() != null ? new LookAlikes() : null;
    for (int pageNumber = 1; ; pageNumber++) {
      ChangePage page;
      try {
        page = source.session().changes(cursor, settings.pageSize());
      } catch (RuntimeException e) {
        IntegrationException error = classify(e, "list changes of " + source.connectionId());
        pass.fail(new SyncReport.Failure(source.connectionId(), null, error.category(), error.getMessage(), false));
        event(pass, "changes.failed", AuditEvent.Outcome.FAILURE, source.connectionId(), null,
            error.getMessage(), Map.of("category", error.category().name()));
        return;
      }
      int appliedBefore = pass.created + pass.updated;
      int failedBefore = pass.failures.size();
      boolean stop = false;
      for (ChangePage.Rejected rejected : page.rejected()) {
        reject(pass, source, rejected, failing);
      }
      try {
        for (ExternalItem item : page.items()) {
          if (!processWithRetries(pass, sourceSide, item, failing, lookAlikes)) {
            stop = true; // an item waits for its next attempt: the cursor stays before it
            break;
          }
        }
      } catch (ConnectionDown down) {
        connectionDown(pass, source, down);
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

  /**
   * Before listing a side, links the items that creates into it left behind when their answer
   * was lost: found by marker, they are linked to their originals instead of being taken for
   * new items of this side and copied back.
   *
   * @return false when a marker could not be looked up: the side's listing must wait, since it
   *     may hold such an item, which would then be copied back as a duplicate
   */
  private boolean recoverCreatesInto(Pass pass, Side side) {
    return LogContext.connection(participant(side).connectionId(), () -> recoverCreates(pass, side));
  }

  private boolean recoverCreates(Pass pass, Side side) {
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
        event(pass, "recovery.failed", AuditEvent.Outcome.FAILURE, into.connectionId(), null, message,
            Map.of("marker", intent.marker(), "category", error.category().name()));
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
      event(pass, "item.recovered", AuditEvent.Outcome.SUCCESS, into.connectionId(), item.id(),
          "linked " + describe(into, item) + ", created from " + intent.sourceConnectionId() + " item "
              + intent.sourceItemId() + " before its answer was lost, instead of creating it again",
          Map.of("marker", intent.marker()));
    }
    return true;
  }

  /** The events of a copy found by its marker and linked: created before its answer was lost. */
  private List<ChangeEvent> recoveredEvents(Pass pass, SyncParticipant into, ExternalItem copy, Link link,
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

  private ChangeEvent.Builder linkedEvent(Pass pass, SyncParticipant on, String itemId, Link link,
      @Nullable JsonNode snapshot) {
    return outbox.event(pass, EventTypes.ITEM_LINKED, Origin.AGENT, on.connectionId(), itemId).snapshot(snapshot)
        .attribute("aId", link.aId()).attribute("bId", link.bId());
  }

  /** A first pass that starts from now: read the listing to its end and keep only the cursor. */
  private void skipToNow(Pass pass, SyncParticipant source) {
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
    event(pass, "initial.skipped", AuditEvent.Outcome.SKIPPED, source.connectionId(), null,
        "first pass starts from now: " + skipped + " existing items of " + source.connectionId() + " left alone",
        Map.of("items", Integer.toString(skipped)));
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("plan {}: a sync listener failed: {}", settings.planId(), e.toString());
    }
  }

  /** On a first pass with linkMatching: the other side's items by their match value, read once. */
  private final class LookAlikes {
    private @Nullable Map<String, List<String>> byKey;

    /** The other side's single unlinked item whose match value equals this one, if any. */
    Optional<String> find(Side otherSide, Map<String, JsonNode> fields) {
      if (byKey == null) {
        byKey = index(participant(otherSide));
      }
      String key = key(fields.get(settings.matchField()));
      List<String> ids = key == null ? List.of() : byKey.getOrDefault(key, List.of());
      if (ids.size() != 1 || store.link(settings.planId(), otherSide, ids.get(0)).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(ids.get(0));
    }

    private Map<String, List<String>> index(SyncParticipant side) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      Cursor cursor = Cursor.START;
      while (true) {
        ChangePage page = side.session().changes(cursor, settings.pageSize());
        for (ExternalItem item : page.items()) {
          if (item.deleted()) {
            continue;
          }
          try {
            String key = key(CanonicalJson.fields(side.mapping().toCanonical(item.data())).get(settings.matchField()));
            if (key != null) {
              out.computeIfAbsent(key, k -> new ArrayList<>()).add(item.id());
            }
          } catch (IntegrationException e) {
            log.debug("plan {}: {} item {} cannot be matched: {}", settings.planId(), side.connectionId(), item.id(),
                e.getMessage());
          }
        }
        cursor = page.next();
        if (!page.hasMore() || page.items().isEmpty()) {
          return out;
        }
      }
    }

    private @Nullable String key(@Nullable JsonNode value) {
      if (value == null || value.isNull()) {
        return null;
      }
      String text = (value.isTextual() ? value.textValue() : value.toString()).trim().toLowerCase(java.util.Locale.ROOT);
      return text.isEmpty() ? null : text;
    }
  }

  /**
   * Applies one item. A failure that retrying may fix is retried on later passes with backoff,
   * and the listing waits for it; other failures, and retryable ones out of attempts, park the
   * item and the listing moves on.
   *
   * @return false when the direction must stop here
   */
  private boolean processWithRetries(Pass pass, Side sourceSide, ExternalItem item, Map<String, ParkedItem> failing,
      @Nullable LookAlikes lookAlikes) {
    return LogContext.item(participant(sourceSide).connectionId(), item.id(),
        () -> tryItem(pass, sourceSide, item, failing, lookAlikes));
  }

  private boolean tryItem(Pass pass, Side sourceSide, ExternalItem item, Map<String, ParkedItem> failing,
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
      process(pass, sourceSide, item, lookAlikes);
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
      event(pass, retry ? "item.failed" : "item.parked", AuditEvent.Outcome.FAILURE, source.connectionId(), item.id(),
          error.getMessage(), Map.of("category", error.category().name(), "attempt", Integer.toString(attempts),
              "parked", Boolean.toString(!retry)));
      log.warn("plan {}: item {} of {} failed ({}, attempt {} of {}){}: {}", settings.planId(), item.id(),
          source.connectionId(), error.category(), attempts, settings.maxAttempts(),
          retry ? ", retrying after " + retryAt : ", parked", error.getMessage());
      return !retry;
    }
  }

  private ChangeEvent.Builder parkedEvent(Pass pass, ParkedItem entry) {
    return outbox.event(pass, EventTypes.ITEM_PARKED, Origin.AGENT, entry.connectionId(), entry.itemId())
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
  private void reject(Pass pass, SyncParticipant source, ChangePage.Rejected rejected,
      Map<String, ParkedItem> failing) {
    LogContext.item(source.connectionId(), rejected.itemId(), () -> park(pass, source, rejected, failing));
  }

  private void park(Pass pass, SyncParticipant source, ChangePage.Rejected rejected,
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
    event(pass, "item.parked", AuditEvent.Outcome.FAILURE, source.connectionId(), rejected.itemId(), rejected.reason(),
        Map.of("category", ErrorCategory.VALIDATION.name(), "attempt", Integer.toString(entry.attempts()),
            "parked", "true"));
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
  private static String failedConnection(IntegrationException error, SyncParticipant source) {
    return error.connectionId() != null ? error.connectionId() : source.connectionId();
  }

  /** A connection-wide failure while syncing an item: stops the direction, parks nothing. */
  private static final class ConnectionDown extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient IntegrationException error;
    final String itemId;

    ConnectionDown(IntegrationException error, String itemId) {
      super(error.getMessage(), error, false, false);
      this.error = error;
      this.itemId = itemId;
    }
  }

  private void connectionDown(Pass pass, SyncParticipant source, ConnectionDown down) {
    IntegrationException error = down.error;
    String failed = failedConnection(error, source);
    String message = error.getMessage() + " Stopped syncing from " + source.connectionId() + " until " + failed
        + " works again; the cursor is kept and nothing was parked.";
    pass.fail(new SyncReport.Failure(failed, down.itemId, error.category(), message, false, source.connectionId()));
    event(pass, "connection.failed", AuditEvent.Outcome.FAILURE, failed, down.itemId, message,
        Map.of("category", error.category().name(), "source", source.connectionId()));
    log.warn("plan {}: {} failed ({}); stopped syncing from {}: {}", settings.planId(), failed, error.category(),
        source.connectionId(), error.getMessage());
  }

  /** The wait a rate-limited tool announced, or the plan's first backoff when it named none. */
  private java.time.Duration announcedWait(IntegrationException error) {
    return error instanceof dev.integrationagent.http.HttpException http && http.retryAfter().isPresent()
        ? http.retryAfter().get() : settings.firstBackoff();
  }

  /**
   * Applies one item now, read afresh from its side: a webhook's item. It goes through the same
   * steps as a polled item, so a later poll that sees it again finds nothing to do.
   */
  public SyncReport syncItem(Side sourceSide, String itemId) {
    return applyNow(sourceSide, itemId, false);
  }

  /** Acts on an explicit delete event (a webhook's) per the plan's delete policy. */
  public SyncReport deletedItem(Side sourceSide, String itemId) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> deletedItem(sourceSide, itemId, runId));
  }

  private SyncReport deletedItem(Side sourceSide, String itemId, String runId) {
    Pass pass = new Pass(runId, clock.instant());
    try {
      LogContext.item(participant(sourceSide).connectionId(), itemId, () -> deletes.deleted(pass, sourceSide, itemId));
    } catch (RuntimeException e) {
      IntegrationException error = classify(e, "apply the delete of " + participant(sourceSide).connectionId()
          + " item " + itemId);
      pass.fail(new SyncReport.Failure(participant(sourceSide).connectionId(), itemId, error.category(),
          error.getMessage(), false));
    }
    return pass.report(settings.planId(), clock.instant());
  }

  /**
   * Applies one item now, whatever its retry state: the host's "retry this parked item". Its
   * entry is removed when it succeeds and updated when it fails again.
   */
  public SyncReport retryItem(Side sourceSide, String itemId) {
    return applyNow(sourceSide, itemId, true);
  }

  /**
   * Tries the given failing or parked items again now, whatever their retry state, in one pass:
   * the host's "the credential is fixed, sync the backlog". Each is read afresh from its side.
   * A connection that still fails stops the rest, parking nothing.
   */
  public SyncReport retryItems(List<ParkedItem> items) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> retryItems(items, runId));
  }

  private SyncReport retryItems(List<ParkedItem> items, String runId) {
    Pass pass = new Pass(runId, clock.instant());
    for (ParkedItem parked : items) {
      Side side = parked.connectionId().equals(a.connectionId()) ? Side.A : Side.B;
      Map<String, ParkedItem> failing = new LinkedHashMap<>(Map.of(parked.itemId(), dueNow(parked)));
      if (!applyOne(pass, side, parked.itemId(), failing, true)) {
        break;
      }
    }
    return pass.report(settings.planId(), clock.instant());
  }

  /** The failing entry, due for its next attempt now. */
  private static ParkedItem dueNow(ParkedItem p) {
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
  private boolean applyOne(Pass pass, Side sourceSide, String itemId, Map<String, ParkedItem> failing,
      boolean reportMissing) {
    return LogContext.item(participant(sourceSide).connectionId(), itemId,
        () -> readAndApply(pass, sourceSide, itemId, failing, reportMissing));
  }

  private boolean readAndApply(Pass pass, Side sourceSide, String itemId, Map<String, ParkedItem> failing,
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

  private SyncReport applyNow(Side sourceSide, String itemId, boolean ignoreBackoff) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> applyNow(sourceSide, itemId, ignoreBackoff, runId));
  }

  private SyncReport applyNow(Side sourceSide, String itemId, boolean ignoreBackoff, String runId) {
    Pass pass = new Pass(runId, clock.instant());
    Map<String, ParkedItem> failing = failing(participant(sourceSide), itemId);
    if (ignoreBackoff) {
      failing.replaceAll((id, p) -> dueNow(p));
    }
    applyOne(pass, sourceSide, itemId, failing, ignoreBackoff);
    return pass.report(settings.planId(), clock.instant());
  }

  /** The failing items of a side (or one of them), by item id. */
  private Map<String, ParkedItem> failing(SyncParticipant source, @Nullable String itemId) {
    Map<String, ParkedItem> out = new LinkedHashMap<>();
    store.parked(settings.planId()).stream()
        .filter(p -> p.connectionId().equals(source.connectionId()) && (itemId == null || p.itemId().equals(itemId)))
        .forEach(p -> out.put(p.itemId(), p));
    return out;
  }

  /**
   * Settles a parked conflict: both sides get {@code value} (written only where they differ),
   * the base follows, and the conflict leaves the queue.
   */
  public SyncReport resolveConflict(ConflictRecord conflict, JsonNode value) {
    String runId = UUID.randomUUID().toString();
    return scoped(runId, () -> resolveConflict(conflict, value, runId));
  }

  private SyncReport resolveConflict(ConflictRecord conflict, JsonNode value, String runId) {
    return LogContext.item(a.connectionId(), conflict.aId(), () -> settle(conflict, value, runId));
  }

  private SyncReport settle(ConflictRecord conflict, JsonNode value, String runId) {
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
        .attribute("by", "queue").attribute("value", Excerpts.of(value)).build();
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
        Writes.Written written = writes.write(pass, side, link.id(side), canonical, change, Writes.expectedVersion(p, current),
            link.id(side.other()));
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
    event(pass, "conflict.resolved", AuditEvent.Outcome.SUCCESS, null, link.aId(),
        "field " + conflict.field() + " set to " + Excerpts.of(value) + " on both sides", Map.of("field", conflict.field()));
    return pass.report(settings.planId(), clock.instant());
  }

  private void process(Pass pass, Side sourceSide, ExternalItem item, @Nullable LookAlikes lookAlikes) {
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
        event(pass, "item.linked", AuditEvent.Outcome.SUCCESS, participant(sourceSide.other()).connectionId(),
            match.get(), "linked to its look-alike " + source.connectionId() + " item " + item.id() + " by "
                + settings.matchField(), Map.of("source", source.connectionId() + ":" + item.id()));
        link = Optional.of(found);
      }
    }
    Decision decision = Decisions.decide(new Decisions.Change(sourceSide, false, canonical, fields,
        link.orElse(null)), rules);
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
  private void act(Pass pass, Side sourceSide, ExternalItem item, WorkItem canonical, Map<String, JsonNode> fields,
      @Nullable Link link, Decision decision) {
    if (decision instanceof Decision.Create create) {
      create(pass, sourceSide, item, canonical, fields, create);
    } else if (decision instanceof Decision.Update update) {
      pushOneWay(pass, item, canonical, fields, link, update);
    } else if (decision instanceof Decision.ReadOtherSide) {
      mergeTwoWay(pass, sourceSide, item, fields, link);
    } else if (decision instanceof Decision.Delete) {
      deletes.deleted(pass, sourceSide, item.id());
    } else {
      pass.unchanged++; // an echo, or nothing the plan does with it
    }
  }

  private void create(Pass pass, Side sourceSide, ExternalItem item, WorkItem canonical,
      Map<String, JsonNode> fields, Decision.Create decision) {
    SyncParticipant source = participant(sourceSide);
    Side targetSide = sourceSide.other();
    SyncParticipant target = participant(targetSide);
    pass.observed = outbox.event(pass, EventTypes.ITEM_CREATED, Origin.TOOL, source.connectionId(), item.id())
        .snapshot(Outbox.snapshot(canonical)).build();
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
      event(pass, "item.recovered", AuditEvent.Outcome.SUCCESS, target.connectionId(), found.id(),
          "linked " + describe(target, found) + ", created from " + source.connectionId() + " item " + item.id()
              + " before a crash, instead of creating it again", Map.of("marker", marker));
      pass.created++;
      act(pass, sourceSide, item, canonical, fields, recovered, Decisions.decide(new Decisions.Change(sourceSide,
          false, canonical, fields, recovered), rules));
      return;
    } else {
      store.recordIntent(new CreateIntent(settings.planId(), marker, source.connectionId(), item.id(),
          target.connectionId(), clock.instant()));
      Set<String> written = decision.fields();
      event(pass, "item.creating", AuditEvent.Outcome.SUCCESS, target.connectionId(), null,
          "creating a " + target.connectionId() + " item from " + source.connectionId() + " item " + item.id(),
          Map.of("source", source.connectionId() + ":" + item.id(), "marker", marker));
      created = target.session().create(target.mapping().fromCanonical(canonical, written), marker);
      // audited as soon as its id is known, before anything records it: a process that dies
      // after this leaves the intent pending, and the next pass links the item and says so
      event(pass, "item.created", AuditEvent.Outcome.SUCCESS, target.connectionId(), created.id(),
          "created " + describe(target, created) + " from " + source.connectionId() + " item " + item.id(),
          Map.of("source", source.connectionId() + ":" + item.id(), "fields", String.join(",", fields.keySet())));
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
        created.id()).causedBy(pass.cause()).snapshot(snapshot).attribute("marker", marker).build();
    outbox.commit(pass, () -> {
      store.saveLink(link);
      store.completeIntent(settings.planId(), marker);
      store.appendHistory(history);
    }, List.of(createdEvent, linkedEvent(pass, target, created.id(), link, snapshot).causedBy(createdEvent).build()));
    pass.created++;
    answer.failIfDiverged();
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
  private Link recoveredLink(Side sourceSide, String sourceId, ExternalItem copy) {
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

  private void pushOneWay(Pass pass, ExternalItem item, WorkItem canonical, Map<String, JsonNode> fields,
      Link link, Decision.Update decision) {
    Map<String, JsonNode> base = CanonicalJson.fieldsOf(link.base());
    Map<String, JsonNode> changed = CanonicalJson.select(fields, decision.toB().keySet());
    Set<String> changedNames = changed.keySet();
    pass.observed = outbox.event(pass, EventTypes.ITEM_UPDATED, Origin.TOOL, a.connectionId(), item.id())
        .snapshot(Outbox.snapshot(canonical)).changes(Outbox.changes(base, fields, changedNames)).build();
    Writes.Written written = writes.write(pass, Side.B, link.bId(), canonical, changed, null, link.aId());
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
    auditUpdate(pass, Side.A, link, changed, written.item());
    written.failIfDiverged();
  }

  private void mergeTwoWay(Pass pass, Side sourceSide, ExternalItem item, Map<String, JsonNode> sourceFields,
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
  private static final int MAX_MERGE_ATTEMPTS = 3;

  /** The source's item changed after it was listed: merge it again as it is now. */
  private static final class StaleListing extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ExternalItem fresh;

    StaleListing(ExternalItem fresh) {
      super(null, null, false, false);
      this.fresh = fresh;
    }
  }

  private void mergeTwoWayOnce(Pass pass, Side sourceSide, ExternalItem item, Map<String, JsonNode> sourceFields,
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
  private @Nullable String lastSeenVersion(Link link, Side side, SyncParticipant participant,
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
  private void merge(Pass pass, Side sourceSide, ExternalItem item, Map<String, JsonNode> sourceFields,
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
        toolChanges.put(side, outbox.event(pass, EventTypes.ITEM_UPDATED, Origin.TOOL, participant(side).connectionId(),
                seenItem.id())
            .snapshot(Outbox.snapshot(participant(side).mapping().toCanonical(seenItem.data())))
            .changes(Outbox.changes(base, side == Side.A ? aFields : bFields, prepared.seen(side))).build());
      }
    }
    if (prepared.nothing()) {
      pass.unchanged++; // nothing new on either side: an echo of our own write, or a change out of scope
      return;
    }
    if (toolChanges.containsKey(sourceSide)) {
      pass.observed = toolChanges.get(sourceSide);
      pass.observedRecorded = false;
    }
    Map<String, Instant> aTimes = times.changedAt(a, aItem, prepared.timed());
    Map<String, Instant> bTimes = times.changedAt(b, bItem, prepared.timed());
    Decision.Update merge = (Decision.Update) Decisions.merge(pair, prepared, aTimes, bTimes, rules);
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
    Link marked = writes.markPending(link, merge, aItem, aFields, bItem, bFields);
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
        written.put(side, writes.write(pass, side, link.id(side), now, changes, Writes.expectedVersion(p, current),
            link.id(side.other())));
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
    for (ConflictRecord record : parked) {
      pass.conflicts++;
      event(pass, "conflict.parked", AuditEvent.Outcome.SKIPPED, null, link.aId(),
          "field " + record.field() + " changed on both sides; parked for a person", Map.of("field", record.field()));
    }
    if (writtenA == null && writtenB == null) {
      pass.unchanged++;
    }
    if (writtenA != null) {
      pass.updated++;
      auditUpdate(pass, Side.B, link, merge.toA(), writtenA.item());
    }
    if (writtenB != null) {
      pass.updated++;
      auditUpdate(pass, Side.A, link, merge.toB(), writtenB.item());
    }
    if (writtenA != null) {
      writtenA.failIfDiverged();
    }
    if (writtenB != null) {
      writtenB.failIfDiverged();
    }
  }

  private static void keepSeen(Link link, Side side, String field, ObjectNode seen) {
    String was = link.seen(side, field);
    if (was == null) {
      seen.remove(field);
    } else {
      seen.put(field, was);
    }
  }

  /** What a side not written holds now: as read, or as last seen when it was not read. */
  private static ObjectNode seen(Link link, Side side, Map<String, JsonNode> fields, ExternalItem item,
      boolean asSeen) {
    return asSeen ? (ObjectNode) link.seen(side).deepCopy() : WrittenState.seen(fields, item.version());
  }

  private static Map<String, JsonNode> merged(Map<String, JsonNode> fields, Map<String, JsonNode> changes) {
    Map<String, JsonNode> out = new LinkedHashMap<>(fields);
    out.putAll(changes);
    return out;
  }

  private List<HistoryEntry> historyOf(Pass pass, Side from, Link link, Map<String, JsonNode> base,
      Map<String, JsonNode> changed) {
    List<HistoryEntry> history = new ArrayList<>();
    changed.forEach((name, value) -> history.add(new HistoryEntry(settings.planId(), link.aId(), pass.runId, from,
        name, base.get(name), value, clock.instant())));
    return history;
  }

  private ChangeEvent.Builder conflictEvent(Pass pass, String type, SyncParticipant source, ExternalItem item,
      Link link, String field) {
    return outbox.event(pass, type, Origin.AGENT, source.connectionId(), item.id()).attribute("field", field)
        .attribute("conflict", ConflictQueue.id(link, field)).attribute("aId", link.aId()).attribute("bId", link.bId());
  }

  /** The agent's write to {@code side}: per written field, the side's value before and the value written. */
  private ChangeEvent.Builder updatedEvent(Pass pass, Side side, String itemId, Map<String, JsonNode> before,
      Map<String, JsonNode> written, WorkItem was) {
    return outbox.event(pass, EventTypes.ITEM_UPDATED, Origin.AGENT, participant(side).connectionId(), itemId)
        .snapshot(Outbox.snapshot(was, written)).changes(Outbox.changes(before, written, written.keySet()));
  }

  private void auditUpdate(Pass pass, Side from, Link link, Map<String, JsonNode> changed, ExternalItem written) {
    SyncParticipant source = participant(from);
    SyncParticipant target = participant(from.other());
    event(pass, "item.updated", AuditEvent.Outcome.SUCCESS, target.connectionId(), written.id(),
        "updated " + describe(target, written) + " (" + String.join(", ", changed.keySet()) + ") from "
            + source.connectionId() + " item " + link.id(from),
        Map.of("source", source.connectionId() + ":" + link.id(from), "fields", String.join(",", changed.keySet())));
  }

  private SyncParticipant participant(Side side) {
    return context.participant(side);
  }

  private static String describe(SyncParticipant p, ExternalItem item) {
    return PlanContext.describe(p, item);
  }

  private static IntegrationException classify(RuntimeException e, String what) {
    return PlanContext.classify(e, what);
  }

  private void event(Pass pass, String type, AuditEvent.Outcome outcome, @Nullable String connectionId,
      @Nullable String itemId, String message, Map<String, String> attributes) {
    context.event(pass, type, outcome, connectionId, itemId, message, attributes);
  }
}
