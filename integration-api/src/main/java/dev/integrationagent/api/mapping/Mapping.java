package dev.integrationagent.api.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.WorkItem;
import java.util.Set;

/**
 * Maps one tool's JSON to the canonical {@link WorkItem} and back. Compiled once, thread-safe,
 * shared. Core's {@code Mappings} builds them from files or in Java.
 */
public interface Mapping {
  /**
   * Reads a vendor item.
   *
   * @throws dev.integrationagent.api.IntegrationException {@code VALIDATION} naming the rule and
   *     JSON path of every problem (required field missing, wrong type, unmapped value)
   */
  WorkItem toCanonical(JsonNode vendor);

  /**
   * Writes the named canonical fields of {@code item} in the tool's JSON shape: all of
   * {@link #fields()} for a create, only the changed ones for an update.
   */
  JsonNode fromCanonical(WorkItem item, Set<String> fields);

  /** The canonical fields this mapping reads and writes (see {@link CanonicalFields}). */
  Set<String> fields();

  /** Whether every rule can be applied in reverse, so the mapping can serve a two-way sync. */
  default boolean reversible() {
    return true;
  }
}
