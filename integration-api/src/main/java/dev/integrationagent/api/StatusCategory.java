package dev.integrationagent.api;

/** The tool-independent meaning of a status, so that "Done" in Jira and "Closed" in Redmine agree. */
public enum StatusCategory {
  TODO,
  IN_PROGRESS,
  DONE
}
