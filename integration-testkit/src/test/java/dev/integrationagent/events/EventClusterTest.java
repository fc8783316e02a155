package dev.integrationagent.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.store.TestPostgres;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two agents on one real PostgreSQL: each event reaches each subscription once across them. */
class EventClusterTest {
  private final List<IntegrationAgent> agents = new ArrayList<>();

  @AfterEach
  void close() {
    agents.forEach(IntegrationAgent::close);
  }

  @Test
  void everyEventReachesEachSubscriptionOnceAcrossTwoAgentsDeliveringAtTheSameTime() throws Exception {
    DataSource db = TestPostgres.freshDatabase("events");
    Map<String, List<String>> handled = new ConcurrentHashMap<>();
    for (int i = 1; i <= 2; i++) {
      IntegrationAgent agent = IntegrationAgent.builder().agentId("agent-" + i).clock(Clock.systemUTC())
          .stateStore(StateStores.jdbc(db)).connection("a", InMemoryConnector.builder().name("a").build()).build();
      for (String name : List.of("audit-export", "crm")) {
        String who = name + "@agent-" + i;
        agent.events().subscribe(name, EventFilter.all(), e -> {
          handled.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(e.id());
          handled.computeIfAbsent(who, n -> new CopyOnWriteArrayList<>()).add(e.id());
        });
      }
      agents.add(agent);
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    AtomicBoolean publishing = new AtomicBoolean(true);
    CountDownLatch go = new CountDownLatch(1);
    List<String> published = new CopyOnWriteArrayList<>();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (IntegrationAgent agent : agents) {
        work.add(threads.submit(() -> {
          go.await();
          for (int n = 0; n < 100; n++) {
            published.add(agent.publish(ChangeEvent.builder("host.tick", ChangeEvent.Origin.HOST,
                java.time.Instant.now()).attribute("n", Integer.toString(n)).build()).id());
          }
          return null;
        }));
        work.add(threads.submit(() -> {
          go.await();
          while (publishing.get() || agent.events().subscriptions().values().stream().anyMatch(s -> s.lag() > 0)) {
            agent.events().deliverNow();
          }
          return null;
        }));
      }
      go.countDown();
      work.get(0).get(60, TimeUnit.SECONDS);
      work.get(2).get(60, TimeUnit.SECONDS);
      publishing.set(false);
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(published).hasSize(200).doesNotHaveDuplicates();
    for (String name : List.of("audit-export", "crm")) {
      assertThat(handled.get(name)).as(name + ": every event once, across both agents")
          .hasSize(200).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
    }

    // the first agent goes away: the second goes on from the position they share
    agents.remove(0).close();
    IntegrationAgent second = agents.get(0);
    List<String> later = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      later.add(second.publish(ChangeEvent.builder("host.tock", ChangeEvent.Origin.HOST, java.time.Instant.now())
          .build()).id());
    }
    second.events().deliverNow();
    assertThat(handled.get("crm")).hasSize(220).doesNotHaveDuplicates();
    assertThat(handled.get("crm").subList(200, 220)).containsExactlyElementsOf(later);
  }
}
