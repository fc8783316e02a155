package dev.integrationagent.api.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * One linked pair as the sync engine sees it, in canonical fields ({@code
 * dev.integrationagent.api.mapping.CanonicalFields}).
 *
 * @param planId the plan
 * @param base the fields last synced, or null for a pair never synced
 * @param a side A's current fields
 * @param b side B's current fields
 * @param aUpdatedAt when side A last changed
 * @param bUpdatedAt when side B last changed
 */
public record MergeInput(
    String planId, @Nullable Map<String, JsonNode> base, Map<String, JsonNode> a,
    Map<String, JsonNode> b, Instant aUpdatedAt, Instant bUpdatedAt) {
  public MergeInput {
    requireNonNull(planId, "planId");
    base = base == null ? null : Map.copyOf(base);
    a = Map.copyOf(a);
    b = Map.copyOf(b);
    requireNonNull(aUpdatedAt, "aUpdatedAt");
    requireNonNull(bUpdatedAt, "bUpdatedAt");
  }
}
