package dev.integrationagent.testkit;

import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import java.util.Locale;
import java.util.Set;

/** The in-memory tracker's workflow: any status name, categorised the way most trackers do. */
final class Statuses {
  private static final Set<String> DONE = Set.of("done", "closed", "resolved", "rejected", "fixed");
  private static final Set<String> TODO = Set.of("to do", "todo", "open", "new", "backlog");

  private Statuses() {}

  static Status named(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    StatusCategory category = DONE.contains(key) ? StatusCategory.DONE
        : TODO.contains(key) ? StatusCategory.TODO : StatusCategory.IN_PROGRESS;
    return Status.of(name, category);
  }
}
