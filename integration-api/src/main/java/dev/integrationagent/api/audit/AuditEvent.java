package dev.integrationagent.api.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * One entry of the audit trail. Never carries a secret.
 *
 * @param at when it happened
 * @param type what happened, dotted ({@code item.created}, {@code item.updated}, {@code pass.finished}: an event type of the stream, or {@code http.call})
 * @param outcome whether it succeeded
 * @param runId the run, or null outside a run
 * @param planId the plan, or null
 * @param connectionId the connection written to or read from, or null
 * @param itemId the item's id on that connection, or null
 * @param message one readable sentence
 * @param attributes further facts (fields changed, error category), sorted by name
 */
public record AuditEvent(
    Instant at, String type, Outcome outcome, @Nullable String runId, @Nullable String planId,
    @Nullable String connectionId, @Nullable String itemId, String message,
    Map<String, String> attributes) {

  /** Whether the step succeeded. */
  public enum Outcome {
    SUCCESS,
    FAILURE,
    SKIPPED
  }

  public AuditEvent {
    requireNonNull(at, "at");
    requireNonNull(type, "type");
    requireNonNull(outcome, "outcome");
    requireNonNull(message, "message");
    if (type.isBlank()) {
      throw new IllegalArgumentException("audit event type is blank");
    }
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }
}
