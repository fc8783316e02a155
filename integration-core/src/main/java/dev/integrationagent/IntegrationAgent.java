package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.alert.AlertSink;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.mapping.Mapping;
import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.store.ParkedItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.api.sync.SyncStrategy;
import dev.integrationagent.audit.AuditMasking;
import dev.integrationagent.audit.AuditTrail;
import dev.integrationagent.http.Arguments;
import dev.integrationagent.http.HttpCallAudit;
import dev.integrationagent.http.HttpCallListener;
import dev.integrationagent.http.HttpClients;
import dev.integrationagent.http.SettingProblems;
import dev.integrationagent.mapping.ScopeFilter;
import dev.integrationagent.sync.FieldMerge;
import dev.integrationagent.sync.PlanRunner;
import dev.integrationagent.monitor.AgentMetrics;
import dev.integrationagent.monitor.AlertRules;
import dev.integrationagent.monitor.ConnectionHealth;
import dev.integrationagent.monitor.HealthMonitor;
import dev.integrationagent.monitor.PlanHealth;
import dev.integrationagent.sync.SharedListings;
import dev.integrationagent.sync.WriteCauses;
import dev.integrationagent.workflow.Workflow;
import dev.integrationagent.workflow.WorkflowActions;
import dev.integrationagent.workflow.WorkflowEngine;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.sync.SyncParticipant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.events.EventStream;
import dev.integrationagent.events.Subscription;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.events.Watch;
import dev.integrationagent.events.WatchReport;
import dev.integrationagent.events.WatchRunner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable agent: connections to tools, sync plans between them, a state store and audit
 * sinks. Build one per host application, start it, and close it on shutdown.
 *
 * <pre>{@code
 * try (IntegrationAgent agent = IntegrationAgent.builder()
 *     .stateStore(StateStores.h2(Path.of("data/agent")))
 *     .connection("github", GitHubConnector.builder().repository("acme/app").auth(Auth.bearer(token)))
 *     .connection("jira", JiraConnector.builder().baseUrl("https://acme.atlassian.net").project("APP")
 *         .auth(Auth.basic(email, apiToken)))
 *     .sync(SyncPlan.between("github", "jira").twoWay().every(Duration.ofMinutes(5)))
 *     .audit(AuditSinks.jsonLines(Path.of("audit.jsonl")))
 *     .build()) {
 *   agent.start();
 *   SyncReport report = agent.syncNow("github-jira");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Passes of one plan never overlap: {@link #syncNow} waits for a scheduled pass
 * of the same plan to finish.
 *
 * <p>An agent claims each pass with a lease named after the plan, renewed after every page. On a
 * store {@linkplain StateStore#sharedAcrossProcesses() shared across processes} (PostgreSQL
 * through {@link StateStores#jdbc}) the lease is in the store: each pass runs once across the
 * agents of every host, and a crashed host's plan is taken over once its lease expires
 * ({@link Builder#leaseTtl}). On a store only one process can open (the default embedded H2 file,
 * the in-memory store) the lease is kept in this process, so a host restarted after a crash
 * resumes at once, while agents sharing the store object in this process still exclude each other.
 */
public final class IntegrationAgent implements AutoCloseable {
  private final Logger log;

  /** Where the default embedded store lives when the builder names none. */
  public static final Path DEFAULT_STORE_PATH = Path.of("data", "agent");
  /**
   * The name of the first audit sink's subscription to the event stream (the next sinks' are
   * {@code audit-2}, {@code audit-3}, …, {@link AuditTrail#subscriptionName}): one position per sink
   * shared by every agent on a store, so that each event reaches each sink once across them.
   */
  public static final String AUDIT_SUBSCRIPTION = "audit";
  /** The name of the workflow engine's subscription to the event stream, shared by every agent on a store. */
  public static final String WORKFLOW_SUBSCRIPTION = "workflows";
  /** The name of the alert rules' subscription to the event stream. */
  public static final String ALERT_SUBSCRIPTION = "alerts";
  /**
   * The name of the metrics' subscription to the event stream: shared by every agent on a store, so
   * that a cluster counts each event once (add up the agents' figures).
   */
  public static final String METRICS_SUBSCRIPTION = "metrics";

  private final StateStore store;
  private final StateStore leases;
  private final Map<String, ConnectorSession> sessions;
  private final Map<String, SyncPlan> plans;
  private final Map<String, PlanRunner> runners;
  private final Map<String, ReentrantLock> planLocks = new LinkedHashMap<>();
  private final AuditTrail audit;
  private final List<AlertSink> alertSinks;
  private final Redaction redaction;
  private final ILoggerFactory loggers;
  private final Clock clock;
  private final String agentId;
  private final Duration leaseTtl;
  private final HttpClients http;
  private final @Nullable ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private final EventStream events;
  private final Map<String, WatchRunner> watches;
  private final Duration eventDelivery;
  private final boolean auditing;
  private final Duration auditWait;
  private final SharedListings listings;
  /** Per connection, the plans whose passes list it. */
  private final Map<String, Set<String>> readers;
  private final WriteCauses writeCauses;
  private final WorkflowEngine workflowEngine;
  private final @Nullable Subscription workflowing;
  private final WorkflowRuns workflowRuns;
  private final @Nullable AlertRules alertRules;
  private final @Nullable Subscription alerting;
  private final HealthMonitor healthMonitor;
  private final AgentMetrics metrics;
  private final @Nullable Subscription metering;
  private final java.util.concurrent.atomic.AtomicReference<Map<String, Duration>> lags;
  private final Duration healthEvery;
  /** Per scheduled plan, its schedule: the next run is its delay. */
  private final Map<String, ScheduledFuture<?>> planSchedules = new java.util.concurrent.ConcurrentHashMap<>();
  private boolean started;
  private boolean closed;

  private IntegrationAgent(Builder builder, StateStore store, Map<String, ConnectorSession> sessions,
      Map<String, Mapping> mappings, Map<String, String> types, List<SyncPlan> plans, Redaction redaction) {
    this.redaction = redaction;
    this.loggers = builder.loggers;
    this.log = logger(IntegrationAgent.class);
    this.store = store;
    this.leases = LocalLeases.of(store);
    this.sessions = sessions;
    this.agentId = builder.agentId;
    this.leaseTtl = builder.leaseTtl;
    this.clock = builder.clock;
    this.http = requireNonNull(builder.http, "http");
    this.healthMonitor = requireNonNull(builder.healthMonitor, "healthMonitor");
    this.metrics = requireNonNull(builder.metrics, "metrics");
    this.lags = builder.lags;
    this.healthEvery = builder.healthEvery;
    this.audit = requireNonNull(builder.auditTrail, "auditTrail");
    this.auditWait = builder.auditWait;
    this.alertSinks = builder.alertSinks.stream().map(s -> RedactingSinks.alerts(s, redaction)).toList();
    this.scheduler = builder.scheduler;
    this.ownsScheduler = false;
    Map<String, SyncPlan> planMap = new LinkedHashMap<>();
    Map<String, PlanRunner> runnerMap = new LinkedHashMap<>();
    this.readers = readers(plans);
    this.listings = new SharedListings(clock, readers);
    this.writeCauses = new WriteCauses(clock);
    // the audit sinks are woken after each page of a pass: its records are written while the next
    // page is read, not all after the pass
    List<SyncListener> passListeners = new ArrayList<>(builder.listeners);
    if (!builder.auditSinks.isEmpty()) {
      passListeners.add(new SyncListener() {
        @Override
        public void onPage(SyncProgress progress) {
          audit.eventsRecorded();
        }
      });
    }
    for (SyncPlan plan : plans) {
      planMap.put(plan.id(), plan);
      Set<Side> createIn = new LinkedHashSet<>();
      if (plan.createIn().contains(plan.a())) {
        createIn.add(Side.A);
      }
      if (plan.createIn().contains(plan.b())) {
        createIn.add(Side.B);
      }
      PlanRunner.Settings settings = new PlanRunner.Settings(plan.id(), plan.isTwoWay(), createIn,
          plan.conflicts().resolver(plan.a(), plan.b(), new ArrayList<>()), builder.syncStrategy, plan.pageSize(),
          plan.maxAttempts(), plan.firstBackoff(), plan.deletes(), scopes(plan), plan.initialSync().startsFromNow(),
          plan.initialSync().matchField().orElse(null), plan.syncsComments(), fieldSides(plan),
          plan.reconcileEvery(), syncsUsers(plan, types, mappings));
      runnerMap.put(plan.id(), new PlanRunner(settings,
          new SyncParticipant(plan.a(), sessions.get(plan.a()), mappings.get(plan.a()),
              listings.feed(plan.a(), plan.id(), sessions.get(plan.a()))),
          new SyncParticipant(plan.b(), sessions.get(plan.b()), mappings.get(plan.b()),
              listings.feed(plan.b(), plan.id(), sessions.get(plan.b()))),
          store, clock, passListeners, logger(PlanRunner.class), writeCauses, this::listedUnsynced));
      planLocks.put(plan.id(), new ReentrantLock());
    }
    this.plans = Map.copyOf(planMap);
    this.runners = Map.copyOf(runnerMap);
    this.events = new EventStream(store, leases, agentId, leaseTtl, clock, logger(EventStream.class),
        redaction::event, builder.eventRetention);
    this.eventDelivery = builder.eventDelivery;
    // each audit sink reads the stream on a thread of its own: what is recorded with the state is audited
    this.auditing = !builder.auditSinks.isEmpty();
    Map<String, ActionHandler> actions = new LinkedHashMap<>(WorkflowActions.builtIn(new WorkflowAgent(this, mappings),
        writeCauses));
    actions.putAll(builder.actionHandlers);
    this.workflowEngine = new WorkflowEngine(builder.workflows, actions, store, leases, agentId, clock,
        logger(WorkflowEngine.class), redaction::json);
    this.workflowing = builder.workflows.isEmpty() ? null
        : events.subscribe(WORKFLOW_SUBSCRIPTION, EventFilter.all(), workflowEngine::onEvent);
    this.workflowRuns = new WorkflowRuns(this, workflowEngine);
    // alert rules read the stream like the audit trail: what is recorded is what they judge
    this.alertRules = alertSinks.isEmpty() ? null : new AlertRules(alertSinks, builder.alertSettings, clock,
        logger(AlertRules.class));
    if (alertRules != null) {
      alertRules.recordTo(e -> store.appendEvents(List.of(redaction.event(e))));
      try {
        long last = store.lastEventOffset();
        alertRules.restore(store.events(Math.max(store.firstEventOffset() - 1, last - HealthMonitor.WARM_UP),
            HealthMonitor.WARM_UP).stream().filter(e -> e.type().startsWith("alert.")).toList());
      } catch (RuntimeException e) {
        log.warn("could not read the open alerts back from the event stream; a condition that still holds is"
            + " alerted again: {}", redaction.text(e.toString()));
      }
    }
    this.alerting = alertRules == null ? null : events.subscribe(ALERT_SUBSCRIPTION, EventFilter.all(),
        alertRules::onEvent);
    this.metering = builder.metricsEnabled ? events.subscribe(METRICS_SUBSCRIPTION, EventFilter.all(), metrics) : null;
    Map<String, WatchRunner> watchMap = new LinkedHashMap<>();
    for (Watch watch : builder.watches.values()) {
      watchMap.put(watch.connectionId(), new WatchRunner(watch, sessions.get(watch.connectionId()),
          mappings.get(watch.connectionId()), store, clock, logger(WatchRunner.class),
          itemId -> syncedTo(watch.connectionId(), itemId), writeCauses));
    }
    this.watches = Map.copyOf(watchMap);
    if (auditing) {
      audit.attach(events, auditHealth());
      recordConfiguration(types, builder.workflows);
    }
  }

  /**
   * The whole agent from one YAML or JSON document (by its file name: {@code .json} is JSON,
   * anything else YAML): connections by connector type and settings (the connectors on the class
   * path are discovered), plans, mappings and workflows inline or by a path relative to the
   * document, the state store, audit and alert sinks, health checks and event retention. The
   * document's JSON Schema ships in the jar ({@link dev.integrationagent.config.ConfigSchema#RESOURCE}).
   * Secrets are never written in it: {@code ${env:NAME}} and {@code ${file:/run/secrets/x}} are
   * resolved here, other schemes by {@link #fromConfig(Path, dev.integrationagent.config.SecretResolver)}.
   *
   * <pre>{@code
   * try (IntegrationAgent agent = IntegrationAgent.fromConfig(Path.of("agent.yaml"))) {
   *   agent.start();
   *   ...
   * }
   * }</pre>
   *
   * @throws ConfigurationException listing every problem of the document at once, each by its path
   *     with its line and column ({@code plans[0].every (line 14, column 12): 'five minutes' is not
   *     an ISO-8601 duration}); a missing secret names its path too
   */
  public static IntegrationAgent fromConfig(Path file) {
    return fromConfig(file, dev.integrationagent.config.SecretResolver.none());
  }

  /** Like {@link #fromConfig(Path)}, with the host's resolver for secret references. */
  public static IntegrationAgent fromConfig(Path file, dev.integrationagent.config.SecretResolver secrets) {
    return loader(file, secrets).build();
  }

  /**
   * Like {@link #fromConfig(Path)} from a reader (YAML or JSON); relative paths in the document are
   * taken from the working directory.
   */
  public static IntegrationAgent fromConfig(java.io.Reader document, dev.integrationagent.config.SecretResolver secrets) {
    try {
      String text = new java.io.BufferedReader(document).lines().collect(java.util.stream.Collectors.joining("\n"));
      return loader(text, "reader", false, Path.of(""), secrets).build();
    } catch (java.io.UncheckedIOException e) {
      throw new ConfigurationException("cannot read the configuration", List.of("$: " + e.getMessage()));
    }
  }

  /** Like {@link #fromConfig(java.io.Reader, dev.integrationagent.config.SecretResolver)} from a UTF-8 stream. */
  public static IntegrationAgent fromConfig(java.io.InputStream document,
      dev.integrationagent.config.SecretResolver secrets) {
    return fromConfig(new java.io.InputStreamReader(document, java.nio.charset.StandardCharsets.UTF_8), secrets);
  }

  /**
   * The builder a configuration document describes, for a host that adds what only Java can give
   * (its own action handlers, listeners, a scheduler) before {@link Builder#build()}. Problems of
   * the document itself are thrown here; the builder's checks at {@code build()}.
   */
  public static Builder configure(Path file, dev.integrationagent.config.SecretResolver secrets) {
    return loader(file, secrets).builder();
  }

  private static ConfigLoader loader(Path file, dev.integrationagent.config.SecretResolver secrets) {
    String text;
    try {
      text = java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new ConfigurationException("cannot read the configuration " + file, List.of("$: " + e));
    }
    Path base = file.toAbsolutePath().getParent();
    return loader(text, file.toString(), file.toString().endsWith(".json"), base == null ? Path.of("") : base, secrets);
  }

  private static ConfigLoader loader(String text, String source, boolean json, Path base,
      dev.integrationagent.config.SecretResolver secrets) {
    return new ConfigLoader(dev.integrationagent.config.LocatedDocument.parse(text, source, json), base,
        new dev.integrationagent.config.SecretReferences(secrets, System.getenv()));
  }

  public static Builder builder() {
    return new Builder();
  }

  private Logger logger(Class<?> type) {
    return new RedactingLogger(loggers.getLogger(type.getName()), redaction);
  }

  private static AuditTrail auditTrail(List<AuditSink> sinks, String agentId, AuditMasking masking, Clock clock,
      Redaction redaction, ILoggerFactory loggers) {
    return new AuditTrail(sinks.stream().map(s -> RedactingSinks.audit(s, redaction)).toList(), agentId, masking,
        clock, new RedactingLogger(loggers.getLogger(AuditTrail.class.getName()), redaction));
  }

  /** The audit operation of the record of an agent's configuration. */
  public static final String CONFIG_LOADED = "config.loaded";

  /**
   * A {@code config.loaded} audit record: what this agent was built with (connection ids and types,
   * plans with their settings, workflows with their versions, sinks) and a fingerprint of it, so
   * that the trail shows every configuration an agent ran with and when it changed. Never a secret:
   * the connections' settings are not in it. Not an event of the stream (every agent records its own,
   * and a stream of configurations is no one's business to react to); it goes to the sinks'
   * queues, written within a moment and by {@link #close()} at the latest.
   */
  private void recordConfiguration(Map<String, String> types, List<Workflow> workflows) {
    StringBuilder shape = new StringBuilder();
    types.forEach((id, type) -> shape.append("connection ").append(id).append(' ').append(type).append('\n'));
    plans.values().forEach(p -> shape.append("plan ").append(p).append('\n'));
    workflows.forEach(w -> shape.append("workflow ").append(w.id()).append(" v").append(w.version()).append('\n'));
    shape.append("audit sinks ").append(auditing ? "yes" : "no").append(", alert sinks ").append(alertSinks.size());
    String fingerprint;
    try {
      fingerprint = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(shape.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    audit.record(dev.integrationagent.api.audit.AuditEvent.builder(CONFIG_LOADED,
            dev.integrationagent.api.audit.AuditEvent.Outcome.SUCCESS, clock.instant())
        .actor(dev.integrationagent.api.audit.AuditEvent.Actor.agent(agentId))
        .message("agent " + agentId + " built with " + types.size() + " connections, " + plans.size() + " plans and "
            + workflows.size() + " workflows (configuration " + fingerprint + ")")
        .attribute("fingerprint", fingerprint).attribute("connections", String.join(",", types.keySet()))
        .attribute("plans", String.join(",", plans.keySet()))
        .attribute("workflows", String.join(",", workflows.stream().map(w -> w.id() + "@" + w.version()).toList()))
        .build());
  }

  /** Tells the alert rules of a failing audit sink. */
  private AuditTrail.Health auditHealth() {
    return new AuditTrail.Health() {
      @Override
      public void failing(String sink, String error) {
        log.warn("audit sink {} is failing; its records wait in the event stream: {}", sink, error);
        if (alertRules != null) {
          alertRules.auditSinkFailed(sink, error);
        }
      }

      @Override
      public void recovered(String sink) {
        log.info("audit sink {} records again", sink);
        if (alertRules != null) {
          alertRules.auditSinkRecovered(sink);
        }
      }
    };
  }

  /** What a pass returns or throws, with every connection's secrets hidden. */
  private SyncReport redacted(java.util.function.Supplier<SyncReport> pass) {
    try {
      return redaction.report(pass.get());
    } catch (RuntimeException e) {
      throw redaction.exception(e);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  /** Per connection, the plans whose passes list it: the source of a one-way plan, both sides of a two-way one. */
  private static Map<String, Set<String>> readers(List<SyncPlan> plans) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (SyncPlan plan : plans) {
      out.computeIfAbsent(plan.a(), c -> new LinkedHashSet<>()).add(plan.id());
      if (plan.isTwoWay()) {
        out.computeIfAbsent(plan.b(), c -> new LinkedHashSet<>()).add(plan.id());
      }
    }
    return out;
  }

  private static Map<String, Side> fieldSides(SyncPlan plan) {
    Map<String, Side> out = new LinkedHashMap<>();
    plan.fieldSources().forEach((field, connection) -> out.put(field, connection.equals(plan.a()) ? Side.A : Side.B));
    return out;
  }

  private static Map<Side, ScopeFilter> scopes(SyncPlan plan) {
    Map<Side, ScopeFilter> out = new java.util.EnumMap<>(Side.class);
    plan.scopes().forEach((connection, expression) -> {
      ScopeFilter filter = ScopeFilter.compile(expression, "plans." + plan.id() + ".scope." + connection,
          new ArrayList<>());
      out.put(connection.equals(plan.a()) ? Side.A : Side.B, requireNonNull(filter, "checked at build"));
    });
    return out;
  }

  /**
   * Schedules every plan that has an interval ({@link SyncPlan.Builder#every}); the first pass
   * starts at once. Calling it again does nothing.
   */
  public synchronized void start() {
    checkOpen();
    if (started) {
      return;
    }
    started = true;
    ScheduledExecutorService executor = scheduler();
    for (SyncPlan plan : plans.values()) {
      plan.every().ifPresent(every -> {
        ScheduledFuture<?> schedule = executor.scheduleWithFixedDelay(() -> runScheduled(plan.id()), 0,
            every.toMillis(), TimeUnit.MILLISECONDS);
        scheduled.add(schedule);
        planSchedules.put(plan.id(), schedule);
      });
    }
    if (!healthEvery.isZero()) {
      scheduled.add(executor.scheduleWithFixedDelay(this::checkHealthScheduled, healthEvery.toMillis(),
          healthEvery.toMillis(), TimeUnit.MILLISECONDS));
    }
    for (WatchRunner watch : watches.values()) {
      if (!readByAPlan(watch.watch().connectionId())) {
        watch.watch().every().ifPresent(every -> scheduled.add(executor.scheduleWithFixedDelay(
            () -> runWatchScheduled(watch.watch().connectionId()), 0, every.toMillis(), TimeUnit.MILLISECONDS)));
      }
    }
    scheduled.add(deliveryExecutor().scheduleWithFixedDelay(this::deliverScheduled, 0, eventDelivery.toMillis(),
        TimeUnit.MILLISECONDS));
    log.info("integration agent started: {} plans, {} scheduled", plans.size(), scheduled.size());
  }

  private @Nullable ScheduledExecutorService ownScheduler;

  private ScheduledExecutorService scheduler() {
    if (scheduler != null) {
      return scheduler;
    }
    if (ownScheduler == null) {
      ownScheduler = daemonThread("integration-agent-scheduler");
    }
    return ownScheduler;
  }

  private @Nullable ScheduledExecutorService ownDelivery;

  /** Subscriptions are delivered on a thread of their own, so that a slow handler never holds up a pass. */
  private ScheduledExecutorService deliveryExecutor() {
    if (scheduler != null) {
      return scheduler;
    }
    if (ownDelivery == null) {
      ownDelivery = daemonThread("integration-agent-events");
    }
    return ownDelivery;
  }

  private static ScheduledExecutorService daemonThread(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private void deliverScheduled() {
    try {
      events.deliverNow();
    } catch (RuntimeException e) {
      log.error("event delivery failed", e); // keep the schedule alive
    }
    try {
      workflowEngine.runDue();
    } catch (RuntimeException e) {
      log.error("workflow timers failed", e);
    }
    if (alertRules != null) {
      alertRules.tick();
    }
  }

  /**
   * The workflows' runs: list and read them, start one by hand, run what is due now, or dry-run a
   * workflow against an event.
   */
  public WorkflowRuns workflowRuns() {
    checkOpen();
    return workflowRuns;
  }

  /** Delivers the stream to the workflow engine now and runs its due timers, on the calling thread. */
  int runWorkflowsNow() {
    int handled = workflowing == null ? 0 : workflowing.deliverNow();
    handled += workflowEngine.runDue();
    deliverOwnConsumers();
    return handled;
  }

  /** For a workflow's linkItems action: links two items in a plan, under the plan's lock. */
  ChangeEvent linkByHand(String planId, String aId, String bId, @Nullable ChangeEvent cause) {
    requirePlan(planId);
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      return runners.get(planId).link(aId, bId, cause);
    } finally {
      lock.unlock();
    }
  }

  /** For a workflow's unlinkItems action: removes a link of a plan, under the plan's lock. */
  ChangeEvent unlinkByHand(String planId, String aId, @Nullable ChangeEvent cause) {
    requirePlan(planId);
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      return runners.get(planId).unlink(aId, cause);
    } finally {
      lock.unlock();
    }
  }

  /** For a workflow's syncItem action: one item of a plan, read afresh. */
  String syncItemNow(String planId, String connectionId, String itemId) {
    ExternalItem item = session(connectionId).get(itemId).orElseThrow(() -> new dev.integrationagent.api.IntegrationException(
        dev.integrationagent.api.ErrorCategory.NOT_FOUND, connectionId, connectionId + " item " + itemId
            + " does not exist", null));
    return syncItem(planId, connectionId, item).summary();
  }

  private void runWatchScheduled(String connectionId) {
    try {
      String claim = agentId;
      String lease = "watch:" + connectionId;
      if (leases.tryAcquireLease(lease, claim, clock.instant(), leaseTtl).isEmpty()) {
        return;
      }
      try {
        watches.get(connectionId).run();
      } finally {
        leases.releaseLease(lease, claim);
        deliverOwnConsumers();
      }
    } catch (RuntimeException e) {
      log.error("scheduled watch of {} failed", connectionId, e);
    }
  }

  /**
   * The agent's event stream: subscribe to it, read it, publish to it.
   *
   * <pre>{@code
   * agent.events().subscribe("slack", EventFilter.types(EventTypes.ITEM_PARKED), e -> slack.post(e));
   * }</pre>
   */
  public EventStream events() {
    checkOpen();
    return events;
  }

  /**
   * Records a host's own event in the stream ({@link ChangeEvent.Origin#HOST}, a dotted type
   * outside the engine's vocabulary). Give it {@link ChangeEvent.Builder#causedBy} to chain it to
   * the event it follows from.
   *
   * @return the event as recorded, with its offset
   */
  public ChangeEvent publish(ChangeEvent event) {
    checkOpen();
    ChangeEvent recorded = events.publish(event);
    deliverOwnConsumers();
    return recorded;
  }

  /**
   * Syncs a change of the host's own item now, without waiting for a poll: the item is read afresh
   * from its connection and synced through every plan that reads that connection (and reported by
   * its watch), exactly as a webhook delivery's items are, its events following from a
   * {@code webhook.received} of origin HOST. A change whose delivery id was handled already is not
   * synced again.
   *
   * @throws IllegalArgumentException naming the known connections when the connection is unknown
   */
  public Webhooks.Result publish(ItemChange change) {
    requireNonNull(change, "change");
    checkOpen();
    return webhooks.deliver(change);
  }

  /**
   * Runs one pass of the watch of a connection now. A watch whose connection a plan already reads
   * lists nothing: the plan's passes record its events.
   *
   * @throws IllegalArgumentException naming the watched connections when there is no such watch
   */
  public WatchReport watchNow(String connectionId) {
    requireNonNull(connectionId, "connectionId");
    checkOpen();
    WatchRunner watch = watches.get(connectionId);
    if (watch == null) {
      throw new IllegalArgumentException("no watch of '" + connectionId + "'; watched connections: " + watches.keySet());
    }
    if (readByAPlan(connectionId)) {
      return new WatchReport(connectionId, false, 0, 0, Optional.empty());
    }
    try {
      return redactedWatch(watch::run);
    } finally {
      deliverOwnConsumers();
    }
  }

  private WatchReport redactedWatch(java.util.function.Supplier<WatchReport> pass) {
    try {
      WatchReport r = pass.get();
      return new WatchReport(r.connectionId(), r.listed(), r.seen(), r.recorded(), r.failure().map(redaction::text));
    } catch (RuntimeException e) {
      throw redaction.exception(e);
    }
  }

  /** The bases of the plans' links holding the item on the connection: what they synced there. */
  private List<Map<String, JsonNode>> syncedTo(String connectionId, String itemId) {
    List<Map<String, JsonNode>> out = new ArrayList<>();
    for (SyncPlan plan : plans.values()) {
      if (plan.a().equals(connectionId) || plan.b().equals(connectionId)) {
        store.link(plan.id(), plan.a().equals(connectionId) ? Side.A : Side.B, itemId)
            .ifPresent(link -> out.add(dev.integrationagent.mapping.CanonicalJson.fieldsOf(link.base())));
      }
    }
    return out;
  }

  /** An item a plan's pass listed but leaves alone: its connection's watch, if any, reports its change. */
  private void listedUnsynced(String connectionId, ExternalItem item, @Nullable ChangeEvent cause) {
    WatchRunner watch = watches == null ? null : watches.get(connectionId);
    if (watch != null) {
      watch.listedByAPlan(item, cause);
    }
  }

  /** Whether a plan's passes list the connection: the source of a one-way plan, either side of a two-way one. */
  boolean readByAPlan(String connectionId) {
    return readers.containsKey(connectionId);
  }

  Clock clock() {
    return clock;
  }

  void logWarning(String message) {
    log.warn("{}", message);
  }

  /** The watch of a connection that no plan reads, for its webhooks. */
  Optional<WatchRunner> ownWatch(String connectionId) {
    return readByAPlan(connectionId) ? Optional.empty() : Optional.ofNullable(watches.get(connectionId));
  }

  private void runScheduled(String planId) {
    try {
      SyncPlan plan = plans.get(planId);
      Duration every = plan.every().orElseThrow();
      long slot = Math.floorDiv(clock.millis(), every.toMillis());
      Instant slotEnd = Instant.ofEpochMilli((slot + 1) * every.toMillis());
      // one claim per slot across every agent sharing the store, this one included (a fresh
      // owner name never renews an earlier claim): the slot's pass runs once
      String claim = agentId + "@" + slot + "#" + java.util.UUID.randomUUID();
      if (leases.tryAcquireLease("plan:" + planId + ":slot", claim, clock.instant(),
          Duration.between(clock.instant(), slotEnd)).isEmpty()) {
        log.debug("plan {}: slot {} is another agent's", planId, slot);
        return;
      }
      SyncReport report = syncNow(planId);
      if (!report.ran()) {
        log.info("plan {}: scheduled pass skipped: {}", planId, report.skipped());
      }
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again; keep the schedule alive
      log.error("scheduled pass of plan {} failed", planId, e);
    }
  }

  /**
   * Runs one pass of the plan now and blocks until it is done.
   *
   * @throws IllegalArgumentException naming the known plans when {@code planId} is unknown
   */
  public SyncReport syncNow(String planId) {
    requireNonNull(planId, "planId");
    PlanRunner runner = runners.get(planId);
    if (runner == null) {
      throw new IllegalArgumentException("unknown plan '" + planId + "'; known plans: " + plans.keySet());
    }
    checkOpen();
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      String lease = "plan:" + planId;
      if (leases.tryAcquireLease(lease, agentId, clock.instant(), leaseTtl).isEmpty()) {
        return SyncReport.skipped(planId, clock.instant(), "another agent is running it");
      }
      try {
        return redacted(() -> runner.run(
            () -> leases.tryAcquireLease(lease, agentId, clock.instant(), leaseTtl).isPresent()));
      } finally {
        leases.releaseLease(lease, agentId);
      }
    } finally {
      lock.unlock();
      deliverOwnConsumers();
    }
  }

  /**
   * Delivers what is recorded to the agent's own consumers, the alert rules and the audit trail,
   * now, on the calling thread: a synchronous call ({@link #syncNow}, {@link #retryParked}, a
   * webhook) returns with its events judged and audited. A sink that fails is logged and skipped;
   * the subscriptions' positions are what the scheduled delivery and the next agent go on from.
   */
  void deliverOwnConsumers() {
    if (metering != null) {
      try {
        metering.deliverNow();
      } catch (RuntimeException e) {
        log.warn("metrics delivery failed and is tried again: {}", e.toString());
      }
    }
    if (alerting != null) {
      try {
        alerting.deliverNow();
        alertRules.tick();
      } catch (RuntimeException e) {
        log.warn("alert rules failed and are tried again: {}", e.toString());
      }
    }
    if (auditing) {
      try {
        if (!audit.awaitCaughtUp(events.lastOffset(), auditWait)) {
          log.debug("an audit sink is behind; its records wait in the event stream");
        }
      } catch (RuntimeException e) {
        log.warn("waiting for the audit trail failed: {}", e.toString());
      }
    }
  }

  /** This agent's name in leases, unique among the agents sharing a store. */
  public String agentId() {
    return agentId;
  }

  private final Webhooks webhooks = new Webhooks(this);

  /** Where the host's HTTP endpoint hands webhook deliveries. */
  public Webhooks webhooks() {
    return webhooks;
  }

  ConnectorSession session(String connectionId) {
    ConnectorSession session = sessions.get(connectionId);
    if (session == null) {
      throw new IllegalArgumentException("unknown connection '" + connectionId + "'; known connections: "
          + sessions.keySet());
    }
    return session;
  }

  /**
   * Syncs one item of a plan now, read afresh from its connection (a webhook's item); an item the
   * event reports deleted is acted on per the plan's delete policy.
   */
  SyncReport syncItem(String planId, String connectionId, ExternalItem reported) {
    return syncItem(planId, connectionId, reported, null);
  }

  /** Like {@link #syncItem(String, String, ExternalItem)}, its events following from {@code cause}. */
  SyncReport syncItem(String planId, String connectionId, ExternalItem reported, @Nullable ChangeEvent cause) {
    SyncPlan plan = requirePlan(planId);
    Side side = sideOf(plan, connectionId);
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      String lease = "plan:" + planId;
      if (leases.tryAcquireLease(lease, agentId, clock.instant(), leaseTtl).isEmpty()) {
        return SyncReport.skipped(planId, clock.instant(), "another agent is running it; its poll will catch up");
      }
      try {
        return redacted(() -> reported.deleted() ? runners.get(planId).deletedItem(side, reported.id(), cause)
            : runners.get(planId).syncItem(side, reported.id(), cause));
      } finally {
        leases.releaseLease(lease, agentId);
      }
    } finally {
      lock.unlock();
      deliverOwnConsumers();
    }
  }

  /** The queue of conflicts parked for a person. */
  public Conflicts conflicts() {
    return new Conflicts(this);
  }

  /**
   * Every applied change of a linked item, oldest first: which field, old and new value, which
   * side it came from, which run. "Why did this field change?"
   *
   * @param connectionId either connection of the plan
   * @param itemId the item's id on that connection
   */
  public List<HistoryEntry> history(String planId, String connectionId, String itemId) {
    SyncPlan plan = requirePlan(planId);
    Side side = sideOf(plan, connectionId);
    return store.link(planId, side, itemId).map(link -> store.history(planId, link.aId())).orElse(List.of());
  }

  StateStore stateStoreFor(String planId) {
    requirePlan(planId);
    return store;
  }

  SyncReport resolve(String planId, ConflictRecord conflict, JsonNode value) {
    requirePlan(planId);
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      return redacted(() -> runners.get(planId).resolveConflict(conflict, value));
    } finally {
      lock.unlock();
      deliverOwnConsumers();
    }
  }

  /** The plan's failing items: those waiting for their next attempt and those parked for good. */
  public List<ParkedItem> parked(String planId) {
    requirePlan(planId);
    return store.parked(planId).stream().map(p -> redaction.leaks(p.message())
        ? new ParkedItem(p.planId(), p.connectionId(), p.itemId(), p.category(), redaction.text(p.message()),
            p.attempts(), p.parkedAt(), p.retryAt())
        : p).toList();
  }

  /**
   * Tries a failing or parked item again now, reading its current state from the connection:
   * it is applied and leaves the list, or fails again and stays with its new error.
   */
  public SyncReport retryParked(String planId, String connectionId, String itemId) {
    SyncPlan plan = requirePlan(planId);
    Side side = sideOf(plan, connectionId);
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      return redacted(() -> runners.get(planId).retryItem(side, itemId));
    } finally {
      lock.unlock();
      deliverOwnConsumers();
    }
  }

  /**
   * Tries every failing and parked item of the plan again now, in one pass: what a host calls
   * once the cause is fixed (a renewed credential, a workflow that now allows the status). Each
   * item is read afresh; those that succeed leave the list. A connection that still refuses
   * stops the rest and parks nothing more.
   */
  public SyncReport retryParked(String planId) {
    return retryParked(planId, p -> true);
  }

  /** Like {@link #retryParked(String)}, for the items that failed with {@code category}. */
  public SyncReport retryParked(String planId, ErrorCategory category) {
    requireNonNull(category, "category");
    return retryParked(planId, p -> p.category() == category);
  }

  /**
   * Like {@link #retryParked(String)}, for the items of one connection: those it is the source
   * of, and those whose failure names it (a target that refused their write).
   */
  public SyncReport retryParked(String planId, String connectionId) {
    sideOf(requirePlan(planId), connectionId);
    return retryParked(planId, p -> p.connectionId().equals(connectionId)
        || p.message().startsWith(connectionId + ":") || p.message().contains(" " + connectionId + ":"));
  }

  private SyncReport retryParked(String planId, java.util.function.Predicate<ParkedItem> which) {
    requirePlan(planId);
    ReentrantLock lock = planLocks.get(planId);
    lock.lock();
    try {
      List<ParkedItem> items = store.parked(planId).stream().filter(which).toList();
      return runners.get(planId).retryItems(items);
    } finally {
      lock.unlock();
      deliverOwnConsumers();
    }
  }

  /** Removes an item from the failing list without applying it; a later change of it syncs as usual. */
  public void dropParked(String planId, String connectionId, String itemId) {
    sideOf(requirePlan(planId), connectionId);
    runners.get(planId).dropParked(connectionId, itemId); // recorded with its event
    deliverOwnConsumers();
  }

  void dismiss(String planId, ConflictRecord conflict) {
    requirePlan(planId);
    runners.get(planId).dismissConflict(conflict); // recorded with its event
    deliverOwnConsumers();
  }

  /**
   * Whether a plan syncs assignees: its connections are of one type (the same user ids), or both
   * mappings name people as canonical users. Otherwise a GitHub login would be written to Jira as
   * an account id and refused, parking every assigned item; the field is left out, and said so.
   */
  private boolean syncsUsers(SyncPlan plan, Map<String, String> types, Map<String, Mapping> mappings) {
    Mapping a = mappings.get(plan.a());
    Mapping b = mappings.get(plan.b());
    boolean sameIds = java.util.Objects.equals(types.get(plan.a()), types.get(plan.b()));
    boolean syncs = sameIds || (a != null && b != null && a.mapsUsers() && b.mapsUsers());
    if (!syncs) {
      log.info("plan {}: assignees are not synced between {} ({}) and {} ({}): the tools name people by "
          + "different ids; give both mappings a users table to sync them", plan.id(), plan.a(),
          types.get(plan.a()), plan.b(), types.get(plan.b()));
    }
    return syncs;
  }

  private SyncPlan requirePlan(String planId) {
    SyncPlan plan = plans.get(requireNonNull(planId, "planId"));
    if (plan == null) {
      throw new IllegalArgumentException("unknown plan '" + planId + "'; known plans: " + plans.keySet());
    }
    checkOpen();
    return plan;
  }

  private static Side sideOf(SyncPlan plan, String connectionId) {
    if (plan.a().equals(connectionId)) {
      return Side.A;
    }
    if (plan.b().equals(connectionId)) {
      return Side.B;
    }
    throw new IllegalArgumentException("plan " + plan.id() + " syncs [" + plan.a() + ", " + plan.b()
        + "], not '" + connectionId + "'");
  }

  /**
   * Checks every connection now (one cheap authenticated call each, judged with its circuit
   * breaker, rate budget and the error rate of its recent calls) and judges every plan (its passes,
   * lag, next run, waiting and parked items, open conflicts, the agent running it); records a
   * {@code connection.health} or {@code plan.health} event for each whose status changed.
   */
  public HealthReport health() {
    checkOpen();
    Map<String, ConnectionHealth> connections = new LinkedHashMap<>();
    sessions.forEach((id, session) -> connections.put(id, healthMonitor.connection(id, check(session))));
    try {
      healthMonitor.catchUp(store);
    } catch (RuntimeException e) {
      log.warn("health: could not read the event stream, plans are judged on what was read before: {}",
          redaction.text(e.toString()));
    }
    Map<String, PlanHealth> planHealth = new LinkedHashMap<>();
    for (SyncPlan plan : plans.values()) {
      planHealth.put(plan.id(), healthMonitor.plan(planFacts(plan), connections));
    }
    HealthReport report = redaction.health(HealthReport.of(connections, planHealth, clock.instant()));
    Map<String, Duration> lagNow = new LinkedHashMap<>();
    report.plans().forEach((id, p) -> {
      if (p.lag() != null) {
        lagNow.put(id, p.lag());
      }
    });
    lags.set(Map.copyOf(lagNow));
    recordHealthChanges(report);
    if (alertRules != null) {
      alertRules.onHealth(report.connections(), report.plans());
    }
    deliverOwnConsumers();
    return report;
  }

  private ConnectorHealth check(ConnectorSession session) {
    Instant started = clock.instant();
    try {
      return session.health();
    } catch (RuntimeException e) {
      RuntimeException clean = redaction.exception(e);
      return new ConnectorHealth(HealthStatus.DOWN, clean.getMessage() == null ? clean.toString() : clean.getMessage(),
          Duration.between(started, clock.instant()), Map.of());
    }
  }

  private HealthMonitor.PlanFacts planFacts(SyncPlan plan) {
    Instant now = clock.instant();
    ScheduledFuture<?> schedule = planSchedules.get(plan.id());
    Instant next = schedule == null || schedule.isDone() ? null
        : now.plusMillis(Math.max(0, schedule.getDelay(TimeUnit.MILLISECONDS)));
    String holder = null;
    try {
      holder = leases.lease("plan:" + plan.id(), now).map(dev.integrationagent.api.store.Lease::owner).orElse(null);
    } catch (UnsupportedOperationException e) {
      // a store that does not read leases: the holder is unknown
    }
    return new HealthMonitor.PlanFacts(plan.id(), List.of(plan.a(), plan.b()), plan.every().orElse(null), next,
        store.parked(plan.id()), store.conflicts(plan.id()).size(), holder);
  }

  private void checkHealthScheduled() {
    try {
      health();
    } catch (RuntimeException e) {
      log.error("scheduled health check failed", e); // keep the schedule alive
    }
  }

  private final Map<String, HealthStatus> lastHealth = new java.util.concurrent.ConcurrentHashMap<>();

  /** A {@code connection.health} or {@code plan.health} event for each whose status differs from the last check's. */
  private void recordHealthChanges(HealthReport report) {
    List<ChangeEvent> changed = new ArrayList<>();
    report.connections().forEach((id, h) -> healthChange("connection:" + id, h.status(), h.reason(),
        dev.integrationagent.api.event.EventTypes.CONNECTION_HEALTH, report.checkedAt())
        .ifPresent(b -> changed.add(b.connection(id).build())));
    report.plans().forEach((id, h) -> healthChange("plan:" + id, h.status(), h.reason(),
        dev.integrationagent.api.event.EventTypes.PLAN_HEALTH, report.checkedAt())
        .ifPresent(b -> changed.add(b.plan(id).attribute("lagSeconds", h.lag() == null ? null
            : Long.toString(h.lag().toSeconds())).build())));
    if (!changed.isEmpty()) {
      try {
        store.appendEvents(changed);
      } catch (RuntimeException e) {
        changed.forEach(c -> lastHealth.remove(c.connectionId() != null ? "connection:" + c.connectionId()
            : "plan:" + c.planId())); // recorded next time
        log.warn("could not record health changes: {}", redaction.text(e.toString()));
      }
    }
  }

  private Optional<ChangeEvent.Builder> healthChange(String key, HealthStatus status, String reason, String type,
      Instant at) {
    HealthStatus previous = lastHealth.put(key, status);
    if (previous == status) {
      return Optional.empty();
    }
    return Optional.of(ChangeEvent.builder(type, ChangeEvent.Origin.AGENT, at).attribute("status", status.name())
        .attribute("previous", previous == null ? "UNKNOWN" : previous.name()).attribute("reason", reason));
  }

  /**
   * The agent's metrics: HTTP calls, latency, errors, retries and rate-limit waits per connection and
   * operation; items read, written, echoed, failed and parked, conflicts, passes and their duration,
   * workflow runs and steps, per plan; each plan's lag as of the last {@link #health()} check. Read a
   * {@link AgentMetrics#snapshot()}, or bind them to Micrometer with {@code integration-micrometer}
   * ({@code new IntegrationAgentMetrics(agent.metrics()).bindTo(registry)}). Names and tags:
   * docs/metrics.md.
   */
  public AgentMetrics metrics() {
    checkOpen();
    return metrics;
  }

  /** The plans this agent runs, by id. */
  public Map<String, SyncPlan> plans() {
    return plans;
  }

  /** The agent's state store: links, history, parked items and conflicts can be read from it. */
  public StateStore stateStore() {
    return store;
  }

  /** The alert sinks, for health monitoring to deliver to. */
  List<AlertSink> alertSinks() {
    return alertSinks;
  }

  /**
   * Stops scheduling, waits for running passes to finish (passes store their cursor page by
   * page, so nothing is lost), and closes sessions, sinks and the store.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      scheduled.forEach(f -> f.cancel(false));
      if (ownScheduler != null) {
        ownScheduler.shutdown();
      }
      if (ownDelivery != null) {
        ownDelivery.shutdown();
      }
    }
    for (ReentrantLock lock : planLocks.values()) {
      lock.lock(); // wait for a pass in flight
      lock.unlock();
    }
    deliverOwnConsumers();
    audit.close(); // an orderly shutdown leaves nothing recorded unaudited: the sinks take it all first
    events.close();
    sessions.forEach((id, session) -> {
      try {
        session.close();
      } catch (RuntimeException e) {
        log.warn("closing connection {} failed: {}", id, e.toString());
      }
    });
    store.close();
    http.close();
    log.info("integration agent closed");
  }

  private synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the integration agent is closed");
    }
  }

  /** Configures an {@link IntegrationAgent}; {@link #build()} checks everything at once. */
  public static final class Builder {
    private @Nullable StateStore stateStore;
    private final Map<String, ConnectionDefinition> connections = new LinkedHashMap<>();
    /** Connections defined by type, resolved against the known connectors at build(). */
    private final Map<String, Map.Entry<String, ConnectionSettings>> typedConnections = new LinkedHashMap<>();
    private final Map<String, Mapping> typedMappings = new LinkedHashMap<>();
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final Map<String, Connector> discovered = new LinkedHashMap<>();
    private boolean discover;
    private final List<String> duplicateConnections = new ArrayList<>();
    private final List<Object> plans = new ArrayList<>();
    private final List<AuditSink> auditSinks = new ArrayList<>();
    private final List<Workflow> workflows = new ArrayList<>();
    private final Map<String, ActionHandler> actionHandlers = new LinkedHashMap<>();
    private final List<AlertSink> alertSinks = new ArrayList<>();
    private AlertRules.Settings alertSettings = AlertRules.Settings.defaults();
    private Duration healthEvery = Duration.ofMinutes(1);
    private HealthMonitor.Settings healthSettings = HealthMonitor.Settings.defaults();
    private final List<HttpCallListener> httpCallListeners = new ArrayList<>();
    private AuditMasking auditMasking = AuditMasking.none();
    private final Set<String> maskedConnections = new LinkedHashSet<>();
    private Duration auditWait = Duration.ofSeconds(5);
    private @Nullable AuditTrail auditTrail; // made by build()
    private @Nullable HealthMonitor healthMonitor; // made by build()
    private @Nullable AgentMetrics metrics; // made by build()
    private boolean metricsEnabled = true;
    private final java.util.concurrent.atomic.AtomicReference<Map<String, Duration>> lags =
        new java.util.concurrent.atomic.AtomicReference<>(Map.of());
    private final List<SyncListener> listeners = new ArrayList<>();
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final List<String> watchProblems = new ArrayList<>();
    private Duration eventRetention = Duration.ofDays(7);
    private Duration eventDelivery = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private SyncStrategy syncStrategy = FieldMerge.INSTANCE;
    private @Nullable ScheduledExecutorService scheduler;
    private final ObjectMapper json = new ObjectMapper();
    private @Nullable OkHttpClient httpClient;
    private @Nullable HttpClients http; // made by build()
    private String agentId = "agent-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private Duration leaseTtl = Duration.ofMinutes(2);
    private @Nullable dev.integrationagent.http.Sleeper sleeper;
    private ILoggerFactory loggers = LoggerFactory.getILoggerFactory();
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /**
     * Where the engine's log lines go, by logger name. Default: SLF4J's own factory, so the
     * host's logging configuration applies. Every line is cleaned of the connections' secrets
     * before it reaches a logger from here.
     *
     * <pre>{@code
     * RecordingLogger log = new RecordingLogger("engine");
     * IntegrationAgent.builder().loggers(name -> log)...
     * }</pre>
     */
    public Builder loggers(ILoggerFactory factory) {
      this.loggers = misuse.present("loggers", factory, loggers);
      return this;
    }

    /**
     * How connections wait (retry backoff, Retry-After, write spacing). Default: the thread
     * really sleeps. Tests give one that advances their {@code FakeClock}.
     */
    public Builder sleeper(dev.integrationagent.http.Sleeper sleeper) {
      this.sleeper = misuse.present("sleeper", sleeper, this.sleeper);
      return this;
    }

    /**
     * This agent's name among agents sharing one store (PostgreSQL): passes are claimed through
     * leases in the store, so each runs once across them. Default: a random name, new in each
     * process; on a store only this process can open, a restarted agent does not need its
     * predecessor's name to resume (see {@link IntegrationAgent}).
     */
    public Builder agentId(String agentId) {
      this.agentId = misuse.check("agentId", () -> {
        if (requireNonNull(agentId, "agentId").isBlank()) {
          throw new IllegalArgumentException("blank");
        }
        return agentId;
      }, this.agentId);
      return this;
    }

    /**
     * How long a claim on a running pass lasts without a heartbeat (renewed after every page):
     * after a crash, another agent on a {@linkplain StateStore#sharedAcrossProcesses() shared}
     * store takes the plan over this long after the last page. A store only one process can open
     * keeps no claim across a restart, so this does not delay resuming there. Default 2 minutes.
     */
    public Builder leaseTtl(Duration ttl) {
      this.leaseTtl = misuse.check("leaseTtl", () -> Arguments.positive("leaseTtl", ttl), leaseTtl);
      return this;
    }

    /** Where the agent keeps its state; an embedded H2 store at {@code data/agent} when not set. */
    public Builder stateStore(StateStore store) {
      this.stateStore = misuse.present("stateStore", store, stateStore);
      return this;
    }

    /** Adds a connection under an id that plans refer to. */
    public Builder connection(String id, ConnectionDefinition definition) {
      if (id == null || definition == null) {
        misuse.record(id == null ? "connections" : "connections." + id, (id == null ? "a connection id is "
            : "the definition is ") + SettingProblems.missing());
      } else if (connections.containsKey(id) || typedConnections.containsKey(id)) {
        duplicateConnections.add(id);
      } else {
        connections.put(id, definition);
      }
      return this;
    }

    /**
     * Adds a connection of a connector type, configured by plain settings (the form they take in
     * configuration files). The type is looked up at {@link #build()} among the connectors
     * {@linkplain #connector registered} and, after {@link #discoverConnectors()}, those found on
     * the class path; the connector {@linkplain Connector#validate validates} the settings, and
     * the values of its {@linkplain ConnectionSettings#secretKeys() secret keys} are redacted
     * like any connection's secrets.
     *
     * <pre>{@code
     * IntegrationAgent.builder()
     *     .discoverConnectors()
     *     .connection("gh", "github", ConnectionSettings.builder()
     *         .put("repository", "acme/app")
     *         .secret("token", System.getenv("GITHUB_TOKEN"))
     *         .build())
     * }</pre>
     */
    /**
     * Like {@link #connection(String, String, ConnectionSettings)}, mapped by {@code mapping} instead
     * of the connector's default mapping.
     */
    public Builder connection(String id, String type, ConnectionSettings settings, Mapping mapping) {
      connection(id, type, settings);
      if (mapping == null) {
        misuse.record("connections." + id + ".mapping", SettingProblems.missing());
      } else if (typedConnections.containsKey(id)) {
        typedMappings.put(id, mapping);
      }
      return this;
    }

    public Builder connection(String id, String type, ConnectionSettings settings) {
      if (id == null || type == null || settings == null) {
        misuse.record(id == null ? "connections" : "connections." + id, (id == null ? "a connection id"
            : type == null ? "the type" : "the settings") + " is " + SettingProblems.missing());
      } else if (connections.containsKey(id) || typedConnections.containsKey(id)) {
        duplicateConnections.add(id);
      } else {
        typedConnections.put(id, Map.entry(type, settings));
      }
      return this;
    }

    /**
     * Registers a connector type explicitly, for {@link #connection(String, String,
     * ConnectionSettings)}; it takes precedence over a discovered connector of the same type.
     */
    public Builder connector(Connector connector) {
      if (connector == null) {
        misuse.record("connectors", "a connector is " + SettingProblems.missing());
      } else {
        connectors.put(connector.type(), connector);
      }
      return this;
    }

    /**
     * Opts in to {@link ServiceLoader} discovery: every {@link ConnectorProvider} listed in a
     * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider} on the class
     * path (the thread's context class loader, else this library's) contributes its connectors,
     * which connections can then name by type. The shipped GitHub, Jira and Redmine connectors
     * are found this way.
     */
    public Builder discoverConnectors() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return discoverConnectors(loader != null ? loader : IntegrationAgent.class.getClassLoader());
    }

    /** Like {@link #discoverConnectors()}, loading providers through {@code loader}. */
    public Builder discoverConnectors(ClassLoader loader) {
      if (loader == null) {
        misuse.record("discoverConnectors", "the class loader is " + SettingProblems.missing());
        return this;
      }
      discover = true;
      try {
        for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class, loader)) {
          for (Connector connector : provider.connectors()) {
            Connector earlier = discovered.putIfAbsent(connector.type(), connector);
            if (earlier != null && earlier.getClass() != connector.getClass()) {
              discoveryProblems.add("connectors: type '" + connector.type() + "' is provided by both "
                  + earlier.getClass().getName() + " and " + connector.getClass().getName()
                  + "; register the one to use with connector(...)");
            }
          }
        }
      } catch (java.util.ServiceConfigurationError | RuntimeException e) {
        discoveryProblems.add("connectors: discovery failed: " + e.getMessage());
      }
      return this;
    }

    private final List<String> discoveryProblems = new ArrayList<>();

    /** The connector of each type a connection may name: explicit registrations over discovered ones. */
    private Map<String, Connector> knownConnectors() {
      Map<String, Connector> known = new java.util.TreeMap<>(discovered);
      known.putAll(connectors);
      return known;
    }

    /** Turns each connection defined by type into a definition, or a problem naming the known types. */
    private Map<String, ConnectionDefinition> resolveConnections(List<String> problems) {
      Map<String, ConnectionDefinition> all = new LinkedHashMap<>(connections);
      Map<String, Connector> known = knownConnectors();
      typedConnections.forEach((id, typed) -> {
        Connector connector = known.get(typed.getKey());
        if (connector == null) {
          problems.add("connections." + id + ": unknown connector type '" + typed.getKey() + "'; known types: "
              + known.keySet() + (discover ? "" : "; call discoverConnectors() to find the connectors on the class"
              + " path, or register one with connector(...)"));
        } else {
          all.put(id, new SettingsConnection(connector, typed.getValue(), typedMappings.get(id)));
        }
      });
      return all;
    }

    /** Adds a sync plan. */
    public Builder sync(SyncPlan.Builder plan) {
      addTo(plans, "plans", plan);
      return this;
    }

    /** Adds a sync plan. */
    public Builder sync(SyncPlan plan) {
      addTo(plans, "plans", plan);
      return this;
    }

    /**
     * Reports a connection's changes as events without syncing it ({@link Watch}). Where a plan
     * already reads the connection, its passes record the events and the watch lists nothing.
     */
    public Builder watch(Watch watch) {
      Watch w = misuse.present("watch", watch, null);
      if (w != null && watches.put(w.connectionId(), w) != null) {
        watchProblems.add("watches." + w.connectionId() + ": watched more than once; one watch per connection");
      }
      return this;
    }

    /** How long events are kept; 7 days by default. A subscription that falls behind it is told. */
    public Builder eventRetention(Duration retention) {
      if (retention == null || retention.isNegative() || retention.isZero()) {
        misuse.record("eventRetention", "must be a positive duration, was " + retention);
      } else {
        this.eventRetention = retention;
      }
      return this;
    }

    /** How often a started agent delivers new events to its subscriptions; every second by default. */
    public Builder eventDelivery(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        misuse.record("eventDelivery", "must be a positive duration, was " + interval);
      } else {
        this.eventDelivery = interval;
      }
      return this;
    }

    /** A workflow to run ({@link Workflows}); its action types and connections are checked at {@link #build()}. */
    public Builder workflow(Workflow workflow) {
      addTo(workflows, "workflows", workflow);
      return this;
    }

    /** An action type of the host's, for workflows to name ({@link ActionHandler#type()}). */
    public Builder action(ActionHandler handler) {
      if (handler == null) {
        misuse.record("actions", SettingProblems.missing());
      } else if (actionHandlers.putIfAbsent(handler.type(), handler) != null
          || WorkflowActions.BUILT_IN.contains(handler.type())) {
        misuse.record("actions." + handler.type(), "an action of this type is registered already");
      }
      return this;
    }

    /**
     * Adds an audit sink: every event becomes a record ({@link dev.integrationagent.api.audit.AuditEvent})
     * delivered to every sink added, each on a thread of its own from its own durable position (the
     * subscriptions {@code audit}, {@code audit-2}, … by the order they are added).
     */
    public Builder audit(AuditSink sink) {
      addTo(auditSinks, "audit", sink);
      return this;
    }

    /**
     * Hides the values of canonical {@code fields} of connection {@code connectionId} ({@code *}:
     * of every connection) in every audit record; their names and whether they changed stay.
     */
    public Builder maskInAudit(String connectionId, String... fields) {
      if (connectionId == null || fields == null || fields.length == 0) {
        misuse.record("maskInAudit", "give a connection id (or *) and at least one field name");
        return this;
      }
      try {
        auditMasking = auditMasking.mask(connectionId, fields);
        if (!connectionId.equals(AuditMasking.EVERY_CONNECTION)) {
          maskedConnections.add(connectionId);
        }
      } catch (IllegalArgumentException e) {
        misuse.record("maskInAudit." + connectionId, e.getMessage());
      }
      return this;
    }

    /**
     * How long a synchronous call ({@code syncNow}, a webhook, {@code health()}) waits at most for
     * the audit sinks to write its records before it returns; 5 seconds by default. A sink that is
     * slower falls behind on its own thread (its records wait, durable, in the event stream).
     */
    public Builder auditWait(Duration wait) {
      Duration value = misuse.present("auditWait", wait, this.auditWait);
      if (value.isNegative()) {
        misuse.record("auditWait", "must not be negative but was " + value);
      } else {
        this.auditWait = value;
      }
      return this;
    }

    /** The alert rules' thresholds ({@link AlertRules}); the defaults are on whenever a sink is given. */
    public Builder alertRules(AlertRules.Settings settings) {
      this.alertSettings = misuse.present("alertRules", settings, this.alertSettings);
      return this;
    }

    /**
     * How often {@link #start()} checks every connection's and plan's health ({@link #health()}),
     * recording a {@code connection.health} or {@code plan.health} event when one changes. Default:
     * every minute; {@link Duration#ZERO} schedules no checks.
     */
    public Builder healthChecks(Duration every) {
      Duration value = misuse.present("healthChecks", every, this.healthEvery);
      if (value.isNegative()) {
        misuse.record("healthChecks", "must not be negative but was " + value);
      } else {
        this.healthEvery = value;
      }
      return this;
    }

    /**
     * Whether the agent keeps metrics ({@link IntegrationAgent#metrics()}); on by default. Off, no
     * HTTP call or event is counted and {@code metrics()} stays empty (the benchmarks measure the
     * cost this way).
     */
    public Builder metrics(boolean enabled) {
      this.metricsEnabled = enabled;
      return this;
    }

    /** The health judgement's thresholds ({@link HealthMonitor.Settings#defaults()}). */
    public Builder healthSettings(HealthMonitor.Settings settings) {
      this.healthSettings = misuse.present("healthSettings", settings, this.healthSettings);
      return this;
    }

    /**
     * Also tells {@code listener} of every HTTP attempt of every connection (method, path template,
     * status, duration, category; never a URL or a secret): the hook for a host's own metrics or
     * tracing. A listener that throws is logged and the call goes on.
     */
    public Builder httpCallListener(HttpCallListener listener) {
      addTo(httpCallListeners, "httpCallListener", listener);
      return this;
    }

    /** Adds an alert sink. */
    public Builder alerts(AlertSink sink) {
      addTo(alertSinks, "alerts", sink);
      return this;
    }

    /** Follows passes page by page (progress, metrics). */
    public Builder listener(SyncListener listener) {
      addTo(listeners, "listener", listener);
      return this;
    }

    private <T> void addTo(List<? super T> list, String setting, @Nullable T value) {
      if (value == null) {
        misuse.record(setting, SettingProblems.missing());
      } else {
        list.add(value);
      }
    }

    /** The clock every timestamp, lease and schedule decision reads. Default: UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = misuse.present("clock", clock, this.clock);
      return this;
    }

    /**
     * The client every connection's HTTP pipeline derives from (proxy, TLS, pool). Default: one
     * the agent creates and closes.
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = misuse.present("httpClient", client, httpClient);
      return this;
    }

    /** Replaces the field-level three-way merge. */
    public Builder syncStrategy(SyncStrategy strategy) {
      this.syncStrategy = misuse.present("syncStrategy", strategy, syncStrategy);
      return this;
    }

    /** Runs scheduled passes on the host's executor instead of the agent's own thread. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = misuse.present("scheduler", scheduler, this.scheduler);
      return this;
    }

    /**
     * Checks the whole configuration and builds the agent.
     *
     * @throws ConfigurationException listing every problem found, each with where it is
     */
    public IntegrationAgent build() {
      List<String> problems = new ArrayList<>(misuse.list());
      problems.addAll(discoveryProblems);
      Map<String, ConnectionDefinition> connections = resolveConnections(problems);
      Set<String> connectionIds = new LinkedHashSet<>(connections.keySet());
      connectionIds.addAll(typedConnections.keySet());
      Redaction redaction = new Redaction(Redaction.union(connections.values().stream()
          .<java.util.function.Supplier<Set<String>>>map(d -> d::secrets).toList()));
      duplicateConnections.forEach(id -> problems.add("connections." + id
          + ": defined more than once; each connection needs its own id"));
      Map<String, Mapping> mappings = new LinkedHashMap<>();
      connections.forEach((id, definition) -> {
        if (id.isBlank()) {
          problems.add("connections: a connection id is blank");
        }
        // a plugin's problems should never quote a secret; if one does, it is hidden here
        definition.problems().forEach(p -> problems.add("connections." + id + ": " + redaction.text(p)));
        Optional<Mapping> mapping = definition.mapping();
        if (mapping.isEmpty()) {
          problems.add("connections." + id + ": no mapping; the " + definition.type()
              + " connection has no default mapping, so give one with .mapping(...)");
        } else {
          mappings.put(id, mapping.get());
        }
      });
      problems.addAll(watchProblems);
      maskedConnections.stream().filter(id -> !connectionIds.contains(id)).forEach(id -> problems.add("maskInAudit."
          + id + ": no connection '" + id + "'; known connections: " + connectionIds + " (or * for all)"));
      watches.keySet().stream().filter(id -> !connectionIds.contains(id)).forEach(id -> problems.add("watches." + id
          + ": no connection '" + id + "'; known connections: " + connectionIds));
      List<SyncPlan> built = new ArrayList<>();
      Set<String> planIds = new LinkedHashSet<>();
      for (Object p : plans) {
        SyncPlan plan = p instanceof SyncPlan sp ? sp : ((SyncPlan.Builder) p).buildForAgent();
        if (!planIds.add(plan.id())) {
          problems.add("plans." + plan.id() + ": defined more than once; give one of them another .id(...)");
        }
        problems.addAll(plan.problems(connectionIds));
        if (plan.isTwoWay()) {
          for (String side : List.of(plan.a(), plan.b())) {
            Mapping m = mappings.get(side);
            if (m != null && !m.reversible()) {
              problems.add("plans." + plan.id() + ": two-way, but the mapping of '" + side
                  + "' has rules that cannot be reversed: " + m.lossyRules()
                  + "; give them a reverse, mark them oneWay, or make the plan one-way");
            }
          }
        }
        built.add(plan);
      }
      Set<String> workflowIds = new LinkedHashSet<>();
      for (Workflow w : workflows) {
        String where = "workflows." + w.id();
        if (!workflowIds.add(w.id())) {
          problems.add(where + ": loaded more than once; one version of a workflow id runs at a time");
        }
        w.actionTypes().forEach((path, type) -> {
          if (!WorkflowActions.BUILT_IN.contains(type) && !actionHandlers.containsKey(type)) {
            problems.add(where + " " + path + ": unknown action type '" + type + "'; known: "
                + new java.util.TreeSet<>(union(WorkflowActions.BUILT_IN, actionHandlers.keySet()))
                + " (register your own with .action(handler))");
          }
        });
        w.actionParams().forEach((path, action) -> {
          ActionHandler handler = actionHandlers.get(action.getKey());
          List<String> wrong = handler != null ? handler.validate(action.getValue())
              : WorkflowActions.validate(action.getKey(), action.getValue());
          wrong.forEach(p -> problems.add(where + " " + path + ".params: " + p));
        });
        w.connectionIds().forEach((path, id) -> {
          if (!connectionIds.contains(id)) {
            problems.add(where + " " + path + ": no connection '" + id + "'; known connections: " + connectionIds);
          }
        });
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid integration agent configuration", problems);
      }
      StateStore store = stateStore != null ? stateStore : StateStores.h2(DEFAULT_STORE_PATH);
      try {
        store.lastEventOffset();
      } catch (UnsupportedOperationException e) {
        throw new ConfigurationException("invalid integration agent configuration", List.of("stateStore: "
            + store.getClass().getName() + " does not keep the event stream (StateStore.appendEvents, events, "
            + "consumerOffset, ...); a store that wraps another must pass those methods on too"));
      }
      http = httpClient != null ? HttpClients.wrap(httpClient) : HttpClients.create();
      http.onCredentialRefresh((connectionId, ok, detail) -> {
        try {
          store.appendEvents(List.of(redaction.event(ChangeEvent.builder(
                  dev.integrationagent.api.event.EventTypes.CREDENTIAL_REFRESHED, ChangeEvent.Origin.AGENT,
                  clock.instant())
              .connection(connectionId).attribute("outcome", ok ? "refreshed" : "failed")
              .attribute("reason", detail).build())));
        } catch (RuntimeException e) {
          loggers.getLogger(IntegrationAgent.class.getName()).warn("could not record a credential refresh of {}: {}",
              connectionId, redaction.text(e.toString()));
        }
      });
      healthMonitor = new HealthMonitor(healthSettings, clock, http::pressure);
      List<HttpCallListener> callListeners = new ArrayList<>();
      auditTrail = auditTrail(auditSinks, agentId, auditMasking, clock, redaction, loggers);
      callListeners.add(HttpCallAudit.failuresTo(auditTrail::record));
      callListeners.add(healthMonitor);
      metrics = new AgentMetrics(clock, http::pressure, lags::get);
      if (metricsEnabled) {
        callListeners.add(metrics);
      }
      callListeners.addAll(httpCallListeners);
      HttpCallListener httpCalls = HttpCallListener.all(callListeners,
          new RedactingLogger(loggers.getLogger(HttpCallListener.class.getName()), redaction));
      Map<String, ConnectorSession> sessions = new LinkedHashMap<>();
      try {
        connections.forEach((id, definition) ->
            sessions.put(id, new RedactingSession(
                definition.open(new AgentConnectorContext(id, clock, json, http, httpCalls, sleeper)), redaction)));
      } catch (RuntimeException e) {
        sessions.values().forEach(ConnectorSession::close);
        if (stateStore == null) {
          store.close();
        }
        throw redaction.exception(e);
      }
      Map<String, String> types = new LinkedHashMap<>();
      connections.forEach((id, definition) -> types.put(id, definition.type()));
      return new IntegrationAgent(this, store, Map.copyOf(sessions), mappings, types, built, redaction);
    }
  }
}
