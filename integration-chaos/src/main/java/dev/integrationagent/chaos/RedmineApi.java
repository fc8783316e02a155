package dev.integrationagent.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Redmine's REST API as the harness uses it: project setup, a person's edits and the
 * judge's listing, directly (never through a proxy), with {@code X-Redmine-API-Key}.
 */
final class RedmineApi {
  private final Http http;
  private final String base;
  private final String key;
  private final Map<Integer, Boolean> closedStatuses = new HashMap<>();
  private volatile String project = "";

  RedmineApi(Http http, String url, String key) {
    this.http = http;
    this.base = url.replaceAll("/$", "");
    this.key = key;
  }

  Http.Answer call(String method, String path, JsonNode body) {
    return http.call(method, base + path, "X-Redmine-API-Key", key, body);
  }

  String project() {
    return project;
  }

  /** Creates a fresh project with every tracker and issue tracking; the suite's issues live only there. */
  void createProject(String identifier) {
    ObjectNode p = Http.JSON.createObjectNode();
    ObjectNode project = p.putObject("project").put("name", identifier).put("identifier", identifier)
        .put("is_public", true);
    var trackers = project.putArray("tracker_ids");
    call("GET", "/trackers.json", null).require("Redmine trackers").body().path("trackers")
        .forEach(t -> trackers.add(t.path("id").asInt()));
    project.putArray("enabled_module_names").add("issue_tracking");
    call("POST", "/projects.json", p).require("Redmine create project " + identifier);
    this.project = identifier;
    call("GET", "/issue_statuses.json", null).require("Redmine statuses").body().path("issue_statuses")
        .forEach(s -> closedStatuses.put(s.path("id").asInt(), s.path("is_closed").asBoolean()));
  }

  void deleteProject() {
    call("DELETE", "/projects/" + project + ".json", null).require("Redmine delete project " + project);
  }

  /**
   * Checks that the sync-marker custom field applies to this project's issues and can filter them:
   * writes it on a probe issue, reads it back, finds the issue by it, deletes the probe.
   */
  void verifyMarkerField(long fieldId) {
    ObjectNode in = Http.JSON.createObjectNode();
    ObjectNode issue = in.putObject("issue").put("project_id", project).put("subject", "chaos marker probe");
    issue.putArray("custom_fields").addObject().put("id", fieldId).put("value", "chaos-probe-" + project);
    String id = call("POST", "/issues.json", in).require("Redmine marker probe").body().path("issue").path("id").asText();
    try {
      boolean stored = false;
      for (JsonNode f : call("GET", "/issues/" + id + ".json", null).require("probe read").body().path("issue")
          .path("custom_fields")) {
        stored |= f.path("id").asLong() == fieldId && ("chaos-probe-" + project).equals(f.path("value").asText());
      }
      int found = call("GET", "/issues.json?project_id=" + project + "&status_id=*&cf_" + fieldId + "=chaos-probe-"
          + project, null).require("probe filter").body().path("total_count").asInt();
      if (!stored || found != 1) {
        throw new IllegalStateException("Redmine custom field " + fieldId + " (Sync marker) does not apply to project "
            + project + " (stored=" + stored + ", found by filter=" + found + "); it must be is_for_all and is_filter,"
            + " as scripts/redmine-up.sh creates it");
      }
    } finally {
      call("DELETE", "/issues/" + id + ".json", null);
    }
  }

  /** Creates an issue (always New: Redmine ignores a status on create); returns it. */
  ToolItem create(String subject, String description) {
    ObjectNode in = Http.JSON.createObjectNode();
    in.putObject("issue").put("project_id", project).put("subject", subject).put("description", description);
    return item(call("POST", "/issues.json", in).require("Redmine create").body().path("issue"));
  }

  /** Sets one field ({@code subject}, {@code description}, {@code status_id}); Redmine answers 204. */
  void update(String id, String field, String value) {
    ObjectNode in = Http.JSON.createObjectNode();
    ObjectNode issue = in.putObject("issue");
    if (field.equals("status_id")) {
      issue.put(field, Integer.parseInt(value));
    } else {
      issue.put(field, value);
    }
    call("PUT", "/issues/" + id + ".json", in).require("Redmine update #" + id);
  }

  /** The issue's current status id. */
  int statusOf(String id) {
    return call("GET", "/issues/" + id + ".json", null).require("Redmine get #" + id).body().path("issue")
        .path("status").path("id").asInt();
  }

  boolean isClosed(int statusId) {
    Boolean closed = closedStatuses.get(statusId);
    if (closed == null) {
      throw new IllegalStateException("unknown Redmine status " + statusId + "; known: " + closedStatuses);
    }
    return closed;
  }

  /** Every issue of the project, open and closed, by id. */
  List<ToolItem> all() {
    List<ToolItem> out = new ArrayList<>();
    for (int offset = 0; offset < 100_000; offset += 100) {
      JsonNode page = call("GET", "/issues.json?project_id=" + project + "&status_id=*&sort=id&limit=100&offset="
          + offset, null).require("Redmine list").body();
      page.path("issues").forEach(i -> out.add(item(i)));
      if (page.path("issues").size() < 100 || offset + 100 >= page.path("total_count").asInt()) {
        return out;
      }
    }
    throw new IllegalStateException("Redmine listing did not end");
  }

  ToolItem item(JsonNode i) {
    int status = i.path("status").path("id").asInt();
    Boolean closed = closedStatuses.get(status);
    return new ToolItem(i.path("id").asText(), i.path("subject").asText(), i.path("description").asText(""),
        closed != null ? closed : i.path("status").path("is_closed").asBoolean(), i.path("status").path("name").asText());
  }
}
