package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * A conflict parked for a person: both values and the base, untouched on both sides.
 *
 * @param id unique id of the conflict
 * @param planId the plan
 * @param aId the item's id on side A
 * @param bId the item's id on side B
 * @param field the canonical field
 * @param base the value at the last sync, or null
 * @param aValue side A's value
 * @param bValue side B's value
 * @param createdAt when it was parked
 */
public record ConflictRecord(
    String id, String planId, String aId, String bId, String field, @Nullable JsonNode base,
    JsonNode aValue, JsonNode bValue, Instant createdAt) {
  public ConflictRecord {
    requireNonNull(id, "id");
    requireNonNull(planId, "planId");
    requireNonNull(aId, "aId");
    requireNonNull(bId, "bId");
    requireNonNull(field, "field");
    requireNonNull(aValue, "aValue");
    requireNonNull(bValue, "bValue");
    requireNonNull(createdAt, "createdAt");
  }
}
