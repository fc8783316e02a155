package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.AuditSinks;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.HealthReport;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.Secrets;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import dev.integrationagent.testkit.RecordingLogger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin connector whose tool echoes its API key in errors, health details and item data: the
 * key must appear in nothing the agent writes.
 */
class PluginSecretsTest {
  /** Has characters that URLs and JSON strings escape, so the encoded forms are exercised too. */
  private static final String KEY = "pk_live/7f3a\"9c1d+e";
  private static final String URL_ENCODED = URLEncoder.encode(KEY, StandardCharsets.UTF_8);

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("plugin").clock(clock).build();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final RecordingLogger engineLog = new RecordingLogger("engine");
  private final RecordingLogger auditLog = new RecordingLogger("audit");
  private final StateStore store = StateStores.inMemory();
  @TempDir Path dir;
  private IntegrationAgent agent;

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
  }

  /** The plugin's tool: echoes the key wherever it can. */
  private static final class EchoingSession extends ForwardingConnectorSession {
    EchoingSession(ConnectorSession delegate) {
      super(delegate);
    }

    @Override
    public ChangePage changes(Cursor cursor, int pageSize) {
      ChangePage page = super.changes(cursor, pageSize);
      return new ChangePage(page.items().stream().map(EchoingSession::echo).toList(), page.next(), page.hasMore());
    }

    @Override
    public Optional<ExternalItem> get(String id) {
      return super.get(id).map(EchoingSession::echo);
    }

    @Override
    public ExternalItem create(JsonNode fields, @Nullable String marker) {
      String title = fields.path("title").asText();
      if (title.startsWith("Rejected")) {
        throw new IntegrationException(ErrorCategory.VALIDATION, "b",
            "tool refused POST /items?key=" + URL_ENCODED + " with {\"error\":\"key " + KEY.replace("\"", "\\\"")
                + " is read-only\"} (key " + KEY + ")", null);
      }
      if (title.startsWith("Flaky")) {
        throw new IntegrationException(ErrorCategory.TRANSIENT, "b", "timeout calling the tool",
            new IllegalStateException("socket closed while sending X-Key: " + KEY));
      }
      return echo(super.create(fields, marker));
    }

    @Override
    public ConnectorHealth health() {
      return new ConnectorHealth(HealthStatus.DEGRADED, "quota nearly spent for key " + KEY, Duration.ofMillis(3),
          Map.of("apiKey", KEY, "request", "/quota?key=" + URL_ENCODED));
    }

    private static ExternalItem echo(ExternalItem item) {
      ObjectNode data = item.data().deepCopy();
      data.put("description", data.path("description").asText() + " [sent with key " + KEY + "]");
      return new ExternalItem(item.id(), item.key(), item.version(), item.updatedAt(), data, item.deleted());
    }
  }

  /** The connection as a plugin declares it: the in-memory tool, with the key as its secret. */
  private static ConnectionDefinition plugin(ConnectionDefinition tool, List<String> problems) {
    ConnectionDefinition withKey = new ConnectionDefinition() {
      @Override
      public String type() {
        return "echoing-plugin";
      }

      @Override
      public List<String> problems() {
        return problems;
      }

      @Override
      public Optional<Mapping> mapping() {
        return tool.mapping();
      }

      @Override
      public Set<String> secrets() {
        return Set.of(KEY);
      }

      @Override
      public ConnectorSession open(ConnectorContext context) {
        return tool.open(context);
      }
    };
    return ForwardingConnectorSession.wrap(withKey, EchoingSession::new);
  }

  private IntegrationAgent agent() {
    agent = IntegrationAgent.builder()
        .clock(clock)
        .stateStore(store)
        .loggers(name -> engineLog)
        .connection("a", a)
        .connection("b", plugin(b, List.of()))
        .sync(SyncPlan.between("a", "b").twoWay().conflicts(ConflictPolicy.manual()))
        .audit(audit)
        .audit(AuditSinks.jsonLines(dir.resolve("audit.jsonl")))
        .audit(AuditSinks.slf4j(auditLog))
        .build();
    return agent;
  }

  private static WorkItem item(String title) {
    return WorkItem.builder().title(title).description("steps").build();
  }

  @Test
  void theKeyAppearsInNothingTheAgentWrites() throws Exception {
    a.add(item("Login fails"));
    a.add(item("Rejected by the tool"));
    a.add(item("Flaky write"));
    agent();
    List<String> written = new ArrayList<>();

    SyncReport first = agent.syncNow("a-b");
    clock.advance(Duration.ofMinutes(5));
    SyncReport second = agent.syncNow("a-b");
    // both sides edit the same field: a conflict whose tool-side value echoes the key
    String aId = a.items().entrySet().stream().filter(e -> e.getValue().title().equals("Login fails"))
        .findFirst().orElseThrow().getKey();
    String bId = store.link("a-b", dev.integrationagent.api.sync.Side.A, aId).orElseThrow().bId();
    a.edit(aId, i -> i.toBuilder().description("edited in a").build());
    b.edit(bId, i -> i.toBuilder().description("edited in b").build());
    clock.advance(Duration.ofMinutes(5));
    SyncReport third = agent.syncNow("a-b");
    HealthReport health = agent.health();

    assertThat(first.failures()).isNotEmpty();
    assertThat(first.failures()).anySatisfy(f -> assertThat(f.message()).contains(Secrets.MASK));
    assertThat(health.connections().get("b").details()).containsEntry("apiKey", Secrets.MASK);
    assertThat(store.parked("a-b")).isNotEmpty();
    assertThat(agent.conflicts().list("a-b")).isNotEmpty();
    written.add(first.toString());
    written.add(second.toString());
    written.add(third.toString());
    written.add(health.toString());
    written.add(audit.events().toString());
    written.add(Files.readString(dir.resolve("audit.jsonl")));
    auditLog.lines().forEach(l -> written.add(printed(l)));
    engineLog.lines().forEach(l -> written.add(printed(l)));
    written.add(store.parked("a-b").toString());
    written.add(agent.parked("a-b").toString());
    written.add(agent.conflicts().list("a-b").toString());
    written.add(a.items().toString()); // and it never reached the other tool
    assertThat(engineLog.lines()).isNotEmpty();

    for (String text : written) {
      assertThat(text).doesNotContain(KEY).doesNotContain(URL_ENCODED).doesNotContain(KEY.replace("\"", "\\\""));
      assertThat(Secrets.contains(text, Set.of(KEY))).as(text).isFalse();
    }
  }

  @Test
  void aDefinitionWhoseProblemsQuoteTheKeyFailsBuildWithoutIt() {
    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(store)
        .connection("b", plugin(b, List.of("apiKey: '" + KEY + "' has expired")))
        .build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.getMessage()).doesNotContain(KEY).contains("apiKey: '" + Secrets.MASK + "' has expired");
          assertThat(e.problems()).noneMatch(p -> p.contains(KEY));
        });
  }

  @Test
  void anOpenThatThrowsTheKeyFailsBuildWithoutIt() {
    ConnectionDefinition failing = ForwardingConnectorSession.wrap(plugin(b, List.of()), s -> {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, "b", "key " + KEY + " was revoked",
          new RuntimeException("the tool answered 401 for " + URL_ENCODED));
    });

    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(store).connection("b", failing).build())
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
          assertThat(printed(e)).contains("key " + Secrets.MASK + " was revoked").doesNotContain(KEY)
              .doesNotContain(URL_ENCODED);
        });
  }

  private static String printed(RecordingLogger.Line line) {
    return line.message() + (line.error() == null ? "" : "\n" + printed(line.error()));
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
