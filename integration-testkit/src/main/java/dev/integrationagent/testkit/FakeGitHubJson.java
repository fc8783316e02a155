package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON of {@link FakeGitHub}'s issues, comments, milestones and users, in the shapes of
 * GitHub's OpenAPI description (schemas {@code issue}, {@code issue-comment}, {@code milestone},
 * {@code simple-user}, {@code reaction-rollup}), with URLs on the fake's own host.
 */
final class FakeGitHubJson {
  private final FakeGitHub server;
  private final FakeGitHubIssues issues;

  FakeGitHubJson(FakeGitHub server, FakeGitHubIssues issues) {
    this.server = server;
    this.issues = issues;
  }

  /**
   * The issue as GitHub's {@code issue} schema has it: every required field, the resource URLs,
   * labels, users ({@code simple-user}), the milestone and, for a pull request, its
   * {@code pull_request} links.
   */
  ObjectNode issue(FakeGitHubIssues.Issue i) {
    String api = server.url() + "/repos/" + server.repository();
    String url = api + "/issues/" + i.number;
    ObjectNode o = FakeServer.JSON.createObjectNode();
    o.put("url", url);
    o.put("repository_url", api);
    o.put("labels_url", url + "/labels{/name}");
    o.put("comments_url", url + "/comments");
    o.put("events_url", url + "/events");
    o.put("html_url", "https://github.com/" + server.repository() + (i.pullRequest ? "/pull/" : "/issues/") + i.number);
    o.put("id", 100_000L + i.number);
    o.put("node_id", (i.pullRequest ? "PR_kw" : "I_kw") + i.number);
    o.put("number", i.number);
    o.put("title", i.title);
    o.set("user", user(i.author));
    ArrayNode labels = o.putArray("labels");
    for (String l : i.labels) {
      long id = 200_000L + Math.abs(l.hashCode() % 100_000);
      labels.addObject().put("id", id).put("node_id", "LA_kw" + id)
          .put("url", api + "/labels/" + l.replace("%", "%25").replace(" ", "%20"))
          .put("name", l).put("color", "ededed").put("default", false).putNull("description");
    }
    o.put("state", i.state);
    o.put("locked", false);
    o.set("assignee", i.assignees.isEmpty() ? FakeServer.JSON.nullNode() : user(i.assignees.get(0)));
    ArrayNode assignees = o.putArray("assignees");
    i.assignees.forEach(a -> assignees.add(user(a)));
    if (i.milestone == null) {
      o.putNull("milestone");
    } else {
      o.set("milestone", milestone(i.milestone));
    }
    o.put("comments", issues.commentsOf(i.number).size());
    o.put("created_at", i.createdAt.toString());
    o.put("updated_at", i.updatedAt.toString());
    o.put("closed_at", i.closedAt == null ? null : i.closedAt.toString());
    o.putNull("active_lock_reason");
    o.put("author_association", "OWNER");
    if (i.pullRequest) {
      String html = "https://github.com/" + server.repository() + "/pull/" + i.number;
      o.put("draft", false);
      o.putObject("pull_request").put("url", api + "/pulls/" + i.number).put("html_url", html)
          .put("diff_url", html + ".diff").put("patch_url", html + ".patch").putNull("merged_at");
    }
    o.put("body", i.body);
    if (i.state.equals("closed")) {
      o.set("closed_by", user(i.closedBy == null ? i.author : i.closedBy));
    } else {
      o.putNull("closed_by");
    }
    o.set("reactions", reactions(url));
    o.put("timeline_url", url + "/timeline");
    o.putNull("performed_via_github_app");
    o.put("state_reason", i.stateReason);
    return o;
  }

  /** A milestone as GitHub's {@code milestone} schema has it, with its issue counts. */
  private ObjectNode milestone(int number) {
    FakeGitHubIssues.Milestone m = issues.milestones.get(number);
    String api = server.url() + "/repos/" + server.repository();
    ObjectNode o = FakeServer.JSON.createObjectNode();
    o.put("url", api + "/milestones/" + number);
    o.put("html_url", "https://github.com/" + server.repository() + "/milestone/" + number);
    o.put("labels_url", api + "/milestones/" + number + "/labels");
    o.put("id", 300_000L + number);
    o.put("node_id", "MI_kw" + number);
    o.put("number", number);
    o.put("title", m.title());
    o.putNull("description");
    o.set("creator", user(m.creator()));
    o.put("open_issues", issues.issues.values().stream().filter(i -> Integer.valueOf(number).equals(i.milestone)
        && i.state.equals("open")).count());
    o.put("closed_issues", issues.issues.values().stream().filter(i -> Integer.valueOf(number).equals(i.milestone)
        && i.state.equals("closed")).count());
    o.put("state", "open");
    o.put("created_at", m.createdAt().toString());
    o.put("updated_at", m.createdAt().toString());
    o.putNull("due_on");
    o.putNull("closed_at");
    return o;
  }

  /** No one reacts in the fake: every count is zero. */
  private static ObjectNode reactions(String url) {
    ObjectNode r = FakeServer.JSON.createObjectNode().put("url", url + "/reactions").put("total_count", 0);
    for (String kind : List.of("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")) {
      r.put(kind, 0);
    }
    return r;
  }

  ObjectNode comment(FakeGitHubIssues.Comment c) {
    String api = server.url() + "/repos/" + server.repository();
    ObjectNode o = FakeServer.JSON.createObjectNode();
    o.put("url", api + "/issues/comments/" + c.id());
    o.put("html_url", "https://github.com/" + server.repository() + "/issues/" + c.issue() + "#issuecomment-" + c.id());
    o.put("issue_url", api + "/issues/" + c.issue());
    o.put("id", c.id());
    o.put("node_id", "IC_kw" + c.id());
    o.set("user", user(c.author()));
    o.put("created_at", c.createdAt().toString());
    o.put("updated_at", c.updatedAt().toString());
    o.put("body", c.body());
    o.put("author_association", "OWNER");
    o.set("reactions", reactions(api + "/issues/comments/" + c.id()));
    o.putNull("performed_via_github_app");
    return o;
  }

