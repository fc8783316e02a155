package dev.integrationagent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.event.FieldChange;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A watch reports a connection's changes as events without syncing it. */
class WatchTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final StateStore store = StateStores.inMemory();
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock)
      .reportsDeletes(true).webhookSecret("hook-secret").build();
  private IntegrationAgent agent;

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
  }

  private IntegrationAgent agent(Watch watch) {
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("tracker", tracker)
        .watch(watch).build();
    return agent;
  }

  private List<ChangeEvent> eventsAfter(long offset) {
    return agent.events().read(offset, 100);
  }

  @Test
  void aWatchReportsCreatedUpdatedAndDeletedItemsWithTheChangedFieldsOldAndNewValues() {
    String existing = tracker.add(WorkItem.builder().title("Existing").build());
    agent(Watch.of("tracker"));
    WatchReport first = agent.watchNow("tracker");
    assertThat(first.seen()).isEqualTo(1);
    assertThat(eventsAfter(0)).as("the first listing takes note of what exists").isEmpty();

    clock.advance(Duration.ofSeconds(5));
    tracker.edit(existing, i -> i.toBuilder().title("Existing, renamed").build());
    String added = tracker.add(WorkItem.builder().title("Added").labels(List.of("bug")).build());
    agent.watchNow("tracker");

    List<ChangeEvent> events = eventsAfter(0);
    assertThat(events).extracting(ChangeEvent::type, ChangeEvent::itemId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, existing),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, added));
    ChangeEvent updated = events.get(0);
    assertThat(updated.origin()).isEqualTo(ChangeEvent.Origin.TOOL);
    assertThat(updated.connectionId()).isEqualTo("tracker");
    assertThat(updated.planId()).isNull();
    assertThat(updated.changes()).containsOnlyKeys("title");
    assertThat(updated.changes().get("title"))
        .isEqualTo(new FieldChange(TextNode.valueOf("Existing"), TextNode.valueOf("Existing, renamed")));
    assertThat(updated.snapshot().path("title").asText()).isEqualTo("Existing, renamed");
    assertThat(events.get(1).snapshot().path("labels").get(0).asText()).isEqualTo("bug");

    long last = agent.events().lastOffset();
    clock.advance(Duration.ofSeconds(5));
    tracker.remove(added);
    agent.watchNow("tracker");
    assertThat(eventsAfter(last)).extracting(ChangeEvent::type, ChangeEvent::itemId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_DELETED, added));

    last = agent.events().lastOffset();
    agent.watchNow("tracker");
    assertThat(eventsAfter(last)).as("nothing changed since").isEmpty();
  }

  @Test
  void aWatchReportingExistingItemsReportsWhatItsFirstListingFinds() {
    String existing = tracker.add(WorkItem.builder().title("Existing").build());
    agent(Watch.of("tracker").reportingExisting());

    agent.watchNow("tracker");

    assertThat(eventsAfter(0)).extracting(ChangeEvent::type, ChangeEvent::itemId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, existing));
  }

  @Test
  void aListingThatFailsKeepsTheCursorAndTheNextPassReportsWhatWasMissed() {
    agent(Watch.of("tracker"));
    agent.watchNow("tracker");
    clock.advance(Duration.ofSeconds(5));
    String added = tracker.add(WorkItem.builder().title("Added while the token was refused").build());
    tracker.failNext(1, ErrorCategory.AUTHENTICATION);

    WatchReport failed = agent.watchNow("tracker");
    assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("AUTHENTICATION"));
    assertThat(eventsAfter(0)).isEmpty();

    agent.watchNow("tracker");
    assertThat(eventsAfter(0)).extracting(ChangeEvent::itemId).containsExactly(added);
  }

  @Test
  void aWatchedConnectionsWebhookIsReportedAsItsItemsChanges() {
    String existing = tracker.add(WorkItem.builder().title("Existing").build());
    agent(Watch.of("tracker"));
    agent.watchNow("tracker");
    tracker.edit(existing, i -> i.toBuilder().title("Edited, told by webhook").build());
    InMemoryConnector.Delivery delivery = tracker.webhookDelivery("d-1", existing);

    agent.webhooks().handle("tracker", delivery.headers(), delivery.body());

    assertThat(eventsAfter(0)).extracting(ChangeEvent::type)
        .containsExactly(EventTypes.WEBHOOK_RECEIVED, EventTypes.ITEM_UPDATED);
    assertThat(eventsAfter(0).get(0).attributes()).containsEntry("delivery", "d-1").containsEntry("items", existing);
  }

  @Test
  void aWatchOfAConnectionAPlanReadsListsNothingItself() {
    InMemoryConnector other = InMemoryConnector.builder().name("other").clock(clock).build();
    String one = tracker.add(WorkItem.builder().title("One").build());
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("tracker", tracker)
        .connection("other", other).sync(SyncPlan.between("tracker", "other").oneWay())
        .watch(Watch.of("tracker")).build();
    agent.syncNow("tracker-other");
    int readsAfterPass = tracker.readCount();

    WatchReport report = agent.watchNow("tracker");

    assertThat(report.listed()).isFalse();
    assertThat(tracker.readCount()).as("no second listing of the connection").isEqualTo(readsAfterPass);

    // the plan's passes report the watched connection's changes
    long before = agent.events().lastOffset();
    clock.advance(Duration.ofSeconds(5));
    tracker.edit(one, i -> i.toBuilder().title("One, edited").build());
    int readsBefore = tracker.readCount();
    agent.syncNow("tracker-other");
    agent.watchNow("tracker");
    int readsOfPoll = tracker.readCount() - readsBefore;
    assertThat(eventsAfter(before)).filteredOn(e -> e.origin() == ChangeEvent.Origin.TOOL)
        .extracting(ChangeEvent::type, ChangeEvent::connectionId, ChangeEvent::itemId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, "tracker", one));
    assertThat(readsOfPoll).as("one listing per poll, plan and watch together").isEqualTo(1);
  }

  @Test
  void aWatchOfAOneWayPlansTargetReportsPeoplesChangesButNotTheAgentsOwnWrites() {
    InMemoryConnector source = InMemoryConnector.builder().name("source").clock(clock).build();
    String original = source.add(WorkItem.builder().title("Filed in source").build());
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("source", source)
        .connection("tracker", tracker).sync(SyncPlan.between("source", "tracker").oneWay())
        .watch(Watch.of("tracker")).build();
    agent.watchNow("tracker");
    agent.syncNow("source-tracker");
    String copy = tracker.items().keySet().iterator().next();
    agent.watchNow("tracker");
    long afterCreate = agent.events().lastOffset();

    clock.advance(Duration.ofSeconds(5));
    source.edit(original, i -> i.toBuilder().title("Renamed in source").build());
    agent.syncNow("source-tracker");
    long afterSync = agent.events().lastOffset();
    agent.watchNow("tracker");
    assertThat(eventsAfter(afterSync)).as("the plan's write, seen again by the watch").isEmpty();
    assertThat(eventsAfter(afterCreate)).filteredOn(e -> "tracker".equals(e.connectionId()))
        .extracting(ChangeEvent::type, ChangeEvent::origin)
        .as("the plan's announced write and its outcome, nothing of the watch")
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATING, ChangeEvent.Origin.AGENT),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.AGENT));

    clock.advance(Duration.ofSeconds(5));
    tracker.edit(copy, i -> i.toBuilder().labels(List.of("triaged")).build());
    agent.watchNow("tracker");
    assertThat(eventsAfter(afterSync)).extracting(ChangeEvent::type, ChangeEvent::origin, ChangeEvent::itemId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, ChangeEvent.Origin.TOOL, copy));
  }

  @Test
  void aWatchOfAnUnknownConnectionFailsTheBuildNamingIt() {
    assertThatThrownBy(() -> IntegrationAgent.builder().stateStore(store).connection("tracker", tracker)
        .watch(Watch.of("trackr")).watch(Watch.of("tracker")).watch(Watch.of("tracker")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("watches.trackr: no connection 'trackr'")
        .hasMessageContaining("watches.tracker: watched more than once");
  }
}
