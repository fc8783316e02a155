package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncListener;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncProgress;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.ForwardingConnectorSession;
import dev.integrationagent.testkit.InMemoryConnector;
import dev.integrationagent.testkit.RecordingLogger;
import dev.integrationagent.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A pass's log lines carry the MDC keys {@code plan} and {@code run}, and {@code connection} and
 * {@code item} while one is worked on; the thread's MDC is as before once the pass is over, a
 * host's own keys kept, on the caller's thread and on the scheduler's.
 */
class PassLogContextTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final InMemoryConnector a = InMemoryConnector.builder().name("a").clock(clock).build();
  private final InMemoryConnector b = InMemoryConnector.builder().name("b").clock(clock).build();
  private final List<Map<String, String>> atCreate = Collections.synchronizedList(new ArrayList<>());
  private final RecordingLogger.Factory loggers = RecordingLogger.factory();
  private IntegrationAgent agent;

  @BeforeAll
  static void workingMdc() {
    org.slf4j.WorkingMdc.install();
  }

  @AfterEach
  void close() {
    agent.close();
    MDC.clear();
  }

  private static Map<String, String> mdc() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return copy == null ? Map.of() : Map.copyOf(copy);
  }

  private ConnectionDefinition recordingB() {
    return ForwardingConnectorSession.wrap(b, session -> new ForwardingConnectorSession(session) {
      @Override
      public ExternalItem create(JsonNode fields, @Nullable String marker) {
        atCreate.add(mdc());
        return super.create(fields, marker);
      }
    });
  }

  private IntegrationAgent agent(SyncListener listener, @Nullable ManualScheduler scheduler) {
    IntegrationAgent.Builder builder = IntegrationAgent.builder().clock(clock).stateStore(StateStores.inMemory())
        .loggers(loggers).connection("a", a).connection("b", recordingB()).listener(listener)
        .sync(SyncPlan.between("a", "b").every(Duration.ofMinutes(5)));
    if (scheduler != null) {
      builder.scheduler(scheduler);
    }
    agent = builder.build();
    return agent;
  }

  @Test
  void aPassLogsUnderItsPlanRunConnectionAndItemAndLeavesTheCallersMdcAsItWas() {
    a.add(WorkItem.builder().title("Synced").build());
    a.add(WorkItem.builder().title("Refused").build());
    b.failNext(1, ErrorCategory.VALIDATION); // the first create fails: a warning about its item
    List<Map<String, String>> atPage = Collections.synchronizedList(new ArrayList<>());
    agent(new SyncListener() {
      @Override
      public void onPage(SyncProgress progress) {
        atPage.add(mdc());
      }
    }, null);
    MDC.put("host", "outer");

    SyncReport report = agent.syncNow("a-b");

    assertThat(mdc()).as("the caller's MDC, as before the pass").isEqualTo(Map.of("host", "outer"));
    assertThat(atCreate).hasSize(2).allSatisfy(m -> assertThat(m)
        .containsEntry("plan", "a-b").containsEntry("run", report.runId()).containsEntry("connection", "a")
        .containsEntry("host", "outer").containsKey("item"));
    assertThat(atCreate).extracting(m -> m.get("item")).as("each create under its own item")
        .containsExactlyInAnyOrderElementsOf(a.items().keySet());
    assertThat(atPage).singleElement().satisfies(m -> assertThat(m).containsEntry("plan", "a-b")
        .containsEntry("connection", "a").doesNotContainKey("item"));

    List<RecordingLogger.Line> engine = loggers.lines().stream()
        .filter(l -> l.logger().startsWith("dev.integrationagent.sync")).toList();
    assertThat(engine).as("the engine logged").isNotEmpty().allSatisfy(l -> assertThat(l.mdc())
        .as(l.message()).containsEntry("plan", "a-b").containsEntry("run", report.runId()));
    assertThat(engine).filteredOn(l -> l.message().contains("failed (VALIDATION")).singleElement()
        .satisfies(l -> assertThat(l.mdc()).containsEntry("connection", "a").containsEntry("item",
            atCreate.get(0).get("item")));
    assertThat(engine).filteredOn(l -> l.message().contains(" ms")).singleElement()
        .satisfies(l -> assertThat(l.mdc()).doesNotContainKeys("connection", "item"));
  }

  @Test
  void aScheduledPassSetsItsKeysOnTheSchedulersThreadAndClearsThemAfter() throws Exception {
    a.add(WorkItem.builder().title("Synced").build());
    ManualScheduler scheduler = new ManualScheduler();
    AtomicReference<Map<String, String>> atFinish = new AtomicReference<>();
    agent(new SyncListener() {
      @Override
      public void onFinished(SyncReport report) {
        atFinish.set(mdc());
      }
    }, scheduler);
    agent.start();
    AtomicReference<Map<String, String>> after = new AtomicReference<>();

    Thread schedulerThread = new Thread(() -> {
      scheduler.runScheduled();
      after.set(mdc());
    }, "scheduler");
    schedulerThread.start();
    schedulerThread.join();

    assertThat(atCreate).singleElement().satisfies(m -> assertThat(m).containsEntry("plan", "a-b")
        .containsKeys("run", "item").containsEntry("connection", "a"));
    assertThat(atFinish.get()).containsEntry("plan", "a-b").containsKey("run");
    assertThat(after.get()).as("nothing left on the scheduler's thread").isEmpty();
    assertThat(b.items()).hasSize(1);
  }
}
