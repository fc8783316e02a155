package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.sync.Side;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * The pair of item ids, one per side, that a plan keeps equal, with the canonical state last
 * synced (the base of the three-way merge) and a hash of what the agent itself last wrote to each
 * side (to recognise echoes).
 *
 * @param planId the plan
 * @param aId the item's id on side A
 * @param bId the item's id on side B
 * @param base the canonical fields last synced, as a JSON object
 * @param aWrittenHash hash of the state the agent last wrote to A, or null
 * @param bWrittenHash hash of the state the agent last wrote to B, or null
 * @param syncedAt when the pair was last synced
 */
public record Link(
    String planId, String aId, String bId, JsonNode base, @Nullable String aWrittenHash,
    @Nullable String bWrittenHash, Instant syncedAt) {
  public Link {
    requireNonNull(planId, "planId");
    requireNonNull(aId, "aId");
    requireNonNull(bId, "bId");
    requireNonNull(base, "base");
    if (!base.isObject()) {
      throw new IllegalArgumentException("link base must be a JSON object, was " + base.getNodeType());
    }
    base = base.deepCopy();
    requireNonNull(syncedAt, "syncedAt");
  }

  public String id(Side side) {
    return side == Side.A ? aId : bId;
  }

  public @Nullable String writtenHash(Side side) {
    return side == Side.A ? aWrittenHash : bWrittenHash;
  }
}
