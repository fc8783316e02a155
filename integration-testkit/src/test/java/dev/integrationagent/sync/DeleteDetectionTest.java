package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.DeletePolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deletes a tool does not report (its listing just stops showing the item) are found by a
 * complete listing and a confirming read, and never guessed from anything less.
 */
class DeleteDetectionTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  // like GitHub and Redmine: a deleted item silently drops out of the listing
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).reportsDeletes(false)
      .webhookSecret("s3cret").build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private IntegrationAgent agent;

  private IntegrationAgent agent(SyncPlan.Builder plan, ConnectionDefinition sideA) {
    agent = IntegrationAgent.builder().clock(clock).stateStore(store).audit(audit)
        .connection("a", sideA).connection("b", b).sync(plan).build();
    return agent;
  }

  private IntegrationAgent agent(SyncPlan.Builder plan) {
    return agent(plan, a);
  }

  @AfterEach
  void close() {
    agent.close();
  }

  private List<String> addItems(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(a.add(WorkItem.builder().title("Item " + i).build()));
    }
    return ids;
  }

  private String counterpart(String aId) {
    return store.link("a-b", dev.integrationagent.api.sync.Side.A, aId).orElseThrow().bId();
  }

  @Test
  void anUnreportedDeleteIsFoundByTheNextCompleteListingAndPropagated() {
    List<String> ids = addItems(3);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ofHours(6)));
    agent.syncNow("a-b");
    String doomed = counterpart(ids.get(1));
    a.remove(ids.get(1));

    clock.advance(Duration.ofHours(1));
    agent.syncNow("a-b");
    assertThat(b.item(doomed)).as("not due yet: the incremental listing says nothing of deletes").isPresent();

    clock.advance(Duration.ofHours(6));
    int reads = a.readCount();
    SyncReport report = agent.syncNow("a-b");

    assertThat(b.item(doomed)).isEmpty();
    assertThat(b.items()).hasSize(2);
    assertThat(store.links("a-b")).hasSize(2);
    assertThat(report.failed()).isZero();
    // the incremental page, the complete listing (one page), and the confirming read of the missing item
    assertThat(a.readCount() - reads).isEqualTo(3);
    assertThat(audit.events()).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo("item.deleted");
      assertThat(e.itemId()).isEqualTo(doomed);
    });
  }

  @Test
  void aMarkedDeleteLeavesTheCounterpartWithACommentAndUnlinksIt() {
    List<String> ids = addItems(2);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.MARK).reconcileEvery(Duration.ofHours(1)));
    agent.syncNow("a-b");
    String survivor = counterpart(ids.get(0));
    a.remove(ids.get(0));
    clock.advance(Duration.ofHours(2));

    agent.syncNow("a-b");

    assertThat(b.item(survivor)).isPresent();
    assertThat(b.commentsOf(survivor)).singleElement()
        .satisfies(c -> assertThat(c.body()).contains("a item " + ids.get(0)).contains("deleted"));
    assertThat(store.link("a-b", dev.integrationagent.api.sync.Side.B, survivor)).isEmpty();
    assertThat(store.links("a-b")).hasSize(1);
  }

  @Test
  void aFailedListingInfersNothingAndTheNextPassTriesAgain() {
    List<String> ids = addItems(3);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ofHours(1)));
    agent.syncNow("a-b");
    String doomed = counterpart(ids.get(2));
    a.remove(ids.get(2));
    clock.advance(Duration.ofHours(2));
    a.failNext(2, ErrorCategory.TRANSIENT); // the incremental listing, then the complete one

    SyncReport failed = agent.syncNow("a-b");

    assertThat(failed.failed()).isPositive();
    assertThat(b.item(doomed)).isPresent();
    assertThat(store.links("a-b")).hasSize(3);

    agent.syncNow("a-b");

    assertThat(b.item(doomed)).isEmpty();
  }

  @Test
  void anItemMissingFromTheListingButStillReadableIsNotDeleted() {
    List<String> ids = addItems(3);
    Hiding hiding = new Hiding(a);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ofHours(1)),
        hiding.definition);
    agent.syncNow("a-b");
    hiding.hidden = ids.get(0); // moved out of what the listing shows, but it exists
    clock.advance(Duration.ofHours(2));

    SyncReport report = agent.syncNow("a-b");

    assertThat(b.items()).hasSize(3);
    assertThat(store.links("a-b")).hasSize(3);
    assertThat(report.failed()).isZero();
  }

  @Test
  void aListingThatLacksMostLinkedItemsActsOnNoneAndSaysWhy() {
    List<String> ids = addItems(12);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ofHours(1)));
    agent.syncNow("a-b");
    ids.subList(0, 10).forEach(a::remove); // as a lost permission or a wrong project would look
    clock.advance(Duration.ofHours(2));

    SyncReport report = agent.syncNow("a-b");

    assertThat(b.items()).hasSize(12);
    assertThat(store.links("a-b")).hasSize(12);
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.category()).isEqualTo(ErrorCategory.CONFIGURATION);
      assertThat(f.message()).contains("lacks 10 of its 12 linked items").contains("acting on none");
    });
    assertThat(audit.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("pass.deletes-refused"));
  }

  @Test
  void noReconcilingMeansNoInferredDeletes() {
    List<String> ids = addItems(2);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ZERO));
    agent.syncNow("a-b");
    a.remove(ids.get(0));
    clock.advance(Duration.ofDays(30));
    int reads = a.readCount();

    agent.syncNow("a-b");

    assertThat(b.items()).hasSize(2);
    assertThat(a.readCount() - reads).as("only the incremental listing").isEqualTo(1);
  }

  @Test
  void anExplicitDeleteEventIsActedOnAtOnce() {
    List<String> ids = addItems(2);
    agent(SyncPlan.between("a", "b").deletes(DeletePolicy.PROPAGATE).reconcileEvery(Duration.ZERO));
    agent.syncNow("a-b");
    String doomed = counterpart(ids.get(0));
    a.remove(ids.get(0));
    InMemoryConnector.Delivery delivery = a.webhookDelivery("d-1", ids.get(0));

    agent.webhooks().handle("a", delivery.headers(), delivery.body());

    assertThat(b.item(doomed)).isEmpty();
    assertThat(store.links("a-b")).hasSize(1);
  }

  /** A's connection, with one item left out of its listing though it still exists. */
  private static final class Hiding {
    private final ConnectionDefinition definition;
    volatile @Nullable String hidden;

    Hiding(InMemoryConnector tracker) {
      this.definition = ForwardingConnectorSession.wrap(tracker, session -> new ForwardingConnectorSession(session) {
        @Override
        public ChangePage changes(Cursor cursor, int pageSize) {
          ChangePage page = super.changes(cursor, pageSize);
          return new ChangePage(page.items().stream().filter(i -> !i.id().equals(hidden)).toList(), page.next(),
              page.hasMore());
        }
      });
    }
  }
}
