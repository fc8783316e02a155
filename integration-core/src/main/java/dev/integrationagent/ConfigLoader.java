package dev.integrationagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.audit.JsonLinesAuditSink;
import dev.integrationagent.config.ConfigSchema;
import dev.integrationagent.config.LocatedDocument;
import dev.integrationagent.config.SecretReferences;
import dev.integrationagent.monitor.AlertRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Builds an agent from a configuration document ({@link IntegrationAgent#fromConfig}): the schema
 * first, then each section into the builder, every problem of the whole document collected and
 * named by its path, line and column, and last the builder's own checks (connector settings,
 * plans naming unknown connections), mapped back to the document where they name a connection or
 * a plan.
 */
final class ConfigLoader {
  /** Settings that are secrets whatever the connector: they must be references, never literal values. */
  static final Set<String> SECRET_NAMES = Set.of("token", "password", "apikey", "apitoken", "secret",
      "webhooksecret", "clientsecret", "refreshtoken", "privatekey");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocatedDocument doc;
  private final Path base;
  private final SecretReferences secrets;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> planPointers = new LinkedHashMap<>();
  private @Nullable dev.integrationagent.api.store.StateStore store;

  ConfigLoader(LocatedDocument doc, Path base, SecretReferences secrets) {
    this.doc = doc;
    this.base = base;
    this.secrets = secrets;
  }

  /** The builder the document describes, with discovery of the connectors on the class path on. */
  IntegrationAgent.Builder builder() {
    List<String> schema = ConfigSchema.validate(doc);
    if (!schema.isEmpty()) {
      throw new ConfigurationException("invalid configuration " + doc.source(), schema);
    }
    JsonNode root = doc.root();
    IntegrationAgent.Builder b = IntegrationAgent.builder().discoverConnectors();
    if (root.has("agentId")) {
      b.agentId(root.get("agentId").asText());
    }
    stateStore(root.path("stateStore"), b);
    root.path("connections").properties().forEach(c -> connection(c.getKey(), c.getValue(), b));
    JsonNode plans = root.path("plans");
    for (int i = 0; i < plans.size(); i++) {
      plan(plans.get(i), "/plans/" + i, b);
    }
    JsonNode workflows = root.path("workflows");
    for (int i = 0; i < workflows.size(); i++) {
      workflow(workflows.get(i), "/workflows/" + i, b);
    }
    audit(root.path("audit"), b);
    alerts(root.path("alerts"), b);
    duration(root.path("health"), "every", "/health").ifPresent(b::healthChecks);
    duration(root.path("events"), "retention", "/events").ifPresent(b::eventRetention);
    duration(root.path("events"), "delivery", "/events").ifPresent(b::eventDelivery);
    if (root.path("metrics").has("enabled")) {
      b.metrics(root.path("metrics").get("enabled").asBoolean());
    }
    if (!problems.isEmpty()) {
      closeStore();
      throw new ConfigurationException("invalid configuration " + doc.source(), problems);
    }
    return b;
  }

  private void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** Builds the agent, the builder's own problems named where the document says what they are about. */
  IntegrationAgent build() {
    IntegrationAgent.Builder b = builder();
    try {
      return b.build();
    } catch (ConfigurationException e) {
      closeStore();
      throw new ConfigurationException("invalid configuration " + doc.source(),
          e.problems().stream().map(this::located).toList());
    }
  }

  private String located(String problem) {
    int colon = problem.indexOf(':');
    String path = colon < 0 ? problem : problem.substring(0, colon);
    String rest = colon < 0 ? "" : problem.substring(colon);
    String[] parts = path.split("\\.", 3);
    if (parts.length >= 2 && parts[0].equals("connections") && doc.root().path("connections").has(parts[1])) {
      String pointer = "/connections/" + parts[1] + (parts.length == 3 && doc.root().path("connections").path(parts[1])
          .path("settings").has(parts[2]) ? "/settings/" + parts[2] : "");
      return doc.describe(pointer) + (parts.length == 3 && !pointer.endsWith(parts[2]) ? " " + parts[2] : "") + rest;
    }
    if (parts.length >= 2 && parts[0].equals("plans") && planPointers.containsKey(parts[1])) {
      return doc.describe(planPointers.get(parts[1])) + " (plan " + parts[1] + ")" + rest;
    }
    return problem;
  }

  private void stateStore(JsonNode store, IntegrationAgent.Builder b) {
    if (store.isMissingNode()) {
      return; // the builder's default: the embedded H2 store
    }
    switch (store.path("type").asText()) {
      case "memory" -> b.stateStore(this.store = StateStores.inMemory());
      case "h2" -> b.stateStore(this.store = StateStores.h2(base.resolve(store.path("path").asText("data/agent"))));
      case "postgresql" -> {
        if (!store.has("url")) {
          problems.add(doc.describe("/stateStore") + ": a postgresql store needs its url");
          return;
        }
        String password = store.has("password")
            ? secrets.resolve(store.get("password").asText(), doc.describe("/stateStore/password"), problems) : null;
        if (password != null || !store.has("password")) {
          b.stateStore(this.store = StateStores.jdbc(new dev.integrationagent.config.JdbcUrlDataSource(store.get("url").asText(),
              store.path("user").asText(null), password)));
        }
      }
      default -> throw new IllegalStateException("checked by the schema");
    }
  }

  private void connection(String id, JsonNode c, IntegrationAgent.Builder b) {
    String at = "/connections/" + id;
    Set<String> declared = new java.util.HashSet<>();
    c.path("secrets").forEach(s -> declared.add(s.asText()));
    ConnectionSettings.Builder settings = ConnectionSettings.builder();
    c.path("settings").properties().forEach(s -> {
      String key = s.getKey();
      String value = s.getValue().asText();
      String where = doc.describe(at + "/settings/" + key);
      boolean secret = declared.contains(key) || SECRET_NAMES.contains(key.toLowerCase(Locale.ROOT));
      if (SecretReferences.isReference(value)) {
        String resolved = secrets.resolve(value, where, problems);
        if (resolved != null) {
          settings.secret(key, resolved);
        }
      } else if (secret) {
        problems.add(where + ": a secret is never written in the configuration; give a reference such as ${env:"
            + (id + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "} or ${file:/run/secrets/"
            + id + "-" + key + "}");
      } else {
        settings.put(key, value);
      }
    });
    JsonNode mapping = c.path("mapping");
    String type = c.path("type").asText();
    if (mapping.isMissingNode()) {
      b.connection(id, type, settings.build());
    } else {
      Mapping m = mapping(mapping, at + "/mapping");
      if (m != null) {
        b.connection(id, type, settings.build(), m);
      }
    }
    List<String> masked = new ArrayList<>();
    c.path("maskInAudit").forEach(f -> masked.add(f.asText()));
    if (!masked.isEmpty()) {
      b.maskInAudit(id, masked.toArray(String[]::new));
    }
  }

  private @Nullable Mapping mapping(JsonNode mapping, String pointer) {
    try {
      if (mapping.isTextual()) {
        Path file = base.resolve(mapping.asText());
        return mapping.asText().endsWith(".json") ? Mappings.fromJson(file) : Mappings.fromYaml(file);
      }
      return Mappings.withTransformers(List.of()).fromTree(mapping, doc.source() + " " + LocatedDocument.path(pointer));
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(doc.describe(pointer) + ": " + p));
      return null;
    }
  }

  private void plan(JsonNode p, String pointer, IntegrationAgent.Builder b) {
    String a = p.path("between").get(0).asText();
    String other = p.path("between").get(1).asText();
    SyncPlan.Builder plan = SyncPlan.between(a, other);
    if (p.has("id")) {
      plan.id(p.get("id").asText());
    }
    planPointers.put(p.has("id") ? p.get("id").asText() : a + "-" + other, pointer);
    if ("twoWay".equals(p.path("direction").asText())) {
      plan.twoWay();
    } else if (p.has("direction")) {
      plan.oneWay();
    }
    if (p.has("createIn")) {
      List<String> in = new ArrayList<>();
      p.get("createIn").forEach(c -> in.add(c.asText()));
      plan.createIn(in.toArray(String[]::new));
    }
    JsonNode conflicts = p.path("conflicts");
    if (conflicts.isTextual()) {
      plan.conflicts(conflicts.asText().equals("manual") ? ConflictPolicy.manual() : ConflictPolicy.lastWriteWins());
    } else if (conflicts.isObject()) {
      plan.conflicts(ConflictPolicy.sourceWins(conflicts.get("prefer").asText()));
    }
    duration(p, "every", pointer).ifPresent(plan::every);
    if (p.has("pageSize")) {
      plan.pageSize(p.get("pageSize").asInt());
    }
    if (p.has("deletes")) {
      String deletes = p.get("deletes").asText();
      if (!deletes.equals("ignore")) {
        plan.deletes(DeletePolicy.valueOf(deletes.toUpperCase(Locale.ROOT)));
      }
    }
    if (p.path("comments").asBoolean(false)) {
      plan.comments();
    }
    if ("startFromNow".equals(p.path("initialSync").asText())) {
      plan.initialSync(InitialSync.startFromNow());
    }
    p.path("scope").properties().forEach(s -> plan.scope(s.getKey(), s.getValue().asText()));
    if (p.has("retries")) {
      plan.retries(p.get("retries").get("maxAttempts").asInt(),
          duration(p.get("retries"), "firstBackoff", pointer + "/retries").orElse(Duration.ofSeconds(30)));
    }
    b.sync(plan);
  }

  private void workflow(JsonNode w, String pointer, IntegrationAgent.Builder b) {
    try {
      if (w.isTextual()) {
        Path file = base.resolve(w.asText());
        b.workflow(w.asText().endsWith(".json") ? Workflows.fromJson(file) : Workflows.fromYaml(file));
      } else {
        b.workflow(Workflows.fromJson(JSON.writeValueAsString(w)));
      }
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(doc.describe(pointer) + ": " + p));
    } catch (IOException e) {
      problems.add(doc.describe(pointer) + ": " + e.getMessage());
    }
  }

  private void audit(JsonNode audit, IntegrationAgent.Builder b) {
    JsonNode sinks = audit.path("sinks");
    for (int i = 0; i < sinks.size(); i++) {
      JsonNode sink = sinks.get(i);
      String pointer = "/audit/sinks/" + i;
      switch (sink.path("type").asText()) {
        case "slf4j" -> b.audit(AuditSinks.slf4j());
        case "jdbc" -> {
          if (store instanceof dev.integrationagent.store.JdbcStateStore) {
            b.audit(AuditSinks.jdbc(store));
          } else {
            problems.add(doc.describe(pointer) + ": a jdbc audit sink writes to the state store's database: give a"
                + " stateStore of type h2 or postgresql");
          }
        }
        case "jsonLines" -> {
          if (!sink.has("path")) {
            problems.add(doc.describe(pointer) + ": a jsonLines sink needs its path");
            continue;
          }
          JsonLinesAuditSink.Builder file = AuditSinks.jsonLinesBuilder(base.resolve(sink.get("path").asText()));
          if (sink.has("rotateAtBytes")) {
            file.rotateAtBytes(sink.get("rotateAtBytes").asLong());
          }
          if (sink.path("rotateDaily").asBoolean(false)) {
            file.rotateDaily(ZoneOffset.UTC);
          }
          if (sink.has("hmacKey")) {
            String key = secrets.resolve(sink.get("hmacKey").asText(), doc.describe(pointer + "/hmacKey"), problems);
            if (key != null) {
              file.hmacKey(key.getBytes(StandardCharsets.UTF_8));
            }
          }
          if (problems.isEmpty()) {
            b.audit(file.build());
          }
        }
        default -> throw new IllegalStateException("checked by the schema");
      }
    }
    duration(audit, "wait", "/audit").ifPresent(b::auditWait);
  }

  private void alerts(JsonNode alerts, IntegrationAgent.Builder b) {
    JsonNode sinks = alerts.path("sinks");
    for (int i = 0; i < sinks.size(); i++) {
      JsonNode sink = sinks.get(i);
      String pointer = "/alerts/sinks/" + i;
      if (sink.path("type").asText().equals("log")) {
        b.alerts(AlertSinks.log());
      } else if (!sink.has("url") || !sink.has("secret")) {
        problems.add(doc.describe(pointer) + ": a webhook alert sink needs its url and secret");
      } else {
        String secret = secrets.resolve(sink.get("secret").asText(), doc.describe(pointer + "/secret"), problems);
        if (secret != null) {
          b.alerts(AlertSinks.webhook(sink.get("url").asText(), secret));
        }
      }
    }
    JsonNode rules = alerts.path("rules");
    if (!rules.isMissingNode()) {
      AlertRules.Settings d = AlertRules.Settings.defaults();
      b.alertRules(new AlertRules.Settings(
          duration(rules, "downFor", "/alerts/rules").orElse(d.downFor()),
          rules.path("failedPasses").asInt(d.failedPasses()), rules.path("parkedItems").asInt(d.parkedItems()),
          rules.path("failedRuns").asInt(d.failedRuns()), duration(rules, "coolDown", "/alerts/rules").orElse(d.coolDown()),
          rules.path("errorRate").asDouble(d.errorRate()), duration(rules, "maxLag", "/alerts/rules").orElse(d.maxLag()),
          rules.path("stalledIntervals").asInt(d.stalledIntervals())));
    }
  }

  private java.util.Optional<Duration> duration(JsonNode parent, String field, String pointer) {
    JsonNode value = parent.path(field);
    if (value.isMissingNode()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Duration.parse(value.asText()));
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(doc.describe(pointer + "/" + field) + ": '" + value.asText() + "' is not an ISO-8601 duration"
          + " (PT5M, PT30S, P1D)");
      return java.util.Optional.empty();
    }
  }
}
