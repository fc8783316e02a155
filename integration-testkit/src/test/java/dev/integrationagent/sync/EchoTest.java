package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.Mappings;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.FieldTransformer;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tool that normalises what it is sent must not make the agent's own write look like a user's change. */
class EchoTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();

  /** Reads labels lower-cased, as some trackers store them. */
  private static final FieldTransformer LOWERCASE = new FieldTransformer() {
    @Override
    public String name() {
      return "lowercase";
    }

    @Override
    public JsonNode forward(JsonNode value) {
      return TextNode.valueOf(value.asText().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean hasReverse() {
      return true;
    }

    @Override
    public JsonNode reverse(JsonNode value) {
      return value;
    }
  };

  private static ConnectionDefinition normalising(InMemoryConnector tracker) {
    Mapping mapping = Mappings.builder("lowercasing")
        .transformer(LOWERCASE)
        .rule("title", r -> r.from("/title"))
        .rule("description", r -> r.from("/description"))
        .rule("labels", r -> r.from("/labels").transform("lowercase"))
        .build();
    return new ConnectionDefinition() {
      @Override
      public String type() {
        return "normalising";
      }

      @Override
      public List<String> problems() {
        return List.of();
      }

      @Override
      public Optional<Mapping> mapping() {
        return Optional.of(mapping);
      }

      @Override
      public ConnectorSession open(ConnectorContext context) {
        return tracker.open(context);
      }
    };
  }

  @Test
  void aNormalisedWriteComingBackIsNotSyncedBack() {
    String id = a.add(WorkItem.builder().title("Login fails").labels(List.of("Bug", "UI")).build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store)
        .connection("a", a).connection("b", normalising(b))
        .sync(SyncPlan.between("a", "b").twoWay().conflicts(ConflictPolicy.manual())).build()) {
      agent.syncNow("a-b");
      int writesAfterCreate = a.writeCount() + b.writeCount();

      SyncReport echo = agent.syncNow("a-b");
      assertThat(echo.updated() + echo.conflicts()).isZero();
      assertThat(a.writeCount() + b.writeCount()).isEqualTo(writesAfterCreate);
      assertThat(a.item(id).orElseThrow().labels()).as("A keeps its own spelling").containsExactly("Bug", "UI");

      clock.advance(Duration.ofMinutes(1));
      a.edit(id, i -> i.toBuilder().title("Login fails on Safari").build());
      SyncReport edit = agent.syncNow("a-b");

      assertThat(edit.updated()).isEqualTo(1);
      assertThat(edit.conflicts()).isZero();
      assertThat(b.writeCount() + a.writeCount()).isEqualTo(writesAfterCreate + 1);
      assertThat(a.item(id).orElseThrow().labels()).containsExactly("Bug", "UI");
      assertThat(b.items().values().iterator().next().title()).isEqualTo("Login fails on Safari");
    }
  }
}
