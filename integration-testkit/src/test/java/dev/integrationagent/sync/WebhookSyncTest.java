package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.Webhooks;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSyncTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).webhookSecret("s3cret").build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
      .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b")).build();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void aDeliveryAppliesTheChangeAndTheOverlappingPollWritesNothingMore() {
    String id = a.add(WorkItem.builder().title("Hooked").build());
    agent.syncNow("a-b");
    clock.advance(Duration.ofMinutes(1));
    a.edit(id, i -> i.toBuilder().title("Hooked, edited").build());

    InMemoryConnector.Delivery delivery = a.webhookDelivery("d-1", id);
    Webhooks.Result result = agent.webhooks().handle("a", delivery.headers(), delivery.body()).orElseThrow();

    assertThat(result.reports()).extracting(SyncReport::updated).containsExactly(1);
    assertThat(b.items().values()).extracting(WorkItem::title).containsExactly("Hooked, edited");
    int writes = b.writeCount();
    SyncReport poll = agent.syncNow("a-b");
    assertThat(poll.updated()).isZero();
    assertThat(b.writeCount()).isEqualTo(writes);
  }

  @Test
  void aReplayedDeliveryIsDropped() {
    String id = a.add(WorkItem.builder().title("Once").build());
    InMemoryConnector.Delivery delivery = a.webhookDelivery("d-2", id);

    assertThat(agent.webhooks().handle("a", delivery.headers(), delivery.body()).orElseThrow().duplicate()).isFalse();
    assertThat(agent.webhooks().handle("a", delivery.headers(), delivery.body()).orElseThrow().duplicate()).isTrue();
    assertThat(b.items()).hasSize(1);
  }

  @Test
  void aForgedDeliveryIsRefusedAndChangesNothing() {
    String id = a.add(WorkItem.builder().title("Guarded").build());
    InMemoryConnector.Delivery delivery = a.webhookDelivery("d-3", id);
    byte[] forged = new String(delivery.body(), StandardCharsets.UTF_8).replace("d-3", "d-4")
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> agent.webhooks().handle("a", delivery.headers(), forged))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION))
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> agent.webhooks().handle("a", Map.of(), delivery.body()))
        .isInstanceOf(IntegrationException.class);
    assertThat(b.items()).isEmpty();
  }

  @Test
  void aConnectionWithoutWebhooksSaysSo() {
    assertThatThrownBy(() -> agent.webhooks().handle("b", Map.of("X", List.of("y")), new byte[0]))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION));
  }
}
