package dev.integrationagent.api.mapping;

import java.util.List;

/**
 * Names of the canonical item's fields as mappings, diffs, history and conflicts refer to them.
 * Custom fields are named {@code custom.<name>}.
 */
public final class CanonicalFields {
  public static final String TITLE = "title";
  public static final String DESCRIPTION = "description";
  public static final String STATUS = "status";
  public static final String PRIORITY = "priority";
  public static final String ASSIGNEES = "assignees";
  public static final String LABELS = "labels";
  public static final String DUE_DATE = "dueDate";
  /** Prefix of custom field names. */
  public static final String CUSTOM_PREFIX = "custom.";
  /** In {@link Mapping#fields()}: the mapping carries every custom field, whatever its name. */
  public static final String ALL_CUSTOM = "custom.*";

  /** The fields a sync writes, in a stable order. {@code createdAt} and {@code updatedAt} are read-only. */
  public static final List<String> SYNCABLE =
      List.of(TITLE, DESCRIPTION, STATUS, PRIORITY, ASSIGNEES, LABELS, DUE_DATE);

  private CanonicalFields() {}

  public static String custom(String name) {
    return CUSTOM_PREFIX + name;
  }

  /** Whether a mapping that declares {@code declared} carries {@code field}. */
  public static boolean covers(java.util.Set<String> declared, String field) {
    return declared.contains(field) || (field.startsWith(CUSTOM_PREFIX) && declared.contains(ALL_CUSTOM));
  }
}
