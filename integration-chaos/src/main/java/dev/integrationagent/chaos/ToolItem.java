package dev.integrationagent.chaos;

/**
 * One issue as its tool holds it, read directly (never through the agent).
 *
 * @param id the tool's id (GitHub issue number, Redmine issue id)
 * @param title title or subject
 * @param description body (GitHub's hidden sync marker removed) or description; never null
 * @param closed whether the status is a closed one (GitHub closed; Redmine status with is_closed)
 * @param status the status as the tool names it ({@code open}, {@code In Progress}, ...)
 */
record ToolItem(String id, String title, String description, boolean closed, String status) {}
