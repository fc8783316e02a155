package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommentSyncTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final StateStore store = StateStores.inMemory();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store)
      .connection("support", a).connection("engineering", b)
      .sync(SyncPlan.between("support", "engineering").twoWay().comments()).build();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void commentsFlowBothWaysWithTheirAuthorsOnceAndEditsFollow() {
    String ticket = a.add(WorkItem.builder().title("Login fails").build());
    a.comment(ticket, "ada", "Customer says it started **yesterday**.");
    agent.syncNow("support-engineering");
    String card = store.link("support-engineering", Side.A, ticket).orElseThrow().bId();

    assertThat(b.commentsOf(card)).extracting(ExternalComment::body)
        .containsExactly("**ada** wrote on support:\n\nCustomer says it started **yesterday**.");

    clock.advance(Duration.ofMinutes(1));
    ExternalComment reply = b.comment(card, "linus", "Found it: token expiry.");
    agent.syncNow("support-engineering");
    agent.syncNow("support-engineering");

    assertThat(a.commentsOf(ticket)).extracting(ExternalComment::body).containsExactly(
        "Customer says it started **yesterday**.", "**linus** wrote on engineering:\n\nFound it: token expiry.");
    assertThat(b.commentsOf(card)).as("no copy copied back").hasSize(2);

    clock.advance(Duration.ofMinutes(1));
    b.editComment(card, reply.id(), "Found it: token expiry after 24 h.");
    agent.syncNow("support-engineering");

    assertThat(a.commentsOf(ticket).get(1).body())
        .isEqualTo("**linus** wrote on engineering:\n\nFound it: token expiry after 24 h.");
    int writes = a.writeCount() + b.writeCount();
    agent.syncNow("support-engineering");
    assertThat(a.writeCount() + b.writeCount()).as("no echo").isEqualTo(writes);
  }

  @Test
  void aDeletedItemTakesItsCommentPairsAlong() {
    String kept = a.add(WorkItem.builder().title("Kept").build());
    String doomed = a.add(WorkItem.builder().title("Doomed").build());
    a.comment(kept, "ada", "stays");
    a.comment(doomed, "ada", "goes");
    agent.syncNow("support-engineering");
    assertThat(store.links("support-engineering#comments")).hasSize(2);

    a.remove(doomed); // reported in the change feed: the default policy unlinks
    agent.syncNow("support-engineering");

    assertThat(store.links("support-engineering")).extracting(l -> l.aId()).containsExactly(kept);
    assertThat(store.links("support-engineering#comments")).singleElement()
        .satisfies(pair -> assertThat(pair.base().path("item").asText()).isEqualTo(kept));
  }
}