  /**
   * A user as GitHub's {@code simple-user} schema has it: all of its 18 required fields, with
   * URLs on the fake's own host (as GitHub's point at api.github.com).
   */
  ObjectNode user(String login) {
    String api = server.url() + "/users/" + login;
    long id = 1000 + Math.abs(login.hashCode() % 100_000);
    ObjectNode u = FakeServer.JSON.createObjectNode();
    u.put("login", login);
    u.put("id", id);
    u.put("node_id", "MDQ6VXNlcj" + id);
    u.put("avatar_url", "https://avatars.githubusercontent.com/u/" + id + "?v=4");
    u.put("gravatar_id", "");
    u.put("url", api);
    u.put("html_url", "https://github.com/" + login);
    u.put("followers_url", api + "/followers");
    u.put("following_url", api + "/following{/other_user}");
    u.put("gists_url", api + "/gists{/gist_id}");
    u.put("starred_url", api + "/starred{/owner}{/repo}");
    u.put("subscriptions_url", api + "/subscriptions");
    u.put("organizations_url", api + "/orgs");
    u.put("repos_url", api + "/repos");
    u.put("events_url", api + "/events{/privacy}");
    u.put("received_events_url", api + "/received_events");
    u.put("type", login.endsWith("[bot]") ? "Bot" : "User");
    u.put("site_admin", false);
    return u;
  }

  /**
   * The repository as webhook deliveries carry it (GitHub's {@code repository-webhooks}): every
   * required field; a public, unarchived repository owned by the organization in its name.
   */
  ObjectNode repository() {
    String full = server.repository();
    String owner = full.substring(0, full.indexOf('/'));
    String name = full.substring(full.indexOf('/') + 1);
    String api = server.url() + "/repos/" + full;
    String html = "https://github.com/" + full;
    ObjectNode r = FakeServer.JSON.createObjectNode();
    r.put("id", 500_000L + Math.abs(full.hashCode() % 100_000));
    r.put("node_id", "R_kgDO" + Math.abs(full.hashCode() % 100_000));
    r.put("name", name);
    r.put("full_name", full);
    r.put("private", false);
    ObjectNode ownerJson = user(owner).put("type", "Organization");
    r.set("owner", ownerJson);
    r.put("html_url", html);
    r.putNull("description");
    r.put("fork", false);
    r.put("url", api);
    for (String[] u : new String[][] {
        {"archive_url", "/{archive_format}{/ref}"}, {"assignees_url", "/assignees{/user}"},
        {"blobs_url", "/git/blobs{/sha}"}, {"branches_url", "/branches{/branch}"},
        {"collaborators_url", "/collaborators{/collaborator}"}, {"comments_url", "/comments{/number}"},
        {"commits_url", "/commits{/sha}"}, {"compare_url", "/compare/{base}...{head}"},
        {"contents_url", "/contents/{+path}"}, {"contributors_url", "/contributors"},
        {"deployments_url", "/deployments"}, {"downloads_url", "/downloads"}, {"events_url", "/events"},
        {"forks_url", "/forks"}, {"git_commits_url", "/git/commits{/sha}"}, {"git_refs_url", "/git/refs{/sha}"},
        {"git_tags_url", "/git/tags{/sha}"}, {"hooks_url", "/hooks"}, {"issue_comment_url", "/issues/comments{/number}"},
        {"issue_events_url", "/issues/events{/number}"}, {"issues_url", "/issues{/number}"}, {"keys_url", "/keys{/key_id}"},
        {"labels_url", "/labels{/name}"}, {"languages_url", "/languages"}, {"merges_url", "/merges"},
        {"milestones_url", "/milestones{/number}"}, {"notifications_url", "/notifications{?since,all,participating}"},
        {"pulls_url", "/pulls{/number}"}, {"releases_url", "/releases{/id}"}, {"stargazers_url", "/stargazers"},
        {"statuses_url", "/statuses/{sha}"}, {"subscribers_url", "/subscribers"}, {"subscription_url", "/subscription"},
        {"tags_url", "/tags"}, {"teams_url", "/teams"}, {"trees_url", "/git/trees{/sha}"}}) {
      r.put(u[0], api + u[1]);
    }
    r.put("created_at", "2020-01-01T00:00:00Z");
    r.put("updated_at", "2020-01-01T00:00:00Z");
    r.putNull("pushed_at");
    r.put("git_url", "git://github.com/" + full + ".git");
    r.put("ssh_url", "git@github.com:" + full + ".git");
    r.put("clone_url", html + ".git");
    r.put("svn_url", html);
    r.putNull("homepage");
    r.put("size", 0);
    r.put("stargazers_count", 0);
    r.put("watchers_count", 0);
    r.put("watchers", 0);
    r.putNull("language");
    r.put("has_issues", true);
    r.put("has_projects", true);
    r.put("has_downloads", true);
    r.put("has_wiki", true);
    r.put("has_pages", false);
    r.put("forks_count", 0);
    r.put("forks", 0);
    r.putNull("mirror_url");
    r.put("archived", false);
    r.put("disabled", false);
    long open = issues.issues.values().stream().filter(i -> i.state.equals("open")).count();
    r.put("open_issues_count", open);
    r.put("open_issues", open);
    r.putNull("license");
    r.put("default_branch", "main");
    return r;
  }
}
