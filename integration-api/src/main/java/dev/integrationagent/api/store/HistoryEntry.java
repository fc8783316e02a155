package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.sync.Side;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One applied field change of a linked item: "why did this field change".
 *
 * @param planId the plan
 * @param aId the link's side-A id, which names the link
 * @param runId the run that applied it
 * @param from the side the change came from
 * @param field the canonical field
 * @param oldValue the value before, or null when there was none
 * @param newValue the value after, or null when it was cleared
 * @param at when it was applied
 */
public record HistoryEntry(
    String planId, String aId, String runId, Side from, String field, @Nullable JsonNode oldValue,
    @Nullable JsonNode newValue, Instant at) {
  public HistoryEntry {
    requireNonNull(planId, "planId");
    requireNonNull(aId, "aId");
    requireNonNull(runId, "runId");
    requireNonNull(from, "from");
    requireNonNull(field, "field");
    requireNonNull(at, "at");
  }
}
