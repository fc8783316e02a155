package dev.integrationagent.connectors.github;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * GitHub issues are only open or closed (with a reason); status names of other trackers map onto
 * that: names of the DONE category close as completed, "won't do" names close as not planned,
 * TODO and IN_PROGRESS names reopen.
 */
final class GitHubStatuses {
  /** The state to write and its {@code state_reason} (null: GitHub chooses). */
  record Target(String state, @Nullable String reason) {}

  private static final Target OPEN = new Target("open", null);
  private static final Target COMPLETED = new Target("closed", "completed");
  private static final Target NOT_PLANNED = new Target("closed", "not_planned");
  private static final Map<String, Target> NAMES = Map.ofEntries(
      Map.entry("open", OPEN), Map.entry("opened", OPEN), Map.entry("reopen", OPEN),
      Map.entry("reopened", OPEN), Map.entry("todo", OPEN), Map.entry("to do", OPEN),
      Map.entry("new", OPEN), Map.entry("backlog", OPEN), Map.entry("in progress", OPEN),
      Map.entry("closed", COMPLETED), Map.entry("close", COMPLETED), Map.entry("done", COMPLETED),
      Map.entry("completed", COMPLETED), Map.entry("complete", COMPLETED),
      Map.entry("resolved", COMPLETED), Map.entry("fixed", COMPLETED),
      Map.entry("not planned", NOT_PLANNED), Map.entry("won't do", NOT_PLANNED),
      Map.entry("wont do", NOT_PLANNED), Map.entry("won't fix", NOT_PLANNED),
      Map.entry("wontfix", NOT_PLANNED), Map.entry("cancelled", NOT_PLANNED),
      Map.entry("canceled", NOT_PLANNED), Map.entry("rejected", NOT_PLANNED),
      Map.entry("invalid", NOT_PLANNED), Map.entry("duplicate", new Target("closed", "duplicate")));

  private GitHubStatuses() {}

  static Target resolve(String status, String connectionId) {
    String key = status.trim().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
    Target target = NAMES.get(key);
    if (target == null) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId,
          connectionId + ": cannot move a GitHub issue to status '" + status
              + "': GitHub issues are only open or closed. Use one of " + new TreeSet<>(NAMES.keySet())
              + " or map the status to one of them.", null);
    }
    return target;
  }
}
