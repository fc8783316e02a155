package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.store.HistoryEntry;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwoWaySyncTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("tracker-a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("tracker-b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();
  private IntegrationAgent agent;

  private IntegrationAgent agent(ConflictPolicy policy) {
    agent = IntegrationAgent.builder().clock(clock).stateStore(store)
        .connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").twoWay().conflicts(policy))
        .build();
    return agent;
  }

  @AfterEach
  void close() {
    agent.close();
  }

  private String linkedPair(ConflictPolicy policy) {
    String id = a.add(WorkItem.builder().title("Login fails").labels(List.of("bug")).priority("Low").build());
    agent(policy).syncNow("a-b");
    return id;
  }

  private String bIdOf(String aId) {
    return store.link("a-b", Side.A, aId).orElseThrow().bId();
  }

  @Test
  void newItemsOnEitherSideAreCreatedOnTheOther() {
    a.add(WorkItem.builder().title("From A").build());
    b.add(WorkItem.builder().title("From B").build());

    SyncReport report = agent(ConflictPolicy.lastWriteWins()).syncNow("a-b");

    assertThat(report.created()).isEqualTo(2);
    assertThat(a.items().values()).extracting(WorkItem::title).containsExactlyInAnyOrder("From A", "From B");
    assertThat(b.items().values()).extracting(WorkItem::title).containsExactlyInAnyOrder("From A", "From B");
  }

  @Test
  void aCreateWhoseAnswerWasLostIsNeitherDuplicatedNorCopiedBack() {
    a.add(WorkItem.builder().title("Only once").build());
    agent(ConflictPolicy.lastWriteWins());
    b.loseNextResponses(1);

    agent.syncNow("a-b");                 // B took the create; the answer was lost
    clock.advance(Duration.ofMinutes(1));
    agent.syncNow("a-b");
    agent.syncNow("a-b");

    assertThat(a.items()).hasSize(1);
    assertThat(b.items()).hasSize(1);
    assertThat(store.links("a-b")).hasSize(1);
    assertThat(store.pendingIntents("a-b")).isEmpty();
  }

  @Test
  void itsOwnWritesComingBackAreNotSyncedAgain() {
    a.add(WorkItem.builder().title("From A").build());
    b.add(WorkItem.builder().title("From B").build());
    agent(ConflictPolicy.lastWriteWins()).syncNow("a-b");
    int writes = a.writeCount() + b.writeCount();

    SyncReport echo = agent.syncNow("a-b");

    assertThat(echo.created() + echo.updated()).isZero();
    assertThat(a.writeCount() + b.writeCount()).isEqualTo(writes);
  }

  @Test
  void aChangeIsMergedWithoutReadingTheOtherSideWhenItTakesConditionalWrites() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(a.add(WorkItem.builder().title("Item " + i).build()));
    }
    agent(ConflictPolicy.manual()).syncNow("a-b");
    clock.advance(Duration.ofMinutes(1));
    ids.forEach(id -> a.edit(id, i -> i.toBuilder().priority("High").build()));
    int bReads = b.readCount();
    int bWrites = b.writeCount();

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.updated()).isEqualTo(30);
    assertThat(b.items().values()).extracting(WorkItem::priority).containsOnly("High");
    assertThat(b.writeCount() - bWrites).as("one write per changed item").isEqualTo(30);
    assertThat(b.readCount() - bReads).as("B is only listed: one page of its echoes").isEqualTo(1);
  }

  @Test
  void whenTheOtherSideMovedOnSinceLastSeenItIsReadAndMergedNotOverwritten() {
    String aId = linkedPair(ConflictPolicy.manual());
    String bId = bIdOf(aId);
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    b.edit(bId, i -> i.toBuilder().title("B's title").priority("High").build());

    // direction A runs first: B's version as last seen is stale, so the conditional write fails
    // and the merge reads B instead of overwriting its edit
    SyncReport report = agent.syncNow("a-b");

    assertThat(report.conflicts()).isEqualTo(1);
    assertThat(b.item(bId).orElseThrow().title()).isEqualTo("B's title");
    assertThat(a.item(aId).orElseThrow().title()).isEqualTo("A's title");
    assertThat(a.item(aId).orElseThrow().priority()).isEqualTo("High");
    assertThat(report.failed()).isZero();
  }

  @Test
  void aSideWithoutConditionalWritesIsReadBeforeEachMerge() {
    InMemoryConnector plain = InMemoryConnector.builder().name("plain").clock(clock).optimisticLocking(false).build();
    String aId = a.add(WorkItem.builder().title("Login fails").build());
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", plain)
        .sync(SyncPlan.between("a", "b").twoWay().conflicts(ConflictPolicy.manual())).build();
    agent.syncNow("a-b");
    String bId = bIdOf(aId);
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    plain.edit(bId, i -> i.toBuilder().title("B's title").build());
    int reads = plain.readCount();

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.conflicts()).isEqualTo(1);
    assertThat(plain.item(bId).orElseThrow().title()).isEqualTo("B's title");
    assertThat(plain.readCount() - reads).as("a listing and one read of the linked item").isEqualTo(2);
  }

  @Test
  void editsOfDifferentFieldsOnBothSidesMerge() {
    String aId = linkedPair(ConflictPolicy.manual());
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("Login fails on Safari").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().priority("High").build());

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.conflicts()).isZero();
    for (InMemoryConnector side : List.of(a, b)) {
      WorkItem item = side.items().values().iterator().next();
      assertThat(item.title()).isEqualTo("Login fails on Safari");
      assertThat(item.priority()).isEqualTo("High");
    }
  }

  @Test
  void theSameFieldEditedOnBothSidesGoesToTheLaterWriteUnderLastWriteWins() {
    String aId = linkedPair(ConflictPolicy.lastWriteWins());
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's later title").build());

    agent.syncNow("a-b");

    assertThat(a.item(aId).orElseThrow().title()).isEqualTo("B's later title");
    assertThat(b.item(bIdOf(aId)).orElseThrow().title()).isEqualTo("B's later title");
  }

  @Test
  void underManualPolicyAConflictIsParkedAndBothSidesAreLeftAlone() {
    String aId = linkedPair(ConflictPolicy.manual());
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's title").build());

    SyncReport report = agent.syncNow("a-b");

    assertThat(report.conflicts()).isPositive();
    assertThat(a.item(aId).orElseThrow().title()).isEqualTo("A's title");
    assertThat(b.item(bIdOf(aId)).orElseThrow().title()).isEqualTo("B's title");
    assertThat(store.conflicts("a-b")).singleElement().satisfies((ConflictRecord c) -> {
      assertThat(c.field()).isEqualTo("title");
      assertThat(c.base().asText()).isEqualTo("Login fails");
      assertThat(c.aValue().asText()).isEqualTo("A's title");
      assertThat(c.bValue().asText()).isEqualTo("B's title");
    });
  }

  @Test
  void aParkedConflictIsResolvedThroughTheQueueAndStaysResolved() {
    String aId = linkedPair(ConflictPolicy.manual());
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's title").build());
    agent.syncNow("a-b");
    ConflictRecord conflict = agent.conflicts().list("a-b").get(0);

    agent.conflicts().resolve("a-b", conflict.id(), Side.B);

    assertThat(a.item(aId).orElseThrow().title()).isEqualTo("B's title");
    assertThat(b.item(bIdOf(aId)).orElseThrow().title()).isEqualTo("B's title");
    assertThat(agent.conflicts().list("a-b")).isEmpty();
    int writes = a.writeCount() + b.writeCount();
    SyncReport after = agent.syncNow("a-b");
    assertThat(after.updated() + after.conflicts()).isZero();
    assertThat(a.writeCount() + b.writeCount()).isEqualTo(writes);
  }

  @Test
  void aConflictCanBeSettledWithAValueOfOnesOwnOrDismissed() {
    String aId = linkedPair(ConflictPolicy.manual());
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().labels(List.of("bug", "ui")).build());
    b.edit(bIdOf(aId), i -> i.toBuilder().labels(List.of("bug", "backend")).build());
    agent.syncNow("a-b");
    ConflictRecord conflict = agent.conflicts().list("a-b").get(0);
    var both = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add("bug").add("ui").add("backend");

    agent.conflicts().resolve("a-b", conflict.id(), both);

    assertThat(a.item(aId).orElseThrow().labels()).containsExactly("bug", "ui", "backend");
    assertThat(b.item(bIdOf(aId)).orElseThrow().labels()).containsExactly("bug", "ui", "backend");

    a.edit(aId, i -> i.toBuilder().priority("A").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().priority("B").build());
    agent.syncNow("a-b");
    String id = agent.conflicts().list("a-b").get(0).id();
    agent.conflicts().dismiss("a-b", id);
    assertThat(agent.conflicts().list("a-b")).isEmpty();
    assertThat(a.item(aId).orElseThrow().priority()).isEqualTo("A");
  }

  @Test
  void historyTellsWhyAFieldChanged() {
    String aId = linkedPair(ConflictPolicy.lastWriteWins());
    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().priority("High").build());
    SyncReport report = agent.syncNow("a-b");

    List<HistoryEntry> history = agent.history("a-b", "b", bIdOf(aId));

    assertThat(history).last().satisfies(h -> {
      assertThat(h.field()).isEqualTo("priority");
      assertThat(h.from()).isEqualTo(Side.B);
      assertThat(h.oldValue().asText()).isEqualTo("Low");
      assertThat(h.newValue().asText()).isEqualTo("High");
      assertThat(h.runId()).isEqualTo(report.runId());
    });
    assertThat(agent.history("a-b", "a", aId)).isEqualTo(history);
  }

  @Test
  void aFieldCanFlowOneWayInsideATwoWayPlan() {
    a.add(WorkItem.builder().title("Login fails").priority("Low").build());
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", b)
        .sync(SyncPlan.between("a", "b").twoWay().fieldFrom("priority", "a")).build();
    agent.syncNow("a-b");
    String aId = a.items().keySet().iterator().next();
    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().priority("High").title("Login fails on Safari").build());

    agent.syncNow("a-b");

    assertThat(a.item(aId).orElseThrow().title()).as("other fields flow both ways").isEqualTo("Login fails on Safari");
    assertThat(a.item(aId).orElseThrow().priority()).as("A keeps its priority").isEqualTo("Low");
    assertThat(b.item(bIdOf(aId)).orElseThrow().priority()).as("B's edit is overwritten").isEqualTo("Low");
  }

  @Test
  void perFieldPoliciesDecideEachFieldTheirOwnWay() {
    String aId = linkedPair(ConflictPolicy.perField(java.util.Map.of("title", ConflictPolicy.sourceWins("b")),
        ConflictPolicy.sourceWins("a")));
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A title").priority("A prio").build());
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B title").priority("B prio").build());

    agent.syncNow("a-b");

    assertThat(a.item(aId).orElseThrow().title()).isEqualTo("B title");
    assertThat(a.item(aId).orElseThrow().priority()).isEqualTo("A prio");
    assertThat(b.item(bIdOf(aId)).orElseThrow().title()).isEqualTo("B title");
    assertThat(b.item(bIdOf(aId)).orElseThrow().priority()).isEqualTo("A prio");
  }

  @Test
  void sourceWinsTakesTheNamedConnectionsValue() {
    String aId = linkedPair(ConflictPolicy.sourceWins("a"));
    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's later title").build());
    clock.advance(Duration.ofMinutes(1));
    a.edit(aId, i -> i.toBuilder().title("A's title").build());
    clock.advance(Duration.ofMinutes(1));
    b.edit(bIdOf(aId), i -> i.toBuilder().title("B's latest title").build());

    agent.syncNow("a-b");

    assertThat(b.item(bIdOf(aId)).orElseThrow().title()).isEqualTo("A's title");
  }
}
