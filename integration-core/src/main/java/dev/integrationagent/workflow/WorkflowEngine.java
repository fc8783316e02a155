package dev.integrationagent.workflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.mapping.Jslt;
import dev.integrationagent.workflow.Workflow.Trigger;
import dev.integrationagent.workflow.Workflow.TriggerKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;
import org.slf4j.Logger;

/**
 * Runs workflows: a consumer of the event stream that starts a run for each event a workflow's
 * trigger matches, and a timer ({@link #runDue()}) for schedules, delays, retries' backoffs and
 * runs an agent left unfinished when it died.
 *
 * <p>A run's id is derived from (workflow id, version, trigger event id), so an event delivered
 * again finds its run rather than starting a second. Its record ({@link WorkflowExecution}) holds
 * the pinned document, the trigger, the variables and every step, saved before and after each
 * side effect, each save in one transaction with its events. After a crash a run is replayed from
 * its record: steps recorded done are not run again, and a step recorded started but not done is
 * run again with {@code outcomeUnknown}, so that its action looks for what the lost attempt did.
 */
public final class WorkflowEngine {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** How long an agent's claim on a run it is executing lasts; a dead agent's run is resumed after it. */
  static final Duration CLAIM = Duration.ofMinutes(2);

  private final Map<String, Workflow> workflows;
  private final Map<String, ActionHandler> actions;
  private final StateStore store;
  private final StateStore leases;
  private final String owner;
  private final Clock clock;
  private final Logger log;
  private final UnaryOperator<JsonNode> redact;
  private final Map<String, Workflow> pinned = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> starts = new ConcurrentHashMap<>();
  /** Enabled event and host triggers by event type: an event is matched against its type's workflows only. */
  private final Map<String, List<Workflow>> byEventType;

  /**
   * @param workflows the loaded workflows (one version of each id)
   * @param actions every action type by name, built-in and the host's
   * @param redact hides secrets in captured parameters and outputs
   */
  public WorkflowEngine(List<Workflow> workflows, Map<String, ActionHandler> actions, StateStore store,
      StateStore leases, String owner, Clock clock, Logger log, UnaryOperator<JsonNode> redact) {
    Map<String, Workflow> byId = new LinkedHashMap<>();
    workflows.forEach(w -> byId.put(w.id(), w));
    this.workflows = Map.copyOf(byId);
    this.actions = Map.copyOf(actions);
    this.store = requireNonNull(store, "store");
    this.leases = requireNonNull(leases, "leases");
    this.owner = requireNonNull(owner, "owner");
    this.clock = requireNonNull(clock, "clock");
    this.log = requireNonNull(log, "log");
    this.redact = requireNonNull(redact, "redact");
    workflows.forEach(w -> pinned.put(w.id() + "@" + w.version(), w));
    Map<String, List<Workflow>> index = new java.util.HashMap<>();
    for (Workflow w : this.workflows.values()) {
      if (w.enabled() && w.trigger().eventType() != null) {
        index.computeIfAbsent(w.trigger().eventType(), k -> new ArrayList<>()).add(w);
      }
    }
    this.byEventType = Map.copyOf(index);
  }

  /** The workflows {@code event} triggers, in load order. Pure; what {@link #onEvent} starts runs of. */
  public List<Workflow> triggered(ChangeEvent event) {
    List<Workflow> out = new ArrayList<>();
    if (event.type().startsWith("workflow.")) {
      return out; // a run's own bookkeeping never triggers a run
    }
    for (Workflow w : byEventType.getOrDefault(event.type(), List.of())) {
      if (matches(w.trigger(), event)) {
        out.add(w);
      }
    }
    return out;
  }

  public Map<String, Workflow> workflows() {
    return workflows;
  }

  /** Handles one event of the stream: starts (or finds) a run of each workflow it triggers. */
  public void onEvent(ChangeEvent event) {
    for (Workflow w : triggered(event)) {
      start(w, event, runId(w, event.id()), event, null);
    }
  }

  /** Whether the trigger takes the event. Pure. */
  static boolean matches(Trigger t, ChangeEvent e) {
    if (t.kind() != TriggerKind.EVENT && t.kind() != TriggerKind.HOST) {
      return false;
    }
    if (!e.type().equals(t.eventType())) {
      return false;
    }
    if (t.kind() == TriggerKind.HOST && e.origin() != ChangeEvent.Origin.HOST) {
      return false;
    }
    if ((t.connection() != null && !t.connection().equals(e.connectionId()))
        || (t.plan() != null && !t.plan().equals(e.planId()))
        || (t.origin() != null && !t.origin().equals(e.origin().name()))) {
      return false;
    }
    if (t.field() != null) {
      var change = e.changes().get(t.field());
      if (change == null || (t.from() != null && !t.from().equals(change.oldValue()))
          || (t.to() != null && !t.to().equals(change.newValue()))) {
        return false;
      }
    }
    if (t.labelAdded() != null || t.labelRemoved() != null) {
      var labels = e.changes().get("labels");
      if (labels == null) {
        return false;
      }
      if (t.labelAdded() != null && (has(labels.oldValue(), t.labelAdded()) || !has(labels.newValue(), t.labelAdded()))) {
        return false;
      }
      if (t.labelRemoved() != null
          && (!has(labels.oldValue(), t.labelRemoved()) || has(labels.newValue(), t.labelRemoved()))) {
        return false;
      }
    }
    return t.filter() == null || Jslt.apply(t.filter(), EventJson.toJson(e)).asBoolean(false);
  }

