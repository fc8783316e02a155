package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.sync.Side;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * The pair of item ids, one per side, that a plan keeps equal, with the canonical state last
 * synced (the base of the three-way merge) and, per side and field, a hash of the value the agent
 * last saw there after syncing, as read back after its own write. A side's field whose hash
 * still matches has not changed since: that is how an echo of the agent's own write is
 * recognised, even where a tool normalises what it was sent.
 *
 * @param planId the plan
 * @param aId the item's id on side A
 * @param bId the item's id on side B
 * @param base the canonical fields last synced, as a JSON object
 * @param aSeen per canonical field, the hash of side A's value at the last sync (a JSON object)
 * @param bSeen per canonical field, the hash of side B's value at the last sync (a JSON object)
 * @param syncedAt when the pair was last synced
 */
public record Link(
    String planId, String aId, String bId, JsonNode base, JsonNode aSeen, JsonNode bSeen,
    Instant syncedAt) {
  public Link {
    requireNonNull(planId, "planId");
    requireNonNull(aId, "aId");
    requireNonNull(bId, "bId");
    requireNonNull(base, "base");
    if (!base.isObject()) {
      throw new IllegalArgumentException("link base must be a JSON object, was " + base.getNodeType());
    }
    base = base.deepCopy();
    aSeen = object(aSeen, "aSeen");
    bSeen = object(bSeen, "bSeen");
    requireNonNull(syncedAt, "syncedAt");
  }

  public String id(Side side) {
    return side == Side.A ? aId : bId;
  }

  /** The field hashes seen on {@code side} at the last sync. */
  public JsonNode seen(Side side) {
    return side == Side.A ? aSeen : bSeen;
  }

  /** The hash of {@code field} seen on {@code side} at the last sync, or null when none was recorded. */
  public @Nullable String seen(Side side, String field) {
    JsonNode hash = seen(side).get(field);
    return hash == null || !hash.isTextual() ? null : hash.textValue();
  }

  private static JsonNode object(JsonNode node, String name) {
    requireNonNull(node, name);
    if (!node.isObject()) {
      throw new IllegalArgumentException(name + " must be a JSON object, was " + node.getNodeType());
    }
    return node.deepCopy();
  }
}
