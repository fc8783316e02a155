package dev.integrationagent.api.audit;

/**
 * Where audit events go: a log, a JSON Lines file, a database, the host's own trail. Called from
 * sync and workflow threads concurrently, so implementations are thread-safe. A sink that fails
 * throws; the agent logs the failure and carries on with its other sinks.
 *
 * <pre>{@code
 * AuditSink toKafka = event -> producer.send(new ProducerRecord<>("audit", toJson(event)));
 * }</pre>
 */
@FunctionalInterface
public interface AuditSink extends AutoCloseable {
  void record(AuditEvent event);

  /**
   * Records a batch of events, in order: the agent hands each sink the records of a page of the
   * event stream at once and moves the sink's position past them when this returns, so a sink that
   * writes them in one transaction (or one write) must have them durable by then. The default
   * records each in turn. A sink that throws gets the whole batch again later (records it took
   * before it threw come again, with the same ids).
   */
  default void recordAll(java.util.List<AuditEvent> events) {
    for (AuditEvent event : events) {
      record(event);
    }
  }

  /** Pushes buffered events to durable storage. */
  default void flush() {}

  /** Flushes and releases resources; events recorded afterwards are an error. */
  @Override
  default void close() {}
}
