package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Secrets;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * Hides the secrets of every connection of one agent ({@link
 * dev.integrationagent.api.connector.ConnectionDefinition#secrets()}) from whatever the agent
 * writes, with the rules of {@link Secrets}. Secrets are read again at each use, so rotated
 * credentials are covered; the encoded forms are recomputed only when they change.
 *
 * <p>The agent applies it at its boundaries: to what each session returns or throws (so items,
 * comments and errors are clean before the engine stores, merges, parks, audits or logs them), and
 * again to reports, health, audit events, alerts, log lines and exceptions it hands the host.
 */
final class Redaction {
  private final Supplier<Set<String>> secrets;
  /** The forms of the secrets last read, replaced together so a reader never mixes two readings. */
  private volatile Forms cached = new Forms(Set.of(), List.of());

  private record Forms(Set<String> secrets, List<String> forms) {}

  Redaction(Supplier<Set<String>> secrets) {
    this.secrets = requireNonNull(secrets, "secrets");
  }

  /** Hides nothing: for agents whose connections declare no secrets. */
  static Redaction none() {
    return new Redaction(Set::of);
  }

  private List<String> forms() {
    Set<String> now = secrets.get();
    Forms current = cached;
    if (!now.equals(current.secrets())) {
      current = new Forms(Set.copyOf(now), Secrets.forms(now));
      cached = current;
    }
    return current.forms();
  }

  boolean leaks(@Nullable String text) {
    return leaks(text, forms());
  }

  String text(String text) {
    return text(text, forms());
  }

  @Nullable String nullable(@Nullable String text) {
    return nullable(text, forms());
  }

  List<String> texts(List<String> texts) {
    List<String> f = forms();
    return texts.stream().map(t -> text(t, f)).toList();
  }

  Map<String, String> map(Map<String, String> values) {
    return map(values, forms());
  }

  /** The tree itself when it holds no secret, otherwise a copy with each one hidden. */
  JsonNode json(JsonNode node) {
    return json(node, forms());
  }

  // The operations below read the secrets once per call and hand their forms down: reading them
  // (every connection's, with their encoded forms) costs far more than one replacement.

  private static boolean leaks(@Nullable String text, List<String> forms) {
    if (text == null) {
      return false;
    }
    for (String form : forms) {
      if (text.contains(form)) {
        return true;
      }
    }
    return false;
  }

  private static String text(String text, List<String> forms) {
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) {
        out = out.replace(form, Secrets.MASK);
      }
    }
    return out;
  }

  private static @Nullable String nullable(@Nullable String text, List<String> forms) {
    return text == null ? null : text(text, forms);
  }

  private static Map<String, String> map(Map<String, String> values, List<String> forms) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(text(k, forms), text(v, forms)));
    return out;
  }

  private static JsonNode json(JsonNode node, List<String> forms) {
    if (forms.isEmpty() || !leaks(node.toString(), forms)) {
      return node;
    }
    return clean(node.deepCopy(), forms);
  }

  private static JsonNode clean(JsonNode node, List<String> forms) {
    if (node.isTextual()) {
      return TextNode.valueOf(text(node.textValue(), forms));
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, clean(array.get(i), forms));
      }
    } else if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        fields.put(text(field.getKey(), forms), clean(field.getValue(), forms));
      }
      object.removeAll();
      object.setAll(fields);
    }
    return node;
  }

  ExternalItem item(ExternalItem item) {
    return item(item, forms());
  }

  private static ExternalItem item(ExternalItem item, List<String> f) {
    JsonNode data = json(item.data(), f);
    String key = nullable(item.key(), f);
    if (data == item.data() && java.util.Objects.equals(key, item.key())) {
      return item;
    }
    return new ExternalItem(item.id(), key, item.version(), item.updatedAt(), data, item.deleted());
  }

  ExternalComment comment(ExternalComment c) {
    return comment(c, forms());
  }

  private static ExternalComment comment(ExternalComment c, List<String> f) {
    if (!leaks(c.body(), f) && !leaks(c.author(), f)) {
      return c;
    }
    return new ExternalComment(c.id(), c.itemId(), nullable(c.author(), f), text(c.body(), f), c.createdAt(),
        c.updatedAt());
  }

  ChangePage page(ChangePage page) {
    List<String> f = forms();
    return new ChangePage(page.items().stream().map(i -> item(i, f)).toList(), page.next(), page.hasMore(),
        page.rejected().stream().map(r -> new ChangePage.Rejected(r.itemId(), text(r.reason(), f))).toList());
  }

  WebhookEvent webhookEvent(WebhookEvent e) {
    List<String> f = forms();
    return new WebhookEvent(e.deliveryId(), e.kind(), e.items().stream().map(i -> item(i, f)).toList(),
        e.comments().stream().map(c -> comment(c, f)).toList(), e.deletedCommentIds());
  }

  ConnectorHealth health(ConnectorHealth h) {
    return health(h, forms());
  }

  private static ConnectorHealth health(ConnectorHealth h, List<String> f) {
    return new ConnectorHealth(h.status(), text(h.reason(), f), h.latency(), map(h.details(), f));
  }

  HealthReport health(HealthReport report) {
    List<String> f = forms();
    Map<String, dev.integrationagent.monitor.ConnectionHealth> connections = new LinkedHashMap<>();
    report.connections().forEach((id, h) -> connections.put(id, new dev.integrationagent.monitor.ConnectionHealth(
        h.status(), h.reasons().stream().map(r -> text(r, f)).toList(), health(h.check(), f), h.circuitState(),
        h.rateHeadroom(), h.errorRate(), h.recentCalls(), h.checkedAt())));
    Map<String, dev.integrationagent.monitor.PlanHealth> plans = new LinkedHashMap<>();
    report.plans().forEach((id, p) -> plans.put(id, new dev.integrationagent.monitor.PlanHealth(p.planId(),
        p.status(), p.reasons().stream().map(r -> text(r, f)).toList(), p.lastPassAt(), p.lastSuccessAt(),
        p.consecutiveFailedPasses(), p.lag(), p.every(), p.nextRunAt(), p.waitingItems(), p.parkedItems(), p.openConflicts(),
        p.leaseHolder(), p.checkedAt())));
    return new HealthReport(report.status(), connections, plans, report.checkedAt());
  }

  SyncReport report(SyncReport r) {
    List<String> f = forms();
    List<SyncReport.Failure> failures = r.failures().stream()
        .map(x -> new SyncReport.Failure(x.connectionId(), nullable(x.itemId(), f), x.category(), text(x.message(), f),
            x.parked(), x.itemConnectionId()))
        .toList();
    return new SyncReport(r.planId(), r.runId(), r.startedAt(), r.finishedAt(), r.created(), r.updated(),
        r.unchanged(), r.failed(), r.conflicts(), failures, nullable(r.skipped(), f));
  }

  AuditEvent event(AuditEvent e) {
    List<String> f = forms();
    Map<String, dev.integrationagent.api.event.FieldChange> changes = new LinkedHashMap<>();
    e.changes().forEach((field, c) -> changes.put(field,
        new dev.integrationagent.api.event.FieldChange(json(c.oldValue(), f), json(c.newValue(), f))));
    return e.toBuilder().item(nullable(e.itemId(), f)).counterpart(e.counterpartConnectionId(),
            nullable(e.counterpartItemId(), f))
        .changes(changes).message(text(e.message(), f)).attributes(map(e.attributes(), f)).build();
  }

  /** An event with no secret in its attributes, snapshot or field values. */
  dev.integrationagent.api.event.ChangeEvent event(dev.integrationagent.api.event.ChangeEvent e) {
    List<String> f = forms();
    Map<String, dev.integrationagent.api.event.FieldChange> changes = new LinkedHashMap<>();
    e.changes().forEach((field, c) -> changes.put(field,
        new dev.integrationagent.api.event.FieldChange(json(c.oldValue(), f), json(c.newValue(), f))));
    return new dev.integrationagent.api.event.ChangeEvent(e.offset(), e.id(), e.type(), e.at(), e.origin(),
        e.connectionId(), e.planId(), e.runId(), nullable(e.itemId(), f),
        e.snapshot() == null ? null : json(e.snapshot(), f), changes, e.causation(), map(e.attributes(), f));
  }

  Alert alert(Alert a) {
    List<String> f = forms();
    return new Alert(a.at(), a.severity(), a.source(), text(a.title(), f), text(a.message(), f), map(a.attributes(), f));
  }

  /**
   * The exception itself when neither it nor its causes hold a secret; otherwise one of the same
   * kind where that is possible ({@link IntegrationException} with its category and connection,
   * {@link ConfigurationException} with its problems), with the secrets hidden from the message
   * and the whole cause chain, and the original stack traces.
   */
  RuntimeException exception(RuntimeException e) {
    if (!leaksAnywhere(e)) {
      return e;
    }
    RuntimeException out;
    if (e instanceof ConfigurationException ce) {
      out = new ConfigurationException(text(ce.summary()), texts(ce.problems()));
      if (ce.getCause() != null) {
        out.initCause(throwable(ce.getCause()));
      }
    } else if (e instanceof IntegrationException ie) {
      out = new IntegrationException(ie.category(), ie.connectionId(), text(String.valueOf(ie.getMessage())),
          ie.getCause() == null ? null : throwable(ie.getCause()));
    } else {
      out = new RedactedException(e, this);
    }
    out.setStackTrace(e.getStackTrace());
    for (Throwable suppressed : e.getSuppressed()) {
      out.addSuppressed(throwable(suppressed));
    }
    return out;
  }

  /** Like {@link #exception}, for any throwable (causes, logged errors). */
  Throwable throwable(Throwable t) {
    if (t instanceof RuntimeException e) {
      return exception(e);
    }
    return leaksAnywhere(t) ? new RedactedException(t, this) : t;
  }

  private boolean leaksAnywhere(Throwable t) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      if (leaks(c.getMessage()) || leaks(c.toString())) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (leaksAnywhere(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Stands in for an exception whose message held a secret: its text names the original type,
   * and it keeps the original stack trace and a cleaned cause chain.
   */
  static final class RedactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedactedException(Throwable original, Redaction redaction) {
      super(original.getClass().getName() + ": " + redaction.text(String.valueOf(original.getMessage())),
          original.getCause() == null ? null : redaction.throwable(original.getCause()));
      setStackTrace(original.getStackTrace());
    }

    @Override
    public String toString() {
      return String.valueOf(getMessage());
    }
  }

  /** Merges the secrets of several sources into one set, read afresh each time. */
  static Supplier<Set<String>> union(List<Supplier<Set<String>>> sources) {
    List<Supplier<Set<String>>> copy = new ArrayList<>(sources);
    return () -> {
      Set<String> all = new HashSet<>();
      for (Supplier<Set<String>> source : copy) {
        all.addAll(source.get());
      }
      return all;
    };
  }
}
