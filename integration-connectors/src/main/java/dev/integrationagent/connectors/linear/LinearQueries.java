package dev.integrationagent.connectors.linear;

import java.util.List;

/**
 * Every GraphQL document the connector sends, as constants: one place to read what it asks of
 * Linear, and what the conformance test validates against Linear's published schema. Each
 * document is self-contained (the issue fields are spelled out, not a shared fragment) so that a
 * document read from traffic validates on its own.
 */
final class LinearQueries {
  /** The issue as the mapping reads it; the same selection for every read and every write's answer. */
  static final String ISSUE_FIELDS = """
      id identifier title description priority priorityLabel dueDate estimate url
      createdAt updatedAt archivedAt trashed
      state { id name type }
      team { id key }
      assignee { id name email }""";

  private static final String COMMENT_FIELDS = "id body createdAt updatedAt user { id name }";

  /** The team by its key, with its workflow states (a team has a few dozen at most). */
  static final String TEAM = """
      query Team($key: String!) {
        teams(first: 1, filter: { key: { eq: $key } }) {
          nodes { id key name states(first: 100) { nodes { id name type position } } }
        }
      }""";

  /**
   * The team's issues changed at or after {@code since}, archived and trashed ones included (a
   * delete is a change to list). Linear orders by {@code updatedAt} with the latest first; the
   * connector sorts what it read, so it depends on no direction.
   */
  static final String ISSUES_CHANGED = """
      query IssuesChanged($teamId: ID!, $since: DateTimeOrDuration!, $first: Int!, $after: String) {
        issues(first: $first, after: $after, orderBy: updatedAt, includeArchived: true,
            filter: { team: { id: { eq: $teamId } }, updatedAt: { gte: $since } }) {
          nodes { %s }
          pageInfo { hasNextPage endCursor }
        }
      }""".formatted(ISSUE_FIELDS);

  static final String ISSUE = """
      query Issue($id: String!) {
        issue(id: $id) { %s }
      }""".formatted(ISSUE_FIELDS);

  static final String ISSUE_CREATE = """
      mutation IssueCreate($input: IssueCreateInput!) {
        issueCreate(input: $input) { success issue { %s } }
      }""".formatted(ISSUE_FIELDS);

  static final String ISSUE_UPDATE = """
      mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) {
        issueUpdate(id: $id, input: $input) { success issue { %s } }
      }""".formatted(ISSUE_FIELDS);

  /** Moves the issue to the trash, from which Linear deletes it for good after 30 days. */
  static final String ISSUE_DELETE = """
      mutation IssueDelete($id: String!) {
        issueDelete(id: $id) { success }
      }""";

  static final String COMMENTS = """
      query IssueComments($id: String!, $first: Int!, $after: String) {
        issue(id: $id) {
          comments(first: $first, after: $after, orderBy: createdAt) {
            nodes { %s }
            pageInfo { hasNextPage endCursor }
          }
        }
      }""".formatted(COMMENT_FIELDS);

  static final String COMMENT_CREATE = """
      mutation CommentCreate($input: CommentCreateInput!) {
        commentCreate(input: $input) { success comment { %s } }
      }""".formatted(COMMENT_FIELDS);

  static final String COMMENT_UPDATE = """
      mutation CommentUpdate($id: String!, $input: CommentUpdateInput!) {
        commentUpdate(id: $id, input: $input) { success comment { %s } }
      }""".formatted(COMMENT_FIELDS);

  /** The health check: the cheapest authenticated query. */
  static final String VIEWER = """
      query Viewer {
        viewer { id name }
      }""";

  /** Every document above, for the schema conformance test. */
  static final List<String> ALL = List.of(TEAM, ISSUES_CHANGED, ISSUE, ISSUE_CREATE, ISSUE_UPDATE, ISSUE_DELETE,
      COMMENTS, COMMENT_CREATE, COMMENT_UPDATE, VIEWER);

  private LinearQueries() {}
}
