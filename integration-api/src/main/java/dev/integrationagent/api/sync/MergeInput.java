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
 * @param aChangedAt when side A last changed a field, where its tool tells (else {@code aUpdatedAt} stands)
 * @param bChangedAt the same for side B
 */
public record MergeInput(
    String planId, @Nullable Map<String, JsonNode> base, Map<String, JsonNode> a,
    Map<String, JsonNode> b, Instant aUpdatedAt, Instant bUpdatedAt,
    @Nullable java.util.Set<String> aChanged, @Nullable java.util.Set<String> bChanged,
    Map<String, Instant> aChangedAt, Map<String, Instant> bChangedAt) {

  /** An input with the changed fields known, and no field's own change time. */
  public MergeInput(String planId, @Nullable Map<String, JsonNode> base, Map<String, JsonNode> a,
      Map<String, JsonNode> b, Instant aUpdatedAt, Instant bUpdatedAt,
      @Nullable java.util.Set<String> aChanged, @Nullable java.util.Set<String> bChanged) {
    this(planId, base, a, b, aUpdatedAt, bUpdatedAt, aChanged, bChanged, Map.of(), Map.of());
  }

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
    aChangedAt = Map.copyOf(aChangedAt);
    bChangedAt = Map.copyOf(bChangedAt);
  }

  /** When side A last changed {@code field}: its own time where known, else the item's. */
  public Instant aTimeOf(String field) {
    return aChangedAt.getOrDefault(field, aUpdatedAt);
  }

  /** When side B last changed {@code field}: its own time where known, else the item's. */
  public Instant bTimeOf(String field) {
    return bChangedAt.getOrDefault(field, bUpdatedAt);
  }
}
