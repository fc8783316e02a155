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
 * @param aChanged the fields side A changed since the last sync, or null to compare A with the base
 * @param bChanged the fields side B changed since the last sync, or null to compare B with the base
 */
public record MergeInput(
    String planId, @Nullable Map<String, JsonNode> base, Map<String, JsonNode> a,
    Map<String, JsonNode> b, Instant aUpdatedAt, Instant bUpdatedAt,
    @Nullable java.util.Set<String> aChanged, @Nullable java.util.Set<String> bChanged) {

  /** An input whose changes are found by comparing each side with the base. */
  public MergeInput(String planId, @Nullable Map<String, JsonNode> base, Map<String, JsonNode> a,
      Map<String, JsonNode> b, Instant aUpdatedAt, Instant bUpdatedAt) {
    this(planId, base, a, b, aUpdatedAt, bUpdatedAt, null, null);
  }

  public MergeInput {
    requireNonNull(planId, "planId");
    base = base == null ? null : Map.copyOf(base);
    a = Map.copyOf(a);
    b = Map.copyOf(b);
    requireNonNull(aUpdatedAt, "aUpdatedAt");
    requireNonNull(bUpdatedAt, "bUpdatedAt");
    aChanged = aChanged == null ? null : java.util.Set.copyOf(aChanged);
    bChanged = bChanged == null ? null : java.util.Set.copyOf(bChanged);
  }
}
