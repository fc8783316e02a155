package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.Webhooks;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's "Redeliver" sends a delivery again with the same {@code X-GitHub-Delivery}: after a
 * sync that failed it must be applied, after one that succeeded it is a duplicate.
 */
class WebhookRedeliveryTest {
  private static final String SECRET = "hook-secret";
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final InMemoryConnector tracker = InMemoryConnector.builder().name("tracker").clock(clock).build();
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
      .connection("github", Fakes.github(github).webhookSecret(SECRET)).connection("tracker", tracker)
      .sync(SyncPlan.between("github", "tracker")).build();

  @AfterEach
  void close() {
    agent.close();
    github.close();
  }

  @Test
  void aRedeliveryOfADeliveryWhoseSyncFailedIsAppliedAndOneThatSucceededIsADuplicate() {
    int number = github.createIssue("Hooked", "text");
    clock.advance(Duration.ofSeconds(1));
    FakeGitHub.Delivery delivery = github.issuesDelivery(SECRET, "opened", number);
    tracker.failNext(1, ErrorCategory.VALIDATION); // the tracker refuses the first create

    Webhooks.Result first = agent.webhooks().handle("github", delivery.headers(), delivery.body()).orElseThrow();
    assertThat(first.duplicate()).isFalse();
    assertThat(first.reports()).allSatisfy(r -> assertThat(r.failures()).isNotEmpty());
    assertThat(tracker.items()).isEmpty();

    clock.advance(Duration.ofHours(2)); // past the failed item's backoff; a person clicks "Redeliver"
    Webhooks.Result again = agent.webhooks().handle("github", delivery.headers(), delivery.body()).orElseThrow();

    assertThat(again.duplicate()).as("a redelivery after a failed sync is applied").isFalse();
    assertThat(tracker.items().values()).extracting(WorkItem::title).containsExactly("Hooked");
    Webhooks.Result third = agent.webhooks().handle("github", delivery.headers(), delivery.body()).orElseThrow();
    assertThat(third.duplicate()).isTrue();
    assertThat(third.reports()).isEmpty();
  }
}
