package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FakeJira does what Jira does with the parts of a request a lenient fake would ignore: the
 * {@code fields} of a read, the {@code update} operations of an edit, comment paging and order,
 * the user's time zone, and the webhook bodies it produces.
 */
class FakeJiraFidelityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TYPE = MediaType.get("application/json");

  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeJira jira = FakeJira.start(clock);
  private final OkHttpClient client = new OkHttpClient();

  @AfterEach
  void stop() {
    jira.close();
  }

  private record Answer(int status, JsonNode body) {}

  private Answer call(String method, String path, @Nullable String body) throws IOException {
    Request request = new Request.Builder().url(jira.url() + path)
        .method(method, body == null ? null : RequestBody.create(body, TYPE))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((jira.email() + ":" + jira.apiToken()).getBytes(StandardCharsets.UTF_8)))
        .build();
    try (Response response = client.newCall(request).execute()) {
      String text = response.body().string();
      return new Answer(response.code(), text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
    }
  }

  private static List<String> names(JsonNode object) {
    return object.properties().stream().map(Map.Entry::getKey).toList();
  }

  @Test
  void aReadReturnsOnlyTheFieldsItAsksFor() throws IOException {
    String id = jira.createIssue("Only some");

    JsonNode some = call("GET", "/rest/api/3/issue/" + id + "?fields=summary,status", null).body();
    JsonNode twice = call("GET", "/rest/api/3/issue/" + id + "?fields=summary&fields=labels", null).body();
    JsonNode but = call("GET", "/rest/api/3/issue/" + id + "?fields=-description,-labels", null).body();
    JsonNode all = call("GET", "/rest/api/3/issue/" + id + "?fields=*all", null).body();

    assertThat(names(some.path("fields"))).containsExactlyInAnyOrder("summary", "status");
    assertThat(some.path("key").asText()).isEqualTo("PAY-1");
    assertThat(names(twice.path("fields"))).containsExactlyInAnyOrder("summary", "labels");
    assertThat(names(but.path("fields"))).contains("summary", "status").doesNotContain("description", "labels");
    assertThat(names(all.path("fields"))).contains("summary", "description", "labels", "status", "updated");
  }

  @Test
  void anEditAppliesItsUpdateOperations() throws IOException {
    String id = jira.createIssue("Ops");
    assertThat(call("PUT", "/rest/api/3/issue/" + id, "{\"fields\":{\"labels\":[\"a\",\"b\"]}}").status()).isEqualTo(204);

    Answer ops = call("PUT", "/rest/api/3/issue/" + id, "{\"update\":{\"labels\":[{\"add\":\"c\"},{\"remove\":\"a\"}],"
        + "\"summary\":[{\"set\":\"Ops, renamed\"}]}}");

    assertThat(ops.status()).isEqualTo(204);
    JsonNode fields = jira.issueJson(id).orElseThrow().path("fields");
    assertThat(fields.path("labels")).extracting(JsonNode::asText).containsExactly("b", "c");
    assertThat(fields.path("summary").asText()).isEqualTo("Ops, renamed");
    assertThat(call("PUT", "/rest/api/3/issue/" + id, "{\"update\":{\"labels\":[{\"set\":[\"x\"]}]}}").status())
        .isEqualTo(204);
    assertThat(jira.issueJson(id).orElseThrow().path("fields").path("labels")).extracting(JsonNode::asText)
        .containsExactly("x");
  }

  @Test
  void anUnknownOrUnsupportedUpdateOperationIs400() throws IOException {
    String id = jira.createIssue("Strict");

    Answer unknown = call("PUT", "/rest/api/3/issue/" + id, "{\"update\":{\"labels\":[{\"frobnicate\":\"x\"}]}}");
    Answer notForField = call("PUT", "/rest/api/3/issue/" + id, "{\"update\":{\"summary\":[{\"add\":\"x\"}]}}");
    Answer both = call("PUT", "/rest/api/3/issue/" + id,
        "{\"fields\":{\"summary\":\"a\"},\"update\":{\"summary\":[{\"set\":\"b\"}]}}");
    Answer unknownField = call("PUT", "/rest/api/3/issue/" + id, "{\"update\":{\"nosuchfield\":[{\"set\":\"b\"}]}}");

    for (Answer a : List.of(unknown, notForField, both, unknownField)) {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.body().path("errorMessages").isArray()).isTrue();
      assertThat(a.body().path("errors").isObject()).isTrue();
    }
    assertThat(unknown.body().path("errors").has("labels")).isTrue();
    assertThat(jira.issueJson(id).orElseThrow().path("fields").path("summary").asText()).isEqualTo("Strict");
  }

  @Test
  void commentsArePagedByAHundredUnlessAskedOtherwise() throws IOException {
    String id = jira.createIssue("Chatty");
    for (int i = 0; i < 120; i++) {
      jira.addComment(id, "comment " + i);
    }

    JsonNode first = call("GET", "/rest/api/3/issue/" + id + "/comment", null).body();
    JsonNode rest = call("GET", "/rest/api/3/issue/" + id + "/comment?startAt=100", null).body();

    assertThat(first.path("maxResults").asInt()).isEqualTo(100);
    assertThat(first.path("total").asInt()).isEqualTo(120);
    assertThat(first.path("comments")).hasSize(100);
    assertThat(rest.path("comments")).hasSize(20);
    assertThat(rest.path("startAt").asInt()).isEqualTo(100);
  }

  @Test
  void anOrderByJiraDoesNotKnowIs400() throws IOException {
    String id = jira.createIssue("Ordered");

    assertThat(call("GET", "/rest/api/3/issue/" + id + "/comment?orderBy=updated", null).status()).isEqualTo(400);
    assertThat(call("GET", "/rest/api/3/issue/" + id + "/comment?orderBy=-created", null).status()).isEqualTo(200);
    assertThat(call("GET", "/rest/api/3/issue/" + id + "/comment?orderBy=%2Bcreated", null).status()).isEqualTo(200);
  }

  @Test
  void theUsersTimeZoneIsARegionId() throws IOException {
    assertThat(call("GET", "/rest/api/3/myself", null).body().path("timeZone").asText()).isEqualTo("UTC");

    jira.userTimeZone(ZoneId.of("Europe/Berlin"));

    assertThat(call("GET", "/rest/api/3/myself", null).body().path("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThatThrownBy(() -> jira.userTimeZone(ZoneOffset.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issueWebhooksCarryTheUserTheChangelogAndTheEventTypeName() throws IOException {
    String id = jira.createIssue("Hooked");
    JsonNode created = JSON.readTree(jira.webhookBody("jira:issue_created", id, null));
    assertThat(created.path("issue_event_type_name").asText()).isEqualTo("issue_created");
    assertThat(created.path("user").path("accountId").asText()).isEqualTo(jira.otherAccountId());
    assertThat(created.has("changelog")).isFalse();

    clock.advance(Duration.ofMinutes(1));
    call("PUT", "/rest/api/3/issue/" + id, "{\"fields\":{\"summary\":\"Hooked, renamed\"}}");
    JsonNode edited = JSON.readTree(jira.webhookBody("jira:issue_updated", id, null));
    assertThat(edited.path("issue_event_type_name").asText()).isEqualTo("issue_updated");
    assertThat(edited.path("user").path("accountId").asText()).isEqualTo(jira.accountId());
    assertThat(edited.path("changelog").path("id").isTextual()).isTrue();
    assertThat(edited.path("changelog").path("items")).singleElement().satisfies(item -> {
      assertThat(item.path("field").asText()).isEqualTo("summary");
      assertThat(item.path("fieldtype").asText()).isEqualTo("jira");
      assertThat(item.path("fromString").asText()).isEqualTo("Hooked");
      assertThat(item.path("toString").asText()).isEqualTo("Hooked, renamed");
    });

    call("POST", "/rest/api/3/issue/" + id + "/transitions", "{\"transition\":{\"id\":\"21\"}}");
    JsonNode moved = JSON.readTree(jira.webhookBody("jira:issue_updated", id, null));
    assertThat(moved.path("issue_event_type_name").asText()).isEqualTo("issue_generic");
    assertThat(moved.path("changelog").path("items")).singleElement().satisfies(item -> {
      assertThat(item.path("field").asText()).isEqualTo("status");
      assertThat(item.path("from").asText()).isEqualTo("10000");
      assertThat(item.path("toString").asText()).isEqualTo("In Progress");
    });

    jira.editIssue(id, f -> f.put("assignee", jira.otherAccountId()));
    JsonNode assigned = JSON.readTree(jira.webhookBody("jira:issue_updated", id, null));
    assertThat(assigned.path("issue_event_type_name").asText()).isEqualTo("issue_assigned");
    assertThat(assigned.path("user").path("accountId").asText()).isEqualTo(jira.otherAccountId());

    JsonNode deleted = JSON.readTree(jira.webhookBody("jira:issue_deleted", id, null));
    assertThat(deleted.path("issue_event_type_name").asText()).isEqualTo("issue_deleted");
    assertThat(deleted.has("user")).isTrue();
  }

  @Test
  void anIssueUpdatedWebhookNeedsAChange() {
    String id = jira.createIssue("Untouched");

    assertThatThrownBy(() -> jira.webhookBody("jira:issue_updated", id, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no change");
  }
}
