package dev.integrationagent.api;

import static java.util.Objects.requireNonNull;

/**
 * A work item's status: the tool's own name and its tool-independent category.
 *
 * @param name the status as the tool names it, for example {@code "In Review"}
 * @param category what the status means across tools
 */
public record Status(String name, StatusCategory category) {
  public Status {
    requireNonNull(name, "name");
    requireNonNull(category, "category");
    if (name.isBlank()) {
      throw new IllegalArgumentException("status name is blank");
    }
  }

  public static Status of(String name, StatusCategory category) {
    return new Status(name, category);
  }
}
