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

  /** Pushes buffered events to durable storage. */
  default void flush() {}

  /** Flushes and releases resources; events recorded afterwards are an error. */
  @Override
  default void close() {}
}
