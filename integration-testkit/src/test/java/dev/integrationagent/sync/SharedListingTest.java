package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two plans that read one connection list it once per poll: the page the tool answered for the
 * first is handed to the second, and each still gets every change.
 */
class SharedListingTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector source = InMemoryConnector.builder().name("source").clock(clock).build();
  private final InMemoryConnector first = InMemoryConnector.builder().name("first").clock(clock).build();
  private final InMemoryConnector second = InMemoryConnector.builder().name("second").clock(clock).build();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
      .connection("source", source).connection("first", first).connection("second", second)
      .sync(SyncPlan.between("source", "first").pageSize(2))
      .sync(SyncPlan.between("source", "second").pageSize(2)).build();

  @AfterEach
  void close() {
    agent.close();
  }

  /** Both plans' passes, as one poll; answers the reads of the source it cost. */
  private int poll() {
    int before = source.readCount();
    agent.syncNow("source-first");
    agent.syncNow("source-second");
    return source.readCount() - before;
  }

  private static List<String> titles(InMemoryConnector c) {
    return c.items().values().stream().map(WorkItem::title).sorted().toList();
  }

  @Test
  void twoPlansReadingOneConnectionListItOncePerPoll() {
    for (int i = 1; i <= 5; i++) {
      source.add(WorkItem.builder().title("Item " + i).build());
    }

    assertThat(poll()).as("three pages of two, read once for both plans").isEqualTo(3);
    assertThat(titles(first)).hasSize(5).isEqualTo(titles(second));

    clock.advance(Duration.ofMinutes(5));
    String edited = source.items().keySet().iterator().next();
    source.edit(edited, i -> i.toBuilder().title("Item 1, edited").build());
    source.add(WorkItem.builder().title("Item 6").build());

    long before = agent.events().lastOffset();
    assertThat(poll()).as("the new page, once").isEqualTo(1);
    assertThat(titles(first)).contains("Item 1, edited", "Item 6").isEqualTo(titles(second));
    List<ChangeEvent> seen = agent.events().read(before, 100).stream()
        .filter(e -> e.origin() == ChangeEvent.Origin.TOOL && e.type().equals(EventTypes.ITEM_UPDATED)).toList();
    assertThat(seen).as("each plan records the change it saw, the tool's version telling they are one")
        .extracting(ChangeEvent::planId).containsExactly("source-first", "source-second");
    assertThat(seen).extracting(e -> e.attributes().get("version")).doesNotContainNull().containsOnly(
        seen.get(0).attributes().get("version"));

    clock.advance(Duration.ofMinutes(5));
    assertThat(poll()).as("nothing new: one empty page for both").isEqualTo(1);
  }

  @Test
  void aPlanThatListsTheSameCursorAgainReadsWhatIsNewNotTheSharedPage() {
    source.add(WorkItem.builder().title("Item 1").build());
    poll();
    clock.advance(Duration.ofSeconds(5));
    source.add(WorkItem.builder().title("Item 2").build());

    agent.syncNow("source-first");

    assertThat(titles(first)).containsExactly("Item 1", "Item 2");
  }

  @Test
  void aPlanWhoseCursorWentItsOwnWayReadsForItselfAndCatchesUp() {
    source.add(WorkItem.builder().title("Item 1").build());
    second.failNext(1, ErrorCategory.TRANSIENT);
    poll(); // the second plan's write failed: its cursor stays before the page
    assertThat(second.items()).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    source.add(WorkItem.builder().title("Item 2").build());
    int reads = poll();

    assertThat(titles(first)).containsExactly("Item 1", "Item 2");
    assertThat(titles(second)).containsExactly("Item 1", "Item 2");
    assertThat(reads).as("the first plan's page, and the second plan's own from its older cursor").isEqualTo(2);
  }

  @Test
  void aPageIsNotHandedOnOnceItIsOlderThanTheWindow() {
    source.add(WorkItem.builder().title("Item 1").build());
    poll();
    clock.advance(Duration.ofMinutes(5));
    int before = source.readCount();
    agent.syncNow("source-first");
    clock.advance(SharedListings.WINDOW.plusSeconds(1));
    source.add(WorkItem.builder().title("Item 2").build());
    agent.syncNow("source-second");

    assertThat(source.readCount() - before).as("the second plan read afresh").isEqualTo(2);
    assertThat(titles(second)).containsExactly("Item 1", "Item 2");
  }
}
