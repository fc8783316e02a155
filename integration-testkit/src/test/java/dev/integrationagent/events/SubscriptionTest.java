package dev.integrationagent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscriptions read the stream by offset, with durable positions, retries and retention. */
class SubscriptionTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final StateStore store = StateStores.inMemory();
  private final List<IntegrationAgent> agents = new ArrayList<>();

  @AfterEach
  void close() {
    agents.forEach(IntegrationAgent::close);
  }

  private IntegrationAgent agent() {
    IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store)
        .connection("a", InMemoryConnector.builder().name("a").clock(clock).webhookSecret("s3cr3t-token").build())
        .eventRetention(Duration.ofDays(1)).build();
    agents.add(agent);
    return agent;
  }

  private ChangeEvent host(String type) {
    return ChangeEvent.builder(type, ChangeEvent.Origin.HOST, clock.instant()).build();
  }

  @Test
  void aBatchHandlerGetsAPageAtOnceAndAFailedPageWholeAgainFromThePositionBeforeIt() {
    IntegrationAgent agent = agent();
    for (int i = 0; i < 5; i++) {
      agent.publish(host("host.n" + i));
    }
    List<List<String>> pages = new ArrayList<>();
    boolean[] fail = {true};
    dev.integrationagent.events.BatchEventHandler handler = page -> {
      if (fail[0]) {
        fail[0] = false;
        throw new IllegalStateException("database down");
      }
      pages.add(page.stream().map(ChangeEvent::type).toList());
    };
    Subscription s = agent.events().subscribe("pages", e -> e.type().startsWith("host."), handler);

    agent.events().deliverNow();
    assertThat(pages).as("the page failed").isEmpty();
    assertThat(s.failures()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    agent.events().deliverNow();
    assertThat(pages).as("the same page again, whole, in one call")
        .containsExactly(List.of("host.n0", "host.n1", "host.n2", "host.n3", "host.n4"));
    assertThat(s.lag()).isZero();
  }

  @Test
  void aSubscriptionGetsEveryEventItAcceptsInOrderAndGoesOnFromItsPositionAfterARestart() {
    IntegrationAgent first = agent();
    List<String> got = new ArrayList<>();
    first.events().subscribe("crm", EventFilter.types("crm.synced"), e -> got.add(e.id()));
    ChangeEvent one = first.publish(host("crm.synced"));
    first.publish(host("billing.paid"));
    ChangeEvent two = first.publish(host("crm.synced"));

    assertThat(first.events().deliverNow()).isEqualTo(2);
    assertThat(got).containsExactly(one.id(), two.id());
    assertThat(first.events().subscriptions().get("crm").lag()).isZero();
    first.close();

    IntegrationAgent second = agent();
    List<String> after = new ArrayList<>();
    second.events().subscribe("crm", EventFilter.types("crm.synced"), e -> after.add(e.id()));
    ChangeEvent three = second.publish(host("crm.synced"));
    second.events().deliverNow();

    assertThat(after).as("the same name goes on after its position: nothing twice").containsExactly(three.id());
  }

  @Test
  void aHandlerThatThrowsGetsTheSameEventAgainAfterABackoffAndHoldsUpNoOtherSubscription() {
    IntegrationAgent agent = agent();
    List<String> flaky = new ArrayList<>();
    int[] failuresLeft = {2};
    agent.events().subscribe("flaky", EventFilter.all(), e -> {
      if (failuresLeft[0]-- > 0) {
        throw new IllegalStateException("downstream is down");
      }
      flaky.add(e.type());
    });
    List<String> steady = new ArrayList<>();
    agent.events().subscribe("steady", EventFilter.all(), e -> steady.add(e.type()));
    agent.publish(host("host.one"));
    agent.publish(host("host.two"));

    agent.events().deliverNow();
    Subscription s = agent.events().subscriptions().get("flaky");
    assertThat(steady).containsExactly("host.one", "host.two");
    assertThat(flaky).isEmpty();
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.lastError()).hasValueSatisfying(m -> assertThat(m).contains("downstream is down"));
    assertThat(s.retryAt()).contains(clock.instant().plus(Duration.ofSeconds(1)));

    agent.events().deliverNow();
    assertThat(flaky).as("not before its retry time").isEmpty();

    clock.advance(Duration.ofSeconds(1));
    agent.events().deliverNow();
    assertThat(s.failures()).isEqualTo(2);
    assertThat(s.retryAt()).as("the backoff doubles").contains(clock.instant().plus(Duration.ofSeconds(2)));

    clock.advance(Duration.ofSeconds(2));
    agent.events().deliverNow();
    assertThat(flaky).containsExactly("host.one", "host.two");
    assertThat(s.failures()).isZero();
    assertThat(s.lag()).isZero();
  }

  @Test
  void aStartedAgentDeliversOnItsOwnScheduleAndAPassIsNeverHeldUpByAHandler() {
    ManualScheduler scheduler = new ManualScheduler();
    IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(store)
        .connection("a", InMemoryConnector.builder().name("a").clock(clock).build()).scheduler(scheduler).build();
    agents.add(agent);
    List<String> got = new ArrayList<>();
    agent.events().subscribe("host", e -> e.type().startsWith("host."), e -> got.add(e.type()));
    agent.start();
    agent.publish(host("host.one"));
    assertThat(got).as("published, not delivered on the publisher's thread").isEmpty();

    scheduler.runScheduled();

    assertThat(got).containsExactly("host.one");
  }

  @Test
  void aSubscriptionThatFellBehindRetentionIsToldWhatItMissed() {
    IntegrationAgent agent = agent();
    List<String> got = new ArrayList<>();
    agent.events().subscribe("slow", EventFilter.all(), e -> got.add(e.type()));
    agent.publish(host("host.first"));
    agent.events().deliverNow();
    agent.events().subscriptions().get("slow").close();
    agent.publish(host("host.missed"));
    agent.publish(host("host.missed-too"));
    clock.advance(Duration.ofDays(2));
    ChangeEvent kept = agent.publish(host("host.kept"));

    agent.events().subscribe("slow", EventFilter.all(), e -> got.add(e.type()));
    agent.events().deliverNow();

    assertThat(got).as("told, after what is kept").containsExactly("host.first", "host.kept", EventTypes.CONSUMER_BEHIND);
    assertThat(agent.events().subscriptions().get("slow").missed()).isEqualTo(2);
    ChangeEvent behind = agent.events().read(kept.offset(), 10).get(0);
    assertThat(behind.attributes()).containsEntry("consumer", "slow").containsEntry("missed", "2");
  }

  @Test
  void hostEventsChainToTheEventTheyFollowFromAndNeverCarryASecret() {
    IntegrationAgent agent = agent();
    ChangeEvent cause = agent.publish(host("billing.invoice-paid"));
    ChangeEvent effect = agent.publish(ChangeEvent.builder("crm.account-updated", ChangeEvent.Origin.HOST,
        clock.instant()).causedBy(cause).attribute("note", "token s3cr3t-token used").build());

    ChangeEvent read = agent.events().read(cause.offset(), 10).get(0);
    assertThat(read.causation()).containsExactly(cause.id());
    assertThat(read.causedBy()).isEqualTo(cause.id());
    assertThat(read.attributes().get("note")).doesNotContain("s3cr3t-token");
    assertThat(effect.offset()).isEqualTo(cause.offset() + 1);
  }

  @Test
  void hostEventsOfTheEnginesVocabularyOrOfAnotherOriginAreRefusedWithTheReason() {
    IntegrationAgent agent = agent();
    assertThatThrownBy(() -> agent.publish(host("item.updated")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'item.updated'")
        .hasMessageContaining("outside the engine's vocabulary");
    assertThatThrownBy(() -> agent.publish(ChangeEvent.builder("billing.paid", ChangeEvent.Origin.TOOL,
        clock.instant()).build())).hasMessageContaining("origin must be HOST");
    agent.events().subscribe("x", EventFilter.all(), e -> {});
    assertThatThrownBy(() -> agent.events().subscribe("x", EventFilter.all(), e -> {}))
        .hasMessageContaining("already has an event subscription named 'x'");
    assertThat(agent.events().lastOffset()).as("nothing refused was recorded").isZero();
  }
}
