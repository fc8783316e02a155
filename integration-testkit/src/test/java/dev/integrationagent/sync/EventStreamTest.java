package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.ChangeEvent.Origin;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events a pass records: what each tool changed (TOOL) and what the agent did about it
 * (AGENT), each outcome naming the change it follows from, and nothing for the agent's own echo.
 */
class EventStreamTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("tracker-a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("tracker-b").clock(clock).build();
  private final CrashingStore store = CrashingStore.withEvents(0);
  private IntegrationAgent agent;
  private long seen;

  private IntegrationAgent agent(boolean twoWay, ConflictPolicy policy) {
    SyncPlan.Builder plan = SyncPlan.between("a", "b").conflicts(policy);
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", b)
        .sync(twoWay ? plan.twoWay() : plan).build();
    return agent;
  }

  @AfterEach
  void close() {
    agent.close();
  }

  /** The events recorded since the last call, pass events left out. */
  private List<ChangeEvent> newItemEvents() {
    List<ChangeEvent> events = store.events(seen, 10_000);
    if (!events.isEmpty()) {
      seen = events.get(events.size() - 1).offset();
    }
    return events.stream().filter(e -> !e.type().startsWith("pass.")).toList();
  }

  private String bIdOf(String aId) {
    return store.link("a-b", Side.A, aId).orElseThrow().bId();
  }

  @Test
  void aOneWayCreateAndUpdateAreRecordedWithTheirCausesAndTheEchoIsNot() {
    String aId = a.add(WorkItem.builder().title("Login fails").labels(List.of("bug")).build());
    SyncReport first = agent(false, ConflictPolicy.lastWriteWins()).syncNow("a-b");

    List<ChangeEvent> created = newItemEvents();
    assertThat(created).extracting(ChangeEvent::type, ChangeEvent::origin, ChangeEvent::connectionId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, Origin.TOOL, "a"),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATING, Origin.AGENT, "b"),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, Origin.AGENT, "b"),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_LINKED, Origin.AGENT, "b"));
    ChangeEvent seenNew = created.get(0);
    assertThat(seenNew.itemId()).isEqualTo(aId);
    ChangeEvent creating = created.get(1);
    assertThat(creating.itemId()).as("announced before the tool names it").isNull();
    assertThat(creating.causation()).containsExactly(seenNew.id());
    assertThat(creating.attributes()).containsEntry("source", "a:" + aId).containsKey("marker");
    assertThat(created.get(2).itemId()).isEqualTo(bIdOf(aId));
    assertThat(created.get(2).causation()).containsExactly(seenNew.id());
    assertThat(created.get(2).attributes()).containsEntry("marker", creating.attributes().get("marker"));
    assertThat(created.get(3).causation()).containsExactly(created.get(2).id(), seenNew.id());
    assertThat(created.get(3).attributes()).containsEntry("aId", aId).containsEntry("bId", bIdOf(aId));
    assertThat(created).filteredOn(e -> e != creating).allSatisfy(e -> {
      assertThat(e.planId()).isEqualTo("a-b");
      assertThat(e.runId()).isEqualTo(first.runId());
      assertThat(e.snapshot().path("title").asText()).isEqualTo("Login fails");
    });

    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().labels(List.of("bug", "ui")).build());
    agent.syncNow("a-b");

    List<ChangeEvent> updated = newItemEvents();
    assertThat(updated).extracting(ChangeEvent::type, ChangeEvent::origin, ChangeEvent::connectionId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, Origin.TOOL, "a"),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATING, Origin.AGENT, "b"),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, Origin.AGENT, "b"));
    assertThat(updated.get(1).attributes()).containsEntry("fields", "labels");
    assertThat(updated.get(1).causedBy()).isEqualTo(updated.get(0).id());
    updated = List.of(updated.get(0), updated.get(2));
    for (ChangeEvent e : updated) {
      assertThat(e.changes()).containsOnlyKeys("labels");
      assertThat(e.changes().get("labels").oldValue().toString()).isEqualTo("[\"bug\"]");
      assertThat(e.changes().get("labels").newValue().toString()).isEqualTo("[\"bug\",\"ui\"]");
    }
    assertThat(updated.get(1).itemId()).isEqualTo(bIdOf(aId));
    assertThat(updated.get(1).causedBy()).isEqualTo(updated.get(0).id());

    agent.syncNow("a-b");
    assertThat(newItemEvents()).as("nothing changed: nothing recorded").isEmpty();
  }

  @Test
  void aTwoWayUpdateIsRecordedOnceAndItsEchoNever() {
    String aId = a.add(WorkItem.builder().title("Login fails").build());
    agent(true, ConflictPolicy.lastWriteWins()).syncNow("a-b");
    newItemEvents();

    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().title("Login fails on Safari").build());
    agent.syncNow("a-b");

    List<ChangeEvent> events = newItemEvents();
    assertThat(events).extracting(ChangeEvent::type, ChangeEvent::origin, ChangeEvent::connectionId, ChangeEvent::itemId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, Origin.TOOL, "b", bIdOf(aId)),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATING, Origin.AGENT, "a", aId),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UPDATED, Origin.AGENT, "a", aId));
    events = List.of(events.get(0), events.get(2));
    assertThat(events.get(1).causedBy()).isEqualTo(events.get(0).id());
    assertThat(events.get(1).changes().get("title").oldValue().asText()).isEqualTo("Login fails");
    assertThat(events.get(1).changes().get("title").newValue().asText()).isEqualTo("Login fails on Safari");
    assertThat(events.get(1).snapshot().path("title").asText()).isEqualTo("Login fails on Safari");

    // A lists the item the agent just wrote: its echo, recorded as nothing
    clock.advance(Duration.ofMinutes(1));
    agent.syncNow("a-b");
    assertThat(newItemEvents()).isEmpty();
  }

  @Test
  void aConflictThePolicyDecidesIsDetectedAndResolved() {
    String aId = a.add(WorkItem.builder().title("Login fails").build());
    agent(true, ConflictPolicy.lastWriteWins()).syncNow("a-b");
    newItemEvents();

    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's title").build());
    agent.syncNow("a-b");

    List<ChangeEvent> events = newItemEvents();
    ChangeEvent detected = single(events, EventTypes.CONFLICT_DETECTED);
    ChangeEvent resolved = single(events, EventTypes.CONFLICT_RESOLVED);
    assertThat(detected.attributes()).containsEntry("field", "title").doesNotContainKey("parked");
    assertThat(resolved.causedBy()).isEqualTo(detected.id());
    assertThat(resolved.attributes()).containsEntry("by", "policy").containsEntry("value", "\"B's title\"");
    // B's tool refused the write announced first (B moved on since it was seen): the merge ran again
    ChangeEvent toolA = events.stream().filter(e -> e.origin() == Origin.TOOL && "a".equals(e.connectionId()))
        .reduce((x, y) -> {
          throw new AssertionError("A's change recorded twice: " + x + " and " + y);
        }).orElseThrow();
    assertThat(detected.causedBy()).isEqualTo(toolA.id());
    ChangeEvent write = events.stream().filter(e -> e.origin() == Origin.AGENT
        && e.type().equals(EventTypes.ITEM_UPDATED)).findFirst().orElseThrow();
    assertThat(write.connectionId()).isEqualTo("a");
    assertThat(write.changes().get("title").newValue().asText()).isEqualTo("B's title");
  }

  @Test
  void aParkedConflictIsDetectedAsParkedAndResolvedThroughTheQueue() {
    String aId = a.add(WorkItem.builder().title("Login fails").build());
    agent(true, ConflictPolicy.manual()).syncNow("a-b");
    newItemEvents();

    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's title").build());
    agent.syncNow("a-b");

    List<ChangeEvent> events = newItemEvents();
    ChangeEvent detected = single(events, EventTypes.CONFLICT_DETECTED);
    assertThat(detected.attributes()).containsEntry("parked", "true").containsEntry("field", "title");
    assertThat(detected.snapshot().path("title").asText()).as("the source's state").isIn("A's title", "B's title");
    assertThat(events).noneMatch(e -> e.type().equals(EventTypes.CONFLICT_RESOLVED)
        || (e.origin() == Origin.AGENT && e.type().equals(EventTypes.ITEM_UPDATED)));

    ConflictRecord conflict = agent.conflicts().list("a-b").get(0);
    SyncReport resolution = agent.conflicts().resolve("a-b", conflict.id(), Side.B);

    List<ChangeEvent> after = newItemEvents();
    ChangeEvent resolved = single(after, EventTypes.CONFLICT_RESOLVED);
    assertThat(resolved.attributes()).containsEntry("by", "queue").containsEntry("conflict", conflict.id());
    assertThat(resolved.runId()).isEqualTo(resolution.runId());
    assertThat(after).filteredOn(e -> e.type().equals(EventTypes.ITEM_UPDATED)).singleElement()
        .satisfies(e -> {
          assertThat(e.connectionId()).isEqualTo("a");
          assertThat(e.causedBy()).isEqualTo(resolved.id());
        });
  }

  @Test
  void aParkedItemIsRecordedWithItsReasonAndUnparkedWhenItSyncs() {
    b.failNext(1, ErrorCategory.VALIDATION);
    String aId = a.add(WorkItem.builder().title("Login fails").build());
    agent(false, ConflictPolicy.lastWriteWins()).syncNow("a-b");

    List<ChangeEvent> events = newItemEvents();
    assertThat(events).extracting(ChangeEvent::type, ChangeEvent::origin)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, Origin.TOOL),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATING, Origin.AGENT),
            org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_PARKED, Origin.AGENT));
    ChangeEvent parked = events.get(2);
    assertThat(parked.connectionId()).isEqualTo("a");
    assertThat(parked.itemId()).isEqualTo(aId);
    assertThat(parked.causedBy()).isEqualTo(events.get(0).id());
    assertThat(parked.attributes()).containsEntry("category", "VALIDATION").containsKey("reason");

    agent.retryParked("a-b");

    assertThat(newItemEvents()).extracting(ChangeEvent::type, ChangeEvent::origin).containsExactly(
        org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, Origin.TOOL),
        org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATING, Origin.AGENT),
        org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_CREATED, Origin.AGENT),
        org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_LINKED, Origin.AGENT),
        org.assertj.core.groups.Tuple.tuple(EventTypes.ITEM_UNPARKED, Origin.AGENT));
    assertThat(store.parked("a-b")).isEmpty();
  }

  @Test
  void aDismissedConflictAndADroppedItemAreRecordedAsAPersonsDoing() {
    String aId = a.add(WorkItem.builder().title("Login fails").build());
    agent(true, ConflictPolicy.manual()).syncNow("a-b");
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's title").build());
    agent.syncNow("a-b");
    newItemEvents();

    ConflictRecord conflict = agent.conflicts().list("a-b").get(0);
    agent.conflicts().dismiss("a-b", conflict.id());

    assertThat(newItemEvents()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventTypes.CONFLICT_RESOLVED);
      assertThat(e.attributes()).containsEntry("by", "dismissed").containsEntry("conflict", conflict.id());
    });
    assertThat(store.conflicts("a-b")).isEmpty();

    b.failNext(1, ErrorCategory.VALIDATION);
    String other = a.add(WorkItem.builder().title("Refused").build());
    agent.syncNow("a-b");
    newItemEvents();
    agent.dropParked("a-b", "a", other);

    assertThat(newItemEvents()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventTypes.ITEM_UNPARKED);
      assertThat(e.itemId()).isEqualTo(other);
      assertThat(e.attributes()).containsEntry("by", "dropped");
    });
    assertThat(store.parked("a-b")).isEmpty();
  }

  @Test
  void aPassIsRecordedAsStartedAndFinishedWithItsCounts() {
    a.add(WorkItem.builder().title("Login fails").build());
    SyncReport report = agent(false, ConflictPolicy.lastWriteWins()).syncNow("a-b");

    List<ChangeEvent> all = store.events(0, 100);
    assertThat(all.get(0).type()).isEqualTo(EventTypes.PASS_STARTED);
    ChangeEvent last = all.get(all.size() - 1);
    assertThat(last.type()).isEqualTo(EventTypes.PASS_FINISHED);
    assertThat(last.runId()).isEqualTo(report.runId());
    assertThat(last.attributes()).containsEntry("created", "1").containsEntry("failed", "0");
  }

  private static ChangeEvent single(List<ChangeEvent> events, String type) {
    List<ChangeEvent> of = events.stream().filter(e -> e.type().equals(type)).toList();
    assertThat(of).as(type).hasSize(1);
    return of.get(0);
  }
}