  private static boolean has(JsonNode list, String label) {
    for (JsonNode l : list) {
      if (l.asText().equals(label)) {
        return true;
      }
    }
    return false;
  }

  static String runId(Workflow w, String triggerKey) {
    return UUID.nameUUIDFromBytes((w.id() + "\n" + w.version() + "\n" + triggerKey).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Starts a run of {@code workflowId} now with {@code input} as its variables' start (a manual trigger). */
  public WorkflowRun startManually(String workflowId, JsonNode input) {
    Workflow w = require(workflowId);
    String id = UUID.randomUUID().toString();
    start(w, null, id, null, input);
    return run(id).orElseThrow();
  }

  /**
   * Runs what is due now: schedules whose time came, delays and backoffs that ran out, and runs
   * whose agent died before finishing them.
   *
   * @return how many runs it started or resumed
   */
  public int runDue() {
    int ran = 0;
    Instant now = clock.instant();
    for (Workflow w : workflows.values()) {
      Instant fire = w.enabled() ? dueFiring(w, now) : null;
      if (fire != null) {
        start(w, null, runId(w, "schedule:" + fire), null, NODES.objectNode().put("scheduledAt", fire.toString()));
        ran++;
      }
    }
    for (WorkflowExecution e : store.dueExecutions(now, 100)) {
      if (resume(e)) {
        ran++;
      }
    }
    return ran;
  }

  /** The firing of a schedule that is due, recorded as taken; null when none is. */
  private @Nullable Instant dueFiring(Workflow w, Instant now) {
    Trigger t = w.trigger();
    if (t.kind() != TriggerKind.CRON && t.kind() != TriggerKind.INTERVAL) {
      return null;
    }
    String key = "workflow:" + w.id();
    var last = store.cursor(key, "schedule");
    if (last.isEmpty() || last.get().value() == null) {
      store.saveCursor(key, "schedule", dev.integrationagent.api.connector.Cursor.of(now.toString()));
      return null; // a schedule starts counting when the workflow is first loaded
    }
    Instant after = Instant.parse(last.get().value());
    Instant next;
    if (t.kind() == TriggerKind.INTERVAL) {
      next = after.plus(t.every());
    } else {
      Optional<ZonedDateTime> n = t.cron().nextExecution(after.atZone(t.zone()));
      if (n.isEmpty()) {
        return null;
      }
      next = n.get().toInstant();
    }
    if (next.isAfter(now)) {
      return null;
    }
    if (t.kind() == TriggerKind.INTERVAL) {
      // a long outage fires once, not once per missed interval
      while (!next.plus(t.every()).isAfter(now)) {
        next = next.plus(t.every());
      }
    }
    String claim = owner + "@" + next;
    if (leases.tryAcquireLease("workflow-schedule:" + w.id() + ":" + next, claim, now, Duration.ofHours(1)).isEmpty()) {
      return null; // another agent took this firing
    }
    store.saveCursor(key, "schedule", dev.integrationagent.api.connector.Cursor.of(next.toString()));
    return next;
  }

  private void start(Workflow w, @Nullable ChangeEvent trigger, String id, @Nullable ChangeEvent cause,
      @Nullable JsonNode input) {
    Optional<WorkflowExecution> existing = store.execution(id);
    if (existing.isPresent()) {
      resume(existing.get()); // delivered again: its run goes on if an agent left it, else nothing
      return;
    }
    if (trigger != null && trigger.causation().size() >= w.maxChainDepth()) {
      stopped(w, trigger, "its causation chain is " + trigger.causation().size() + " events deep, at or beyond the"
          + " workflow's maxChainDepth of " + w.maxChainDepth() + ": a loop of workflows and tools is cut here");
      return;
    }
    if (!withinRate(w)) {
      stopped(w, trigger, "it started " + w.maxRunsPerMinute() + " runs in the last minute, its maxRunsPerMinute");
      return;
    }
    String lease = "workflow-run:" + id;
    if (leases.tryAcquireLease(lease, owner, clock.instant(), CLAIM).isEmpty()) {
      return;
    }
    try {
      RunRecord record = RunRecord.start(w, trigger, input, clock.instant());
      ChangeEvent started = event(EventTypes.WORKFLOW_STARTED, record, id, trigger).build();
      save(id, w, record, WorkflowExecution.State.RUNNING, clock.instant().plus(CLAIM), List.of(started));
      new Interpreter(this, w, id, record, started).run();
    } finally {
      leases.releaseLease(lease, owner);
    }
  }

  /** Goes on with a run that waits or whose agent died; false when it is not due or not this agent's to run. */
  boolean resume(WorkflowExecution e) {
    if (e.state() == WorkflowExecution.State.SUCCEEDED || e.state() == WorkflowExecution.State.FAILED
        || e.nextRunAt() == null || e.nextRunAt().isAfter(clock.instant())) {
      return false;
    }
    String lease = "workflow-run:" + e.id();
    if (leases.tryAcquireLease(lease, owner, clock.instant(), CLAIM).isEmpty()) {
      return false;
    }
    try {
      RunRecord record = RunRecord.of((ObjectNode) e.context());
      Workflow w = pinned(record);
      save(e.id(), w, record, WorkflowExecution.State.RUNNING, clock.instant().plus(CLAIM), List.of());
      new Interpreter(this, w, e.id(), record, null).run();
      return true;
    } finally {
      leases.releaseLease(lease, owner);
    }
  }

  /** The workflow version a run is pinned to: loaded, or compiled again from the run's own copy. */
  private Workflow pinned(RunRecord record) {
    return pinned.computeIfAbsent(record.workflowId() + "@" + record.version(),
        k -> WorkflowCompiler.compile(record.document(), "the document pinned by a run of " + record.workflowId()));
  }

  private boolean withinRate(Workflow w) {
    Deque<Instant> recent = starts.computeIfAbsent(w.id(), k -> new ArrayDeque<>());
    synchronized (recent) {
      Instant now = clock.instant();
      while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
        recent.pollFirst();
      }
      if (recent.size() >= w.maxRunsPerMinute()) {
        return false;
      }
      recent.addLast(now);
      return true;
    }
  }

  private void stopped(Workflow w, @Nullable ChangeEvent trigger, String reason) {
    log.warn("workflow {}: not started for event {}: {}", w.id(), trigger == null ? "-" : trigger.id(), reason);
    store.appendEvents(List.of(ChangeEvent.builder(EventTypes.WORKFLOW_STOPPED, ChangeEvent.Origin.AGENT, clock.instant())
        .causedBy(trigger).attribute("workflow", w.id()).attribute("version", Integer.toString(w.version()))
        .attribute("reason", reason).build()));
  }

  ChangeEvent.Builder event(String type, RunRecord record, String id, @Nullable ChangeEvent cause) {
    ChangeEvent trigger = cause != null ? cause : record.trigger();
    return ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, clock.instant()).causedBy(trigger)
        .attribute("workflow", record.workflowId()).attribute("version", Integer.toString(record.version()))
        .attribute("execution", id);
  }

