package dev.integrationagent.connectors.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Picks the workflow transition that reaches a status: the one whose target status has that
 * name, or failing that the first whose target is in the status category the name stands for
 * ({@code Done}, {@code Closed}, {@code Resolved} → {@code done}; {@code To Do}, {@code Open},
 * {@code Backlog} → {@code new}; {@code In Progress} → {@code indeterminate}).
 */
final class JiraTransitions {
  private static final Map<String, String> CATEGORY_OF = Map.ofEntries(
      Map.entry("done", "done"), Map.entry("closed", "done"), Map.entry("resolved", "done"),
      Map.entry("fixed", "done"), Map.entry("rejected", "done"), Map.entry("complete", "done"),
      Map.entry("to do", "new"), Map.entry("todo", "new"), Map.entry("open", "new"),
      Map.entry("new", "new"), Map.entry("backlog", "new"),
      Map.entry("in progress", "indeterminate"), Map.entry("indeterminate", "indeterminate"),
      Map.entry("in review", "indeterminate"), Map.entry("in-flight", "indeterminate"));

  private JiraTransitions() {}

  /** The status category key a status name stands for, or null when it says nothing. */
  static @Nullable String categoryOf(String statusName) {
    return CATEGORY_OF.get(statusName.strip().toLowerCase(Locale.ROOT));
  }

  /** Whether an issue in {@code status} is already where {@code target} asks it to be. */
  static boolean alreadyAt(JsonNode status, String target) {
    return status.path("name").asText("").equalsIgnoreCase(target.strip());
  }

  /**
   * The transition to take ({@code {"id": ..., "to": {status}}}), or empty when the issue's current status is already in
   * the category the target stands for and no status has the target's name; VALIDATION naming
   * the available transitions when none fits.
   */
  static Optional<JsonNode> choose(JsonNode current, JsonNode transitions, String target, String issue,
      String connectionId) {
    JsonNode list = transitions.path("transitions");
    Optional<JsonNode> byName = find(list, t -> t.path("to").path("name").asText("").equalsIgnoreCase(target.strip()));
    if (byName.isPresent()) {
      return byName;
    }
    String category = categoryOf(target);
    if (category != null && category.equals(current.path("statusCategory").path("key").asText())) {
      return Optional.empty();
    }
    if (category != null) {
      Optional<JsonNode> byCategory = find(list, t -> category.equals(t.path("to").path("statusCategory").path("key").asText()));
      if (byCategory.isPresent()) {
        return byCategory;
      }
    }
    List<String> available = new ArrayList<>();
    for (JsonNode t : list) {
      available.add("'" + t.path("name").asText() + "' (id " + t.path("id").asText() + ") → '"
          + t.path("to").path("name").asText() + "'");
    }
    throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
        "no Jira workflow transition moves issue " + issue + " to status '" + target + "'; available: "
            + (available.isEmpty() ? "none" : String.join(", ", available))
            + ". Map the status to one of these, or add the transition to the workflow", null);
  }

  private static Optional<JsonNode> find(JsonNode list, java.util.function.Predicate<JsonNode> test) {
    for (JsonNode t : list) {
      if (t.path("isAvailable").asBoolean(true) && test.test(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
