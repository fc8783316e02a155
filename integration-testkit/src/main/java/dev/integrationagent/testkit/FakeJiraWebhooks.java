package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import javax.annotation.Nullable;

/** The webhook bodies of {@link FakeJira#webhookBody}: Jira's shape for issue and comment events. */
final class FakeJiraWebhooks {
  private FakeJiraWebhooks() {}

  static String body(FakeJira jira, String event, FakeJiraIssue issue, @Nullable String commentId) {
    String issueId = Long.toString(issue.id);
    ObjectNode body = FakeServer.JSON.createObjectNode();
    body.put("timestamp", jira.now().toEpochMilli());
    body.put("webhookEvent", event);
    ObjectNode comment = null;
    if (commentId != null) {
      comment = issue.comments.stream().filter(c -> c.path("id").asText().equals(commentId)).findFirst()
          .map(ObjectNode::deepCopy)
          .orElseThrow(() -> new IllegalArgumentException("issue " + issueId + " has no comment " + commentId));
      comment.put("body", FakeJiraIssue.plainText(comment.get("body")));
    }
    switch (event) {
      case "jira:issue_created" -> {
        body.put("issue_event_type_name", "issue_created");
        body.set("user", user(jira, issue.creator));
      }
      case "jira:issue_updated" -> {
        if (comment != null) {
          body.put("issue_event_type_name", "issue_commented");
          body.set("user", user(jira, comment.path("author").path("accountId").asText()));
        } else {
          if (issue.history.isEmpty()) {
            throw new IllegalArgumentException("issue " + issueId + " has no change since it was created: Jira sends"
                + " jira:issue_updated for a change (or a comment)");
          }
          FakeJiraIssue.Change change = issue.history.get(issue.history.size() - 1);
          boolean status = change.items().stream().anyMatch(i -> i.path("fieldId").asText().equals("status"));
          boolean assigneeOnly = change.items().stream().allMatch(i -> i.path("fieldId").asText().equals("assignee"));
          body.put("issue_event_type_name", status ? "issue_generic" : assigneeOnly ? "issue_assigned" : "issue_updated");
          body.set("user", user(jira, change.author()));
          ObjectNode changelog = body.putObject("changelog").put("id", change.id());
          ArrayNode items = changelog.putArray("items");
          change.items().forEach(i -> items.add(i.deepCopy()));
        }
      }
      case "jira:issue_deleted" -> {
        body.put("issue_event_type_name", "issue_deleted");
        body.set("user", user(jira, issue.history.isEmpty() ? issue.creator
            : issue.history.get(issue.history.size() - 1).author()));
      }
      case "comment_created", "comment_updated", "comment_deleted" -> {
        if (comment == null) {
          throw new IllegalArgumentException(event + " needs the comment it is about");
        }
      }
      default -> throw new IllegalArgumentException("event must be jira:issue_created, jira:issue_updated,"
          + " jira:issue_deleted, comment_created, comment_updated or comment_deleted but was '" + event + "'");
    }
    ObjectNode json = issue.json(jira.url());
    JsonNode description = json.path("fields").get("description");
    if (description != null && description.isObject()) {
      ((ObjectNode) json.get("fields")).put("description", FakeJiraIssue.plainText(description));
    }
    body.set("issue", json);
    if (comment != null) {
      body.set("comment", comment);
    }
    return body.toString();
  }

  /** A user as Jira's webhooks and {@code /user} show one. */
  private static ObjectNode user(FakeJira jira, String accountId) {
    ObjectNode user = FakeServer.JSON.createObjectNode();
    user.put("self", jira.url() + "/rest/api/3/user?accountId=" + accountId);
    user.put("accountId", accountId);
    ObjectNode avatars = user.putObject("avatarUrls");
    for (String size : List.of("48x48", "24x24", "16x16", "32x32")) {
      avatars.put(size, "https://secure.gravatar.com/avatar/" + accountId + "?d=mm&s=" + size.substring(0, 2));
    }
    user.put("displayName", accountId.equals(jira.accountId()) ? "Integration Bot" : FakeJiraIssue.displayName(accountId));
    user.put("active", true);
    user.put("timeZone", jira.userZone().getId());
    user.put("accountType", "atlassian");
    return user;
  }
}
