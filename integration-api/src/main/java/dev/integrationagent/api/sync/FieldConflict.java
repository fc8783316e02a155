package dev.integrationagent.api.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * The same canonical field changed on both sides since the last sync.
 *
 * @param planId the plan
 * @param field the canonical field name
 * @param base its value at the last sync, or null when it had none
 * @param a the value on side A
 * @param b the value on side B
 * @param aUpdatedAt when side A's item last changed
 * @param bUpdatedAt when side B's item last changed
 */
public record FieldConflict(
    String planId, String field, @Nullable JsonNode base, JsonNode a, JsonNode b,
    Instant aUpdatedAt, Instant bUpdatedAt) {
  public FieldConflict {
    requireNonNull(planId, "planId");
    requireNonNull(field, "field");
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    requireNonNull(aUpdatedAt, "aUpdatedAt");
    requireNonNull(bUpdatedAt, "bUpdatedAt");
  }

  public JsonNode value(Side side) {
    return side == Side.A ? a : b;
  }
}
