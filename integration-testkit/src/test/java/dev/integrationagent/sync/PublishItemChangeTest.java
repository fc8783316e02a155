package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.ItemChange;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.Webhooks;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A host pushes a change of its own item: it is synced at once, through the webhook pipeline, and only once. */
class PublishItemChangeTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector host = InMemoryConnector.builder().name("crm").clock(clock).build();
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final StateStore store = StateStores.inMemory();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store)
      .connection("crm", host).connection("tracker", tracker)
      .sync(SyncPlan.between("crm", "tracker").deletes(DeletePolicy.PROPAGATE)).build();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void aPublishedChangeIsSyncedWithoutAPollAndFollowsFromItsReceipt() {
    String id = host.add(WorkItem.builder().title("Refund not received").build());

    Webhooks.Result result = agent.publish(ItemChange.updated("crm", id).withDeliveryId("outbox-1"));

    assertThat(result.duplicate()).isFalse();
    assertThat(result.reports()).singleElement().satisfies(r -> assertThat(r.created()).isEqualTo(1));
    assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Refund not received");
    List<ChangeEvent> events = store.events(0, 1_000);
    ChangeEvent received = events.stream().filter(e -> e.type().equals(EventTypes.WEBHOOK_RECEIVED)).findFirst()
        .orElseThrow();
    assertThat(received.origin()).isEqualTo(ChangeEvent.Origin.HOST);
    assertThat(received.attributes()).containsEntry("kind", "host").containsEntry("delivery", "outbox-1");
    assertThat(events).filteredOn(e -> e.type().equals(EventTypes.ITEM_CREATED) && "tracker".equals(e.connectionId()))
        .singleElement().satisfies(e -> assertThat(e.causation()).contains(received.id()));
  }

  @Test
  void theSameDeliveryIsSyncedOnceAndADeletePropagates() {
    String id = host.add(WorkItem.builder().title("Refund not received").build());
    agent.publish(ItemChange.updated("crm", id).withDeliveryId("outbox-1"));
    host.edit(id, i -> i.toBuilder().title("Refund not received (escalated)").build());

    assertThat(agent.publish(ItemChange.updated("crm", id).withDeliveryId("outbox-1")).duplicate()).isTrue();
    assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Refund not received");

    agent.publish(ItemChange.updated("crm", id).withDeliveryId("outbox-2"));
    assertThat(tracker.items().values()).extracting(WorkItem::title)
        .containsExactly("Refund not received (escalated)");

    host.remove(id);
    agent.publish(ItemChange.deleted("crm", id));
    assertThat(tracker.items()).isEmpty();
  }

  @Test
  void aChangeOfAnUnknownConnectionIsRefusedByName() {
    assertThatThrownBy(() -> agent.publish(ItemChange.updated("billing", "7")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown connection 'billing'")
        .hasMessageContaining("crm").hasMessageContaining("tracker");
  }
}
