package dev.integrationagent.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Causation chains run from a change seen in a tool, through the agent's write, to the host's reaction. */
class CausationTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");

  @Test
  void aHostEventPublishedInReactionToASyncWriteChainsBackToTheChangeThatCausedIt() {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    String id = a.add(WorkItem.builder().title("Login fails").build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b")).build()) {
      agent.syncNow("a-b");
      clock.advance(Duration.ofMinutes(1));
      a.edit(id, i -> i.toBuilder().title("Login fails on Safari").build());
      agent.syncNow("a-b");
      agent.events().subscribe("notify", EventFilter.types(EventTypes.ITEM_UPDATED).and(EventFilter.connection("b")),
          written -> agent.publish(ChangeEvent.builder("chat.notified", ChangeEvent.Origin.HOST, clock.instant())
              .item(written.itemId()).causedBy(written).build()));

      agent.events().deliverNow();

      List<ChangeEvent> all = agent.events().read(0, 1000);
      ChangeEvent seen = all.stream().filter(e -> e.type().equals(EventTypes.ITEM_UPDATED)
          && e.origin() == ChangeEvent.Origin.TOOL && "a".equals(e.connectionId())).findFirst().orElseThrow();
      ChangeEvent written = all.stream().filter(e -> e.type().equals(EventTypes.ITEM_UPDATED)
          && e.origin() == ChangeEvent.Origin.AGENT && "b".equals(e.connectionId())).findFirst().orElseThrow();
      ChangeEvent notified = all.stream().filter(e -> e.type().equals("chat.notified")).findFirst().orElseThrow();
      assertThat(seen.itemId()).isEqualTo(id);
      assertThat(seen.changes().get("title").newValue().asText()).isEqualTo("Login fails on Safari");
      assertThat(written.causation()).startsWith(seen.id());
      assertThat(notified.causation()).as("the host's event, the agent's write, the change seen in a")
          .startsWith(written.id(), seen.id());
      assertThat(notified.offset()).isGreaterThan(written.offset());
    }
  }

  @Test
  void whatAWebhookDeliverySetsOffFollowsFromItsWebhookReceivedEvent() {
    InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).webhookSecret("hook").build();
    InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
    String id = a.add(WorkItem.builder().title("Filed").build());
    try (IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .connection("a", a).connection("b", b).sync(SyncPlan.between("a", "b")).build()) {
      agent.syncNow("a-b");
      long before = agent.events().lastOffset();
      clock.advance(Duration.ofMinutes(1));
      a.edit(id, i -> i.toBuilder().title("Filed, then renamed").build());
      InMemoryConnector.Delivery delivery = a.webhookDelivery("delivery-1", id);

      agent.webhooks().handle("a", delivery.headers(), delivery.body());

      List<ChangeEvent> events = agent.events().read(before, 100);
      ChangeEvent received = events.get(0);
      assertThat(received.type()).isEqualTo(EventTypes.WEBHOOK_RECEIVED);
      ChangeEvent seen = events.stream().filter(e -> e.origin() == ChangeEvent.Origin.TOOL
          && e.type().equals(EventTypes.ITEM_UPDATED)).findFirst().orElseThrow();
      ChangeEvent written = events.stream().filter(e -> e.origin() == ChangeEvent.Origin.AGENT
          && e.type().equals(EventTypes.ITEM_UPDATED)).findFirst().orElseThrow();
      assertThat(seen.causation()).containsExactly(received.id());
      assertThat(written.causation()).containsExactly(seen.id(), received.id());
    }
  }
}
