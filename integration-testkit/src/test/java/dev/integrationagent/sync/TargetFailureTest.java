package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A target that refuses the connection's credential (or its configuration) refuses every item:
 * that is the connection's failure, not the items'. The direction stops with its cursor kept,
 * nothing is parked, and everything syncs once the credential is fixed.
 */
class TargetFailureTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final AtomicReference<ErrorCategory> refusing = new AtomicReference<>();
  private final ConnectionDefinition bRefusing = ForwardingConnectorSession.wrap(b,
      session -> new ForwardingConnectorSession(session) {
        @Override
        public ExternalItem create(JsonNode fields, @Nullable String marker) {
          ErrorCategory category = refusing.get();
          if (category != null) {
            throw new IntegrationException(category, "b", "b: POST /items failed with HTTP 401 (" + category
                + "): Bad credentials", null);
          }
          return super.create(fields, marker);
        }
      });
  private final IntegrationAgent agent = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
      .connection("a", a).connection("b", bRefusing).sync(SyncPlan.between("a", "b").retries(2, Duration.ofMinutes(1))).build();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void aTargetThatRefusesTheCredentialStopsTheDirectionAndParksNothingThenSyncsEverythingOnceFixed() {
    for (int i = 0; i < 5; i++) {
      a.add(WorkItem.builder().title("Item " + i).build());
    }
    refusing.set(ErrorCategory.AUTHENTICATION);

    for (int pass = 0; pass < 4; pass++) { // more passes than attempts: still nothing parked
      SyncReport report = agent.syncNow("a-b");
      assertThat(report.failures()).singleElement().satisfies(f -> {
        assertThat(f.connectionId()).as("the failing connection, not the source").isEqualTo("b");
        assertThat(f.itemConnectionId()).isEqualTo("a");
        assertThat(f.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(f.parked()).isFalse();
      });
      clock.advance(Duration.ofHours(1));
    }
    assertThat(agent.parked("a-b")).isEmpty();

    refusing.set(null); // the credential is fixed
    SyncReport fixed = agent.syncNow("a-b");

    assertThat(fixed.failures()).isEmpty();
    assertThat(fixed.created()).isEqualTo(5);
    assertThat(b.items()).hasSize(5);
  }

  @Test
  void aMisconfiguredTargetIsTreatedTheSame() {
    a.add(WorkItem.builder().title("Item").build());
    refusing.set(ErrorCategory.CONFIGURATION);

    agent.syncNow("a-b");
    agent.syncNow("a-b");

    assertThat(agent.parked("a-b")).isEmpty();
    refusing.set(null);
    assertThat(agent.syncNow("a-b").created()).isEqualTo(1);
  }

  @Test
  void retryParkedRetriesTheBacklogAllOrByCategoryOrConnection() {
    String first = a.add(WorkItem.builder().title("Refused once").build());
    String second = a.add(WorkItem.builder().title("Refused twice").build());
    b.failNext(2, ErrorCategory.VALIDATION); // each create refused once as invalid: parked for good
    agent.syncNow("a-b");
    assertThat(agent.parked("a-b")).extracting(p -> p.itemId()).containsExactlyInAnyOrder(first, second);

    assertThat(agent.retryParked("a-b", ErrorCategory.CONFLICT).created()).as("none failed with CONFLICT").isZero();
    SyncReport retried = agent.retryParked("a-b", "a");

    assertThat(retried.created()).isEqualTo(2);
    assertThat(agent.parked("a-b")).isEmpty();
    assertThat(agent.retryParked("a-b").created()).isZero();
  }
}
