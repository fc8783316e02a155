package dev.integrationagent.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.WorkflowExecution;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.mapping.CanonicalJson;
import dev.integrationagent.mapping.Jslt;
import dev.integrationagent.workflow.Workflow.ActionNode;
import dev.integrationagent.workflow.Workflow.ConditionNode;
import dev.integrationagent.workflow.Workflow.DelayNode;
import dev.integrationagent.workflow.Workflow.ForEachNode;
import dev.integrationagent.workflow.Workflow.Node;
import dev.integrationagent.workflow.Workflow.OnError;
import dev.integrationagent.workflow.Workflow.SetVariableNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.annotation.Nullable;

/**
 * Walks one run through its workflow's graph, from the trigger, depth first, each port's edges in
 * order. It replays what the record says is done (outputs and ports as recorded) and runs what is
 * not, saving the record before and after each side effect. A delay or a retry's backoff suspends
 * the run ({@code WAITING} until then); a failure that its {@code onError} does not absorb ends it.
 */
final class Interpreter {
  private static final ExecutorService TIMED = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "integration-agent-workflow-action");
    t.setDaemon(true);
    return t;
  });

  private final WorkflowEngine engine;
  private final Workflow workflow;
  private final String id;
  private final RunRecord record;
  private final @Nullable ChangeEvent started;
  private final Clock clock;
  boolean dryRun;
  WorkflowExecution.State finalState = WorkflowExecution.State.RUNNING;

  Interpreter(WorkflowEngine engine, Workflow workflow, String id, RunRecord record, @Nullable ChangeEvent started) {
    this.engine = engine;
    this.workflow = workflow;
    this.id = id;
    this.record = record;
    this.started = started;
    this.clock = engine.clock();
  }

  /** Signals that the run waits until {@code until}. */
  private static final class Suspend extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Instant until;

    Suspend(Instant until) {
      super(null, null, false, false);
      this.until = until;
    }
  }

  /** Signals that a failed step ended the run. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ObjectNode step;
    final String key;

    Stop(String key, ObjectNode step) {
      super(null, null, false, false);
      this.key = key;
      this.step = step;
    }
  }

  void run() {
    Node trigger = workflow.nodes().get(workflow.trigger().nodeId());
    try {
      follow(trigger, "out", "", null, 0);
      finalState = WorkflowExecution.State.SUCCEEDED;
      save(WorkflowExecution.State.SUCCEEDED, null, List.of(engine.event(EventTypes.WORKFLOW_FINISHED, record, id,
          started).build()));
    } catch (Suspend s) {
      finalState = WorkflowExecution.State.WAITING;
      save(WorkflowExecution.State.WAITING, s.until, List.of());
    } catch (Stop s) {
      finalState = WorkflowExecution.State.FAILED;
      save(WorkflowExecution.State.FAILED, null, List.of(engine.event(EventTypes.WORKFLOW_FAILED, record, id, started)
          .attribute("step", s.key).attribute("category", s.step.path("category").asText(null))
          .attribute("reason", s.step.path("error").asText(null)).build()));
    }
  }

  private void follow(Node from, String port, String loopPath, @Nullable JsonNode loopItem, int loopIndex) {
    for (String next : from.next(port)) {
      visit(workflow.nodes().get(next), loopPath, loopItem, loopIndex);
    }
  }

  private void visit(Node node, String loopPath, @Nullable JsonNode loopItem, int loopIndex) {
    String key = node.id() + loopPath;
    ObjectNode input = record.input(loopItem, loopIndex);
    if (node instanceof ConditionNode c) {
      ObjectNode step = record.stepFor(key, c.id(), "condition");
      if (!step.path("status").asText().equals("done")) {
        boolean result = truth(Jslt.apply(c.test(), input));
        step.put("status", "done").put("port", result ? "true" : "false");
        step.put("output", result);
        step.put("startedAt", clock.instant().toString()).put("endedAt", clock.instant().toString());
      }
      follow(c, step.path("port").asText(), loopPath, loopItem, loopIndex);
    } else if (node instanceof SetVariableNode v) {
      ObjectNode step = record.stepFor(key, v.id(), "setVariable");
      if (!step.path("status").asText().equals("done")) {
        JsonNode value = Jslt.apply(v.value(), input);
        record.vars().set(v.variable(), value);
        step.put("status", "done").set("output", value);
        step.put("endedAt", clock.instant().toString());
      }
      follow(v, "out", loopPath, loopItem, loopIndex);
    } else if (node instanceof DelayNode d) {
      delay(d, key, input);
      follow(d, "out", loopPath, loopItem, loopIndex);
    } else if (node instanceof ForEachNode f) {
      ObjectNode step = record.stepFor(key, f.id(), "forEach");
      if (!step.path("status").asText().equals("done")) {
        JsonNode list = Jslt.apply(f.list(), input);
        if (!list.isArray()) {
          list = list.isNull() || list.isMissingNode() ? WorkflowEngine.NODES.arrayNode()
              : WorkflowEngine.NODES.arrayNode().add(list);
        }
        if (list.size() > f.max()) {
          throw fail(key, step, new IntegrationException(ErrorCategory.VALIDATION, "forEach " + f.id() + ": the list has "
              + list.size() + " elements, over its max of " + f.max()));
        }
        step.put("status", "done").set("output", list);
        step.put("endedAt", clock.instant().toString());
      }
      JsonNode list = step.path("output");
      for (int i = 0; i < list.size(); i++) {
        follow(f, "each", loopPath + "[" + i + "]", list.get(i), i);
      }
      follow(f, "done", loopPath, loopItem, loopIndex);
    } else if (node instanceof ActionNode a) {
      String port = action(a, key, input, loopItem, loopIndex);
      if (port != null) {
        follow(a, port, loopPath, loopItem, loopIndex);
      }
    }
  }

  private static boolean truth(JsonNode v) {
    return !(v == null || v.isNull() || v.isMissingNode() || (v.isBoolean() && !v.booleanValue())
        || (v.isTextual() && v.textValue().isEmpty()) || (v.isContainerNode() && v.isEmpty())
        || (v.isNumber() && v.doubleValue() == 0));
  }

  private void delay(DelayNode d, String key, ObjectNode input) {
    ObjectNode step = record.stepFor(key, d.id(), "delay");
    if (step.path("status").asText().equals("done")) {
      return;
    }
    if (!step.has("until")) {
      Instant until;
      if (d.duration() != null) {
        until = clock.instant().plus(d.duration());
      } else {
        String text = Template.text(Jslt.apply(d.until(), input));
        try {
          until = Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
          throw fail(key, step, new IntegrationException(ErrorCategory.VALIDATION, "delay " + d.id()
              + ": 'until' gave '" + text + "', not an ISO-8601 instant such as 2026-01-05T10:00:00Z"));
        }
      }
      step.put("status", "waiting").put("until", until.toString()).put("startedAt", clock.instant().toString());
    }
    Instant until = Instant.parse(step.path("until").asText());
    if (!dryRun && until.isAfter(clock.instant())) {
      throw new Suspend(until);
    }
    step.put("status", "done").put("endedAt", clock.instant().toString());
    if (dryRun) {
      step.put("output", "waited until " + until + " (not in a dry run)");
    }
  }

  /** Runs (or replays) an action step; the port to go on from, or null to go no further here. */
  private @Nullable String action(ActionNode a, String key, ObjectNode input, @Nullable JsonNode loopItem,
      int loopIndex) {
    ObjectNode step = record.stepFor(key, a.id(), "action");
    step.put("action", a.action());
    String status = step.path("status").asText();
    switch (status) {
      case "done", "skipped" -> {
        return "out";
      }
      case "failed" -> {
        return afterFailure(a, key, step);
      }
      case "retrying" -> {
        Instant at = Instant.parse(step.path("retryAt").asText());
        if (at.isAfter(clock.instant()) && !dryRun) {
          throw new Suspend(at);
        }
      }
      default -> { }
    }
    if (a.when() != null && !truth(Jslt.apply(a.when(), input))) {
      step.put("status", "skipped").put("endedAt", clock.instant().toString());
      stepEvent(key, step, "skipped");
      return "out";
    }
    boolean unknown = status.equals("started");
    int attempt = step.path("attempt").asInt(0) + 1;
    ObjectNode params;
    try {
      params = render(a, input);
    } catch (IllegalArgumentException e) {
      throw fail(key, step, new IntegrationException(ErrorCategory.VALIDATION, a.path() + ": " + e.getMessage(), e));
    }
    step.put("attempt", attempt).put("status", "started").put("startedAt", clock.instant().toString());
    step.set("input", engine.redact(params));
    step.remove(List.of("error", "category", "retryAt", "endedAt"));
    if (dryRun) {
      step.put("status", "done").put("endedAt", clock.instant().toString());
      step.set("output", WorkflowEngine.NODES.objectNode().put("dryRun", true));
      return "out";
    }
    save(WorkflowExecution.State.RUNNING, clock.instant().plus(WorkflowEngine.CLAIM), List.of());
    StepContext context = new StepContext(workflow, id, a.id(), attempt, unknown, record.trigger(), record.input(loopItem,
        loopIndex), clock);
    try {
      ActionResult result = execute(engine.action(a.action()), context, params, a.timeout());
      step.put("status", "done").put("endedAt", clock.instant().toString());
      step.set("output", engine.redact(result.output()));
      step.put("message", result.message());
      List<ChangeEvent> events = new ArrayList<>(context.events());
      events.add(stepEvent(key, step, "done").build());
      save(WorkflowExecution.State.RUNNING, clock.instant().plus(WorkflowEngine.CLAIM), events);
      return "out";
    } catch (IntegrationException e) {
      if (e.category().isRetryable() && attempt < a.attempts()) {
        Duration wait = a.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (wait.compareTo(a.maxBackoff()) > 0) {
          wait = a.maxBackoff();
        }
        if (e instanceof dev.integrationagent.http.HttpException http && http.retryAfter().isPresent()
            && http.retryAfter().get().compareTo(wait) > 0) {
          wait = http.retryAfter().get();
        }
        Instant at = clock.instant().plus(wait);
        step.put("status", "retrying").put("retryAt", at.toString()).put("error", e.getMessage())
            .put("category", e.category().name());
        save(WorkflowExecution.State.WAITING, at, List.of(stepEvent(key, step, "retrying").build()));
        throw new Suspend(at);
      }
      fail(key, step, e);
      return afterFailure(a, key, step);
    }
  }

  private @Nullable String afterFailure(ActionNode a, String key, ObjectNode step) {
    return switch (a.onError()) {
      case STOP -> throw new Stop(key, step);
      case CONTINUE -> "out";
      case PORT -> "error";
    };
  }

  /** Records the step failed for good, with its event; the caller decides what follows. */
  private Stop fail(String key, ObjectNode step, IntegrationException e) {
    step.put("status", "failed").put("error", e.getMessage()).put("category", e.category().name())
        .put("endedAt", clock.instant().toString());
    step.set("output", WorkflowEngine.NODES.objectNode().put("error", e.getMessage())
        .put("category", e.category().name()));
    if (!dryRun) {
      save(WorkflowExecution.State.RUNNING, clock.instant().plus(WorkflowEngine.CLAIM),
          List.of(stepEvent(key, step, "failed").build()));
    }
    return new Stop(key, step);
  }

  private ChangeEvent.Builder stepEvent(String key, ObjectNode step, String outcome) {
    // the tool and item an action step wrote to, so that its record says where (an addComment
    // has no record of its own but this one), and whether it only found what a lost attempt wrote
    JsonNode input = step.path("input");
    JsonNode output = step.path("output");
    String connection = input.path("connection").isTextual() ? input.path("connection").asText() : null;
    String item = input.path("item").isTextual() ? input.path("item").asText()
        : connection != null && output.path("id").isTextual() ? output.path("id").asText() : null;
    return engine.event(EventTypes.WORKFLOW_STEP, record, id, started).connection(connection).item(item)
        .attribute("found", output.path("found").isBoolean() ? output.path("found").asText() : null)
        .attribute("step", key)
        .attribute("node", step.path("node").asText()).attribute("kind", step.path("kind").asText())
        .attribute("action", step.path("action").asText(null)).attribute("outcome", outcome)
        .attribute("category", step.path("category").asText(null)).attribute("reason", step.path("error").asText(null));
  }

  private ActionResult execute(ActionHandler handler, ActionContext context, ObjectNode params,
      @Nullable Duration timeout) {
    try {
      if (timeout == null) {
        return handler.execute(context, params);
      }
      Future<ActionResult> f = TIMED.submit(() -> handler.execute(context, params));
      try {
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new IntegrationException(ErrorCategory.TRANSIENT, "action " + handler.type() + " did not finish within "
            + timeout + "; its outcome is unknown and the next attempt is told so");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IntegrationException(ErrorCategory.TRANSIENT, "interrupted while action " + handler.type() + " ran");
      }
    } catch (IntegrationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IntegrationException(ErrorCategory.PERMANENT, "action " + handler.type() + " failed: " + e, e);
    }
  }

  /** The action's parameters with every placeholder rendered, escaped for where it lands. */
  private ObjectNode render(ActionNode a, ObjectNode input) {
    ObjectNode params = a.params().deepCopy();
    for (Map.Entry<String, Template> t : a.templates().entrySet()) {
      String pointer = t.getKey();
      Escaping escaping = Escapings.of(a.action(), pointer);
      JsonNode value = escaping == Escaping.NONE || escaping == Escaping.MARKDOWN || escaping == Escaping.SLACK_MRKDWN
          ? t.getValue().renderValue(input, escaping) : com.fasterxml.jackson.databind.node.TextNode.valueOf(
              t.getValue().render(input, escaping));
      set(params, pointer, value);
    }
    params.remove("action"); // the node's choice of action, not one of its parameters
    return params;
  }

  private static void set(ObjectNode root, String pointer, JsonNode value) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = cut <= 0 ? root : root.at(pointer.substring(0, cut));
    String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode arr) {
      arr.set(Integer.parseInt(last), value);
    }
  }

  private void save(WorkflowExecution.State state, @Nullable Instant nextRunAt, List<ChangeEvent> events) {
    if (!dryRun) {
      engine.save(id, workflow, record, state, nextRunAt, events);
    }
  }

  /** What an action sees. Actions may add the events of the writes they made ({@link #record}). */
  static final class StepContext implements ActionContext, WorkflowActions.Recorder {
    private final Workflow workflow;
    private final String executionId;
    private final String stepId;
    private final int attempt;
    private final boolean unknown;
    private final @Nullable ChangeEvent trigger;
    private final ObjectNode variables;
    private final Clock clock;
    private final List<ChangeEvent> events = new ArrayList<>();

    StepContext(Workflow workflow, String executionId, String stepId, int attempt, boolean unknown,
        @Nullable ChangeEvent trigger, ObjectNode variables, Clock clock) {
      this.workflow = workflow;
      this.executionId = executionId;
      this.stepId = stepId;
      this.attempt = attempt;
      this.unknown = unknown;
      this.trigger = trigger;
      this.variables = variables;
      this.clock = clock;
    }

    @Override
    public String workflowId() {
      return workflow.id();
    }

    @Override
    public int workflowVersion() {
      return workflow.version();
    }

    @Override
    public String executionId() {
      return executionId;
    }

    @Override
    public String stepId() {
      return stepId;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public boolean outcomeUnknown() {
      return unknown;
    }

    @Override
    public @Nullable ChangeEvent trigger() {
      return trigger;
    }

    @Override
    public @Nullable String connectionId() {
      return trigger == null ? null : trigger.connectionId();
    }

    @Override
    public @Nullable WorkItem item() {
      if (trigger == null || trigger.snapshot() == null) {
        return null;
      }
      try {
        return CanonicalJson.fromDocument(trigger.snapshot(), "the trigger's item");
      } catch (IntegrationException e) {
        return null;
      }
    }

    @Override
    public JsonNode variables() {
      return variables;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public ChangeEvent record(ChangeEvent.Builder event) {
      ChangeEvent e = event.causedBy(trigger).attribute("workflow", workflow.id()).attribute("execution", executionId)
          .attribute("step", stepId).build();
      events.add(e);
      return e;
    }

    List<ChangeEvent> events() {
      return List.copyOf(events);
    }
  }
}
