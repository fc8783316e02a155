package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.DeletePolicy;
import dev.integrationagent.InitialSync;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncListener;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncProgress;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlanOptionsTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final List<SyncProgress> pages = new ArrayList<>();
  private IntegrationAgent agent;

  private IntegrationAgent agent(SyncPlan.Builder plan) {
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).connection("a", a).connection("b", b)
        .sync(plan).audit(audit).listener(new SyncListener() {
          @Override
          public void onPage(SyncProgress progress) {
            pages.add(progress);
          }
        }).build();
    return agent;
  }

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
  }

  private static WorkItem item(String title, String... labels) {
    return WorkItem.builder().title(title).labels(List.of(labels)).build();
  }

  @Test
  void aPropagatedDeleteDeletesTheCounterpart() {
    String id = a.add(item("Doomed"));
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE)).syncNow("a-b");
    String bId = store.link("a-b", Side.A, id).orElseThrow().bId();

    a.remove(id);
    agent.syncNow("a-b");

    assertThat(b.item(bId)).isEmpty();
    assertThat(store.links("a-b")).isEmpty();
    assertThat(audit.byAgent("item.deleted")).hasSize(1);
  }

  @Test
  void byDefaultADeleteOnlyUnlinks() {
    String id = a.add(item("Deleted on one side"));
    agent(SyncPlan.between("a", "b")).syncNow("a-b");

    a.remove(id);
    agent.syncNow("a-b");

    assertThat(b.items()).hasSize(1);
    assertThat(store.links("a-b")).isEmpty();
    assertThat(audit.ofType("item.unlinked")).hasSize(1);
  }

  @Test
  void ignoredDeletesKeepTheLink() {
    String id = a.add(item("Kept"));
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.IGNORE)).syncNow("a-b");

    a.remove(id);
    agent.syncNow("a-b");

    assertThat(b.items()).hasSize(1);
    assertThat(store.links("a-b")).hasSize(1);
  }

  @Test
  void onlyItemsInScopeAreSyncedAndOneLeavingTheScopeStops() {
    String synced = a.add(item("Wanted", "sync", "bug"));
    a.add(item("Not wanted", "bug"));
    agent(SyncPlan.between("a", "b").scope("a", "contains(\"sync\", .labels)")).syncNow("a-b");
    assertThat(b.items().values()).extracting(WorkItem::title).containsExactly("Wanted");

    clock.advance(Duration.ofMinutes(1));
    a.edit(synced, i -> i.toBuilder().title("Wanted, renamed").labels(List.of("bug")).build());
    agent.syncNow("a-b");

    assertThat(b.items().values()).extracting(WorkItem::title).containsExactly("Wanted");
  }

  @Test
  void aBadScopeFailsTheBuildWithItsPosition() {
    assertThatThrownBy(() -> agent(SyncPlan.between("a", "b").scope("a", "contains(\"sync\", .labels")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("plans.a-b: scope.a: JSLT syntax error at line 1, column 19"));
  }

  @Test
  void startingFromNowLeavesExistingItemsAlone() {
    a.add(item("Old"));
    agent(SyncPlan.between("a", "b").initialSync(InitialSync.startFromNow())).syncNow("a-b");
    assertThat(b.items()).isEmpty();
    assertThat(audit.ofType("pass.initial-skipped")).hasSize(1);

    a.add(item("New"));
    agent.syncNow("a-b");

    assertThat(b.items().values()).extracting(WorkItem::title).containsExactly("New");
  }

  @Test
  void lookAlikesAreLinkedNotDuplicated() {
    String aId = a.add(item("Login fails", "from-a"));
    String bId = b.add(item("  login FAILS ", "from-b"));
    b.add(item("Only in B"));
    a.add(item("Only in A"));

    SyncReport report = agent(SyncPlan.between("a", "b").twoWay().initialSync(InitialSync.linkMatching("title")))
        .syncNow("a-b");

    assertThat(store.link("a-b", Side.A, aId).orElseThrow().bId()).isEqualTo(bId);
    assertThat(a.items()).hasSize(3);
    assertThat(b.items()).hasSize(3);
    assertThat(report.created()).isEqualTo(2);
    assertThat(audit.ofType("item.linked")).filteredOn(e -> e.attributes().containsKey("matchedBy")).hasSize(1);
    assertThat(a.item(aId).orElseThrow().labels()).isEqualTo(b.item(bId).orElseThrow().labels());
  }

  @Test
  void listenersHearEveryPage() {
    for (int i = 0; i < 5; i++) {
      a.add(item("Item " + i));
    }
    agent(SyncPlan.between("a", "b").pageSize(2)).syncNow("a-b");

    assertThat(pages).extracting(SyncProgress::seen).containsExactly(2, 2, 1);
    assertThat(pages).extracting(SyncProgress::applied).containsExactly(2, 2, 1);
    assertThat(pages).extracting(SyncProgress::page).containsExactly(1, 2, 3);
  }
}