  /** Saves the run's record and its events in one transaction. */
  void save(String id, Workflow w, RunRecord record, WorkflowExecution.State state, @Nullable Instant nextRunAt,
      List<ChangeEvent> events) {
    WorkflowExecution execution = new WorkflowExecution(id, w.id(), state, record.doneCount(), record.json(),
        nextRunAt, clock.instant());
    store.inTransaction(() -> {
      store.saveExecution(execution);
      if (!events.isEmpty()) {
        store.appendEvents(events);
      }
    });
  }

  /** The recorded runs of a workflow (or of all when null), most recently active first. */
  public List<WorkflowRun> runs(@Nullable String workflowId, int limit) {
    return store.executions(workflowId, limit).stream().map(this::view).toList();
  }

  public Optional<WorkflowRun> run(String id) {
    return store.execution(id).map(this::view);
  }

  private WorkflowRun view(WorkflowExecution e) {
    return RunRecord.of((ObjectNode) e.context()).view(e);
  }

  /**
   * Runs {@code workflowId} against {@code event} with every action replaced by a recorder that
   * does nothing but note its rendered parameters, delays not waited for, and nothing stored:
   * the per-step trace of what the workflow would do.
   */
  public WorkflowRun dryRun(String workflowId, ChangeEvent event) {
    Workflow w = require(workflowId);
    String id = "dry-run:" + UUID.randomUUID();
    RunRecord record = RunRecord.start(w, event, null, clock.instant());
    Interpreter dry = new Interpreter(this, w, id, record, null);
    dry.dryRun = true;
    dry.run();
    return record.view(new WorkflowExecution(id, w.id(), dry.finalState, record.doneCount(), record.json(), null,
        clock.instant()));
  }

  /** The loaded workflow of that id. @throws IllegalArgumentException naming the loaded ones */
  public Workflow require(String workflowId) {
    Workflow w = workflows.get(workflowId);
    if (w == null) {
      throw new IllegalArgumentException("unknown workflow '" + workflowId + "'; loaded workflows: " + workflows.keySet());
    }
    return w;
  }

  ActionHandler action(String type) {
    ActionHandler handler = actions.get(type);
    if (handler == null) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, "no action of type '" + type + "' is registered");
    }
    return handler;
  }

  Clock clock() {
    return clock;
  }

  Logger log() {
    return log;
  }

  JsonNode redact(JsonNode value) {
    return redact.apply(value);
  }
}
