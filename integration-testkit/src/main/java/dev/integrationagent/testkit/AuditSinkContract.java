package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditSink} must do: deliver every event whole, in order per thread, whatever
 * its text. Extend it, return a fresh sink, and read back what the sink delivered:
 *
 * <pre>{@code
 * class KafkaAuditSinkTest extends AuditSinkContract {
 *   protected AuditSink newSink() { return new KafkaAuditSink(topic); }
 *   protected List<AuditEvent> delivered(AuditSink sink) { return readTopic(topic); }
 * }
 * }</pre>
 */
public abstract class AuditSinkContract {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00.123Z");

  protected abstract AuditSink newSink();

  /** Every event the sink delivered to its destination, oldest first. */
  protected abstract List<AuditEvent> delivered(AuditSink sink);

  /** A record with every field of the schema set, so that a sink which drops one fails. */
  protected static AuditEvent event(int n) {
    com.fasterxml.jackson.databind.node.JsonNodeFactory json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    return AuditEvent.builder("item.updated", n % 2 == 0 ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
            T0.plusSeconds(n))
        .id("record-" + n).actor(AuditEvent.Actor.workflow("triage")).plan("a-b").run("run-1")
        .workflow("triage", "execution-" + n).connection("b").item(Integer.toString(n)).counterpart("a", "A-" + n)
        .change("title", new dev.integrationagent.api.event.FieldChange(json.textNode("old " + n),
            json.textNode("new " + n)))
        .change("labels", new dev.integrationagent.api.event.FieldChange(json.nullNode(),
            json.arrayNode().add("bug").add(n)))
        .errorCategory(n % 2 == 0 ? null : dev.integrationagent.api.ErrorCategory.TRANSIENT)
        .event("event-" + n, List.of("cause-" + n, "root-" + n))
        .message("updated b item " + n).attributes(Map.of("fields", "title,labels", "source", "a:" + n)).build();
  }

  @Test
  void deliversEveryEventWithAllItsFieldsInOrder() {
    AuditSink sink = newSink();
    List<AuditEvent> sent = List.of(event(1), event(2), event(3));
    sent.forEach(sink::record);
    sink.flush();

    assertThat(delivered(sink)).containsExactlyElementsOf(sent);
    sink.close();
  }

  @Test
  void keepsAbsentFieldsAbsent() {
    AuditSink sink = newSink();
    AuditEvent bare = new AuditEvent(T0, "agent.started", AuditEvent.Outcome.SKIPPED, null, null, null, null,
        "started", Map.of());
    sink.record(bare);
    sink.flush();

    assertThat(delivered(sink)).containsExactly(bare);
    sink.close();
  }

  @Test
  void keepsHostileTextIntact() {
    AuditSink sink = newSink();
    AuditEvent hostile = new AuditEvent(T0, "item.failed", AuditEvent.Outcome.FAILURE, "run", "p", "c", "id\"7",
        "line one\nline two\t\"quoted\" \\ {braces} ünïcødé ✓ \u0000 end",
        Map.of("key with space", "value\nwith newline", "emoji", "🚀"));
    sink.record(hostile);
    sink.flush();

    assertThat(delivered(sink)).containsExactly(hostile);
    sink.close();
  }

  @Test
  void concurrentEventsAreAllDeliveredWhole() throws Exception {
    AuditSink sink = newSink();
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * 1000;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            sink.record(event(base + i));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    sink.flush();
    List<AuditEvent> delivered = delivered(sink);
    assertThat(delivered).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      int base = t * 1000;
      List<String> ids = delivered.stream().map(AuditEvent::itemId)
          .filter(id -> Integer.parseInt(id) / 1000 == base / 1000).toList();
      assertThat(ids).as("events of thread %d in order", t)
          .containsExactlyElementsOf(java.util.stream.IntStream.range(base, base + perThread)
              .mapToObj(Integer::toString).toList());
    }
    sink.close();
  }

  @Test
  void closingTwiceIsHarmless() {
    AuditSink sink = newSink();
    sink.record(event(1));
    sink.close();
    sink.close();

    assertThat(delivered(sink)).containsExactly(event(1));
  }
}
