package dev.integrationagent.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The canonical work item every connection maps to and from. Mappings are hub-and-spoke: each
 * tool maps its JSON to this shape, so N tools need N mappings.
 *
 * <pre>{@code
 * WorkItem item = WorkItem.builder()
 *     .title("Login fails on Safari")
 *     .description("Steps:\n\n1. open *login*")
 *     .status(Status.of("In Progress", StatusCategory.IN_PROGRESS))
 *     .labels(List.of("bug"))
 *     .build();
 * }</pre>
 *
 * @param title one-line summary; never blank
 * @param description body as CommonMark Markdown; empty when the item has none
 * @param status current status, or null when the tool has none
 * @param priority the priority's name ({@code "High"}), or null
 * @param assignees user identities as the mapping produces them (logins, emails or account ids)
 * @param labels labels or tags, in the tool's order
 * @param dueDate due date, or null
 * @param createdAt when the item was created in its tool, or null when unknown
 * @param updatedAt when the item was last changed in its tool, or null when unknown
 * @param customFields any further fields, by canonical name
 */
public record WorkItem(
    String title,
    String description,
    @Nullable Status status,
    @Nullable String priority,
    List<String> assignees,
    List<String> labels,
    @Nullable LocalDate dueDate,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt,
    Map<String, JsonNode> customFields) {

  public WorkItem {
    requireNonNull(title, "title");
    if (title.isBlank()) {
      throw new IllegalArgumentException("work item title is blank");
    }
    requireNonNull(description, "description");
    assignees = List.copyOf(assignees);
    labels = List.copyOf(labels);
    customFields = unmodifiableCopy(customFields);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this item's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.title = title;
    b.description = description;
    b.status = status;
    b.priority = priority;
    b.assignees = new ArrayList<>(assignees);
    b.labels = new ArrayList<>(labels);
    b.dueDate = dueDate;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.customFields = new LinkedHashMap<>(customFields);
    return b;
  }

  private static Map<String, JsonNode> unmodifiableCopy(Map<String, JsonNode> fields) {
    // keeps insertion order (Map.copyOf would not) so that written JSON is stable
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    fields.forEach((name, value) -> copy.put(requireNonNull(name, "custom field name"),
        requireNonNull(value, () -> "custom field " + name).deepCopy()));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** Builds {@link WorkItem}s; only the title is required. */
  public static final class Builder {
    private @Nullable String title;
    private String description = "";
    private @Nullable Status status;
    private @Nullable String priority;
    private List<String> assignees = new ArrayList<>();
    private List<String> labels = new ArrayList<>();
    private @Nullable LocalDate dueDate;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private Map<String, JsonNode> customFields = new LinkedHashMap<>();

    private Builder() {}

    public Builder title(String title) {
      this.title = requireNonNull(title, "title");
      return this;
    }

    public Builder description(String markdown) {
      this.description = requireNonNull(markdown, "markdown");
      return this;
    }

    public Builder status(@Nullable Status status) {
      this.status = status;
      return this;
    }

    public Builder priority(@Nullable String priority) {
      this.priority = priority;
      return this;
    }

    public Builder assignees(List<String> assignees) {
      this.assignees = new ArrayList<>(assignees);
      return this;
    }

    public Builder labels(List<String> labels) {
      this.labels = new ArrayList<>(labels);
      return this;
    }

    public Builder dueDate(@Nullable LocalDate dueDate) {
      this.dueDate = dueDate;
      return this;
    }

    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder customField(String name, JsonNode value) {
      customFields.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    public Builder customFields(Map<String, JsonNode> fields) {
      this.customFields = new LinkedHashMap<>(fields);
      return this;
    }

    public WorkItem build() {
      if (title == null) {
        throw new IllegalStateException("work item has no title");
      }
      return new WorkItem(title, description, status, priority, assignees, labels, dueDate,
          createdAt, updatedAt, customFields);
    }
  }
}
