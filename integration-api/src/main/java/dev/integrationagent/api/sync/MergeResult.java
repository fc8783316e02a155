package dev.integrationagent.api.sync;

import java.util.List;
import java.util.Map;

/**
 * What a {@link SyncStrategy} decided for one linked pair.
 *
 * @param toA fields to write to side A (empty: no write)
 * @param toB fields to write to side B (empty: no write)
 * @param base the new base after both writes succeed
 * @param parked conflicts left for a person; their fields are in neither write
 */
public record MergeResult(
    Map<String, com.fasterxml.jackson.databind.JsonNode> toA,
    Map<String, com.fasterxml.jackson.databind.JsonNode> toB,
    Map<String, com.fasterxml.jackson.databind.JsonNode> base,
    List<FieldConflict> parked) {
  public MergeResult {
    toA = Map.copyOf(toA);
    toB = Map.copyOf(toB);
    base = Map.copyOf(base);
    parked = List.copyOf(parked);
  }

  public boolean isNoop() {
    return toA.isEmpty() && toB.isEmpty() && parked.isEmpty();
  }
}
