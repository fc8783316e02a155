package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.sync.FieldConflict;
import dev.integrationagent.api.sync.Side;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine will do with one item, computed by {@link Decisions} without I/O before anything
 * is written; the executor ({@link ItemSync}) acts on it.
 */
sealed interface Decision {

  /** The tool reported the item deleted: the plan's delete policy acts on its link. */
  record Delete() implements Decision {}

  /** Out of the plan's scope on its side: not created, and no longer synced once it leaves. */
  record OutOfScope() implements Decision {}

  /** Nothing to do: new on a side the plan does not create from, or nothing new on either side. */
  record Unchanged(String reason) implements Decision {}

  /** Nothing new on the source since the last sync: often the echo of the agent's own write. */
  record SkipEcho() implements Decision {}

  /** A new item: create it on {@code target} with these fields. */
  record Create(Side target, Set<String> fields) implements Decision {}

  /**
   * A two-way change whose merge needs the other side's state: read it (or trust it as last
   * seen), then decide with {@link Decisions#prepare} and {@link Decisions#merge}.
   */
  record ReadOtherSide() implements Decision {}

  /**
   * Write each side what it lacks, record {@code base} as agreed, and queue {@code parked} for a
   * person.
   *
   * @param toA fields to write to side A
   * @param toB fields to write to side B
   * @param base the new base of the merged fields
   * @param parked conflicts the policy left to a person
   * @param conflicting fields both sides changed to different values (parked or decided by the policy)
   * @param agreedByBoth whether some field was changed on both sides to the same value
   */
  record Update(Map<String, JsonNode> toA, Map<String, JsonNode> toB, Map<String, JsonNode> base,
      List<FieldConflict> parked, Set<String> conflicting, boolean agreedByBoth) implements Decision {
    public Update {
      toA = Map.copyOf(toA);
      toB = Map.copyOf(toB);
      base = Map.copyOf(base);
      parked = List.copyOf(parked);
      conflicting = Set.copyOf(conflicting);
    }

    Map<String, JsonNode> to(Side side) {
      return side == Side.A ? toA : toB;
    }

    boolean writes() {
      return !toA.isEmpty() || !toB.isEmpty();
    }
  }
}
