package dev.integrationagent.connectors.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpException;
import java.time.Clock;
import java.util.Optional;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, edits and moves issues at one HTTP call per write in the common case, and returns
 * the issue as a {@code GET} would show it to the mapping.
 *
 * <ul>
 *   <li>An edit is {@code PUT ?returnIssue=true}: Jira answers the edited issue.
 *   <li>A create is {@code POST /issue}, with the workflow transition in the same body when the
 *       wanted status is not the initial one. Jira answers only {@code {id, key, self}}; the
 *       item is built from what was sent and what {@link JiraCreateProfiles} learned from the
 *       first issue of the type read back. Whatever cannot be told that way is read.
 *   <li>A status change reads the issue with its transitions (or takes them from the edit's
 *       answer) and posts the transition; the item gets the transition's target status.
 * </ul>
 */
final class JiraWrites {
  private static final Logger log = LoggerFactory.getLogger(JiraWrites.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JiraSession session;
  private final String connectionId;
  private final Clock clock;
  /** Whether created items may be built without a read: only the shipped mapping's reads are known. */
  private final boolean provisionalCreates;
  private final JiraCreateProfiles profiles = new JiraCreateProfiles();

  JiraWrites(JiraSession session, Clock clock, boolean provisionalCreates) {
    this.session = session;
    this.connectionId = session.connectionId();
    this.clock = clock;
    this.provisionalCreates = provisionalCreates;
  }

  ExternalItem create(String issueType, ObjectNode body, @Nullable String target, @Nullable String marker) {
    JiraCreateProfiles.Profile profile = profiles.get(issueType);
    if (profile == null) {
      return createAndRead(issueType, body, target);
    }
    JsonNode status = profile.initialStatus();
    String transitionId = null;
    if (target != null && !JiraTransitions.alreadyAt(status, target)) {
      Optional<JsonNode> transition;
      try {
        transition = JiraTransitions.choose(status, profile.transitions(), target, "new " + issueType, connectionId);
      } catch (IntegrationException noneFits) {
        // learned from an older workflow, perhaps: create as before, and fail (or not) on fresh data
        profiles.forget(issueType);
        return createAndRead(issueType, body, target);
      }
      if (transition.isPresent()) {
        transitionId = transition.get().path("id").asText();
        status = transition.get().path("to");
        body.putObject("transition").put("id", transitionId);
      }
    }
    JsonNode created;
    try {
      created = post(body);
    } catch (HttpException e) {
      if (transitionId == null || e.status() != 400) {
        throw e;
      }
      log.info("{}: Jira refused transition {} in the create of a {} ({}); the workflow changed, reading it again",
          connectionId, transitionId, issueType, e.getMessage());
      profiles.forget(issueType);
      body.remove("transition");
      return createAndRead(issueType, body, target);
    }
    String id = idOf(created);
    JsonNode sent = body.path("fields");
    if (transitionId != null && !transitionTaken(created.path("transition"))) {
      // created, but left in the initial status: Jira reported the transition's failure in its answer
      log.info("{}: Jira created {} but did not take transition {}; moving it separately", connectionId, id,
          transitionId);
      profiles.forget(issueType);
      JsonNode issue = read(id, true);
      profiles.learn(issueType, sent, issue);
      return move(id, issue, target);
    }
    if (provisionalCreates) {
      ObjectNode issue = profiles.provisional(profile, sent, created, status, marker, clock.instant());
      if (issue != null) {
        return JiraJson.item(issue, connectionId);
      }
    }
    JsonNode issue = read(id, false);
    profiles.learnDefaults(issueType, sent, issue);
    return JiraJson.item(issue, connectionId);
  }

  /** The first create of a type, and the fallback: create, read it with its transitions, learn, move. */
  private ExternalItem createAndRead(String issueType, ObjectNode body, @Nullable String target) {
    String id = idOf(post(body));
    JsonNode issue = read(id, true);
    profiles.learn(issueType, body.path("fields"), issue);
    return target == null ? item(issue) : move(id, issue, target);
  }

  private JsonNode post(ObjectNode body) {
    return session.call(HttpCall.post("/rest/api/3/issue", body).build());
  }

  private String idOf(JsonNode created) {
    String id = created.path("id").asText("");
    if (id.isEmpty()) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId,
          "Jira answered the create without an issue id; look for the issue in project " + session.project(), null);
    }
    log.debug("{}: created Jira issue {} ({})", connectionId, created.path("key").asText(), id);
    return id;
  }

  /** A create's nested transition answer: absent when none was asked, else its status and errors. */
  private static boolean transitionTaken(JsonNode answer) {
    if (answer.isMissingNode() || answer.isNull()) {
      return true;
    }
    int status = answer.path("status").asInt(200);
    JsonNode errors = answer.path("errorCollection");
    return status >= 200 && status < 300 && errors.path("errorMessages").isEmpty() && errors.path("errors").isEmpty();
  }

  ExternalItem update(String id, ObjectNode write, @Nullable String target) {
    JsonNode issue;
    if (!write.isEmpty()) {
      ObjectNode body = NODES.objectNode();
      body.set("fields", write);
      HttpCall.Builder put = HttpCall.put("/rest/api/3/issue/{id}", body).pathParam("id", id)
          .query("notifyUsers", "true").query("returnIssue", "true");
      if (target != null) {
        put.query("expand", "transitions");
      }
      issue = session.call(put.build());
      if (!complete(issue, target != null)) {
        // answered 204 (returnIssue ignored) or without what the mapping and the transition need
        issue = read(id, target != null);
      }
    } else {
      issue = read(id, target != null);
    }
    return target == null ? item(issue) : move(id, issue, target);
  }

  ExternalItem transition(String id, String target) {
    return move(id, read(id, true), target);
  }

  /**
   * Takes the transition to {@code target} from an issue read with its transitions, unless it is
   * there already; the item is the issue with the transition's target status, not read again.
   */
  private ExternalItem move(String id, JsonNode issue, String target) {
    JsonNode status = issue.path("fields").path("status");
    if (JiraTransitions.alreadyAt(status, target)) {
      return item(issue);
    }
    Optional<JsonNode> transition = JiraTransitions.choose(status, issue, target, id, connectionId);
    if (transition.isEmpty()) {
      return item(issue);
    }
    ObjectNode body = NODES.objectNode();
    body.putObject("transition").put("id", transition.get().path("id").asText());
    session.call(HttpCall.post("/rest/api/3/issue/{id}/transitions", body).pathParam("id", id).build());
    ObjectNode moved = issue.deepCopy();
    ((ObjectNode) moved.path("fields")).set("status", transition.get().path("to").deepCopy());
    return item(moved);
  }

  /** {@code GET /issue/{id}} with the marker property, and with the transitions when a move follows. */
  private JsonNode read(String id, boolean withTransitions) {
    HttpCall.Builder get = HttpCall.get("/rest/api/3/issue/{id}").pathParam("id", id)
        .query("properties", JiraSession.MARKER_PROPERTY);
    if (withTransitions) {
      get.query("expand", "transitions");
    }
    try {
      return session.call(get.build());
    } catch (IntegrationException e) {
      if (e.category() == ErrorCategory.NOT_FOUND) {
        throw new IntegrationException(ErrorCategory.NOT_FOUND, connectionId,
            "Jira issue " + id + " does not exist or this account cannot see it", e);
      }
      throw e;
    }
  }

  private static boolean complete(JsonNode issue, boolean withTransitions) {
    JsonNode fields = issue.path("fields");
    return issue.path("id").isTextual() && fields.path("updated").isTextual() && fields.path("status").isObject()
        && fields.path("summary").isTextual() && (!withTransitions || issue.path("transitions").isArray());
  }

  /** The item as a plain {@code GET} shows it: without the expanded transitions. */
  private ExternalItem item(JsonNode issue) {
    if (issue.has("transitions")) {
      ObjectNode plain = issue.deepCopy();
      plain.remove("transitions");
      return JiraJson.item(plain, connectionId);
    }
    return JiraJson.item(issue, connectionId);
  }
}
