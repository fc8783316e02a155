package dev.integrationagent;

import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.mapping.FieldRenameMapping;
import java.util.Map;

/**
 * Builds mappings between a tool's JSON and the canonical item.
 *
 * <pre>{@code
 * Mapping m = Mappings.renaming(Map.of("title", "/summary", "labels", "/tags"));
 * }</pre>
 */
public final class Mappings {
  private static final Mapping IDENTITY = FieldRenameMapping.of(Map.of());

  private Mappings() {}

  /** For tools whose JSON already is the canonical document (the test kit's in-memory tracker). */
  public static Mapping identity() {
    return IDENTITY;
  }

  /**
   * The canonical document with some fields under other names: each key is a canonical field
   * ({@code title}, {@code custom.points}), each value the JSON pointer where the tool keeps it.
   *
   * @throws dev.integrationagent.api.ConfigurationException listing every bad field and pointer
   */
  public static Mapping renaming(Map<String, String> renames) {
    return FieldRenameMapping.of(renames);
  }
}
