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

  /**
   * The canonical fields this mapping can write back to the tool. A rule without a reverse (an
   * expression without {@code reverse}, a many-to-one value table) or marked one-way is read-only.
   */
  default Set<String> writableFields() {
    return fields();
  }

  /**
   * Whether every rule can be applied in reverse, so the mapping can serve a two-way sync.
   * Rules marked one-way do not count against this.
   */
  /**
   * Whether the mapping names people as canonical users: through a {@code users} table from the
   * tool's user ids, or because its items are canonical already. Assignees are synced between
   * two connections only when both mappings do, or both connections are of one type (the same
   * ids): a GitHub login means nothing to Jira, and writing one there would only be refused.
   */
  default boolean mapsUsers() {
    return false;
  }

  default boolean reversible() {
    return true;
  }

  /** Names of rules that lose information in reverse and are not marked one-way; empty when reversible. */
  default java.util.List<String> lossyRules() {
    return java.util.List.of();
  }

  /**
   * The JSON pointers into the tool's item that {@code field} is read from ({@code "/subject"} for
   * a Redmine title), so that what a tool says of one vendor field ({@link
   * dev.integrationagent.api.connector.ConnectorSession#fieldsChangedAt}) can be told of the
   * canonical field. Empty where the field is computed by an expression, or not mapped.
   */
  default java.util.Set<String> sourcesOf(String field) {
    return java.util.Set.of();
  }

  /**
   * Maps a sample and reports, per field, the rule, its input, its output and any issue, without
   * failing on bad input.
   */
  MappingPreview preview(JsonNode vendor);
}
