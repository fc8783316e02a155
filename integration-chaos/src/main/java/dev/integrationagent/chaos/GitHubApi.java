package dev.integrationagent.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The fake GitHub's REST API as a person and the judge use it: directly, never through a proxy. */
final class GitHubApi {
  /** The connector's hidden sync marker, as {@code GitHubMarkers} writes it; people never see it. */
  private static final Pattern MARKER =
      Pattern.compile("(?:\\r?\\n){0,2}<!-- integration-agent:marker=[^\\s<>]+ -->[ \\t]*");

  private final Http http;
  private final String base;
  private final String token;

  GitHubApi(Http http, String url, String repository, String token) {
    this.http = http;
    this.base = url.replaceAll("/$", "") + "/repos/" + repository;
    this.token = token;
  }

  private Http.Answer call(String method, String path, JsonNode body) {
    return http.call(method, base + path, "Authorization", "Bearer " + token, body);
  }

  /** Creates an open issue; returns it. */
  ToolItem create(String title, String body) {
    ObjectNode in = Http.JSON.createObjectNode().put("title", title).put("body", body);
    return item(call("POST", "/issues", in).require("GitHub create").body());
  }

  /** Edits one field: {@code title}, {@code body} or {@code state}; returns the issue as the tool answered. */
  ToolItem edit(String number, String field, String value) {
    ObjectNode in = Http.JSON.createObjectNode().put(field, value);
    return item(call("PATCH", "/issues/" + number, in).require("GitHub edit #" + number).body());
  }

  /** One issue as it is now. */
  ToolItem one(String number) {
    return item(call("GET", "/issues/" + number, null).require("GitHub get #" + number).body());
  }

  /** Every issue, open and closed, oldest first. */
  List<ToolItem> all() {
    List<ToolItem> out = new ArrayList<>();
    for (int page = 1; page <= 1000; page++) {
      JsonNode list = call("GET", "/issues?state=all&sort=created&direction=asc&per_page=100&page=" + page, null)
          .require("GitHub list").body();
      if (!list.isArray() || list.isEmpty()) {
        return out;
      }
      list.forEach(i -> {
        if (!i.has("pull_request")) {
          out.add(item(i));
        }
      });
    }
    throw new IllegalStateException("GitHub listing did not end after 1000 pages");
  }

  static ToolItem item(JsonNode i) {
    String body = i.path("body").isTextual() ? i.path("body").textValue() : "";
    String state = i.path("state").asText();
    return new ToolItem(i.path("number").asText(), i.path("title").asText(), MARKER.matcher(body).replaceAll(""),
        state.equals("closed"), state);
  }
}
