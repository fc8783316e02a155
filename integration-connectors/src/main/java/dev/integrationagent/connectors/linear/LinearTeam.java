package dev.integrationagent.connectors.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The connection's team as Linear describes it: its id (issues are filtered and created by it)
 * and its workflow states. Linear has no transitions: an issue may move to any state of its team,
 * so "moving through the workflow" is naming the state; a status is found by its name, and when
 * the team has no state of that name (GitHub's "Open", Jira's "To Do") by its type
 * ({@code unstarted}, {@code started}, {@code completed}), the first of that type in the team's
 * order.
 */
record LinearTeam(String id, String key, List<State> states) {
  /** One workflow state: {@code type} is one of backlog, unstarted, started, completed, canceled, triage. */
  record State(String id, String name, String type, double position) {}

  LinearTeam {
    states = List.copyOf(states);
  }

  static LinearTeam from(JsonNode answer, String key, String connectionId) {
    JsonNode team = answer.path("data").path("teams").path("nodes").path(0);
    if (!team.isObject()) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, connectionId, connectionId + ": Linear has no team '"
          + key + "' visible to these credentials; check the team key (the prefix of its issue identifiers)", null);
    }
    List<State> states = new ArrayList<>();
    for (JsonNode s : team.path("states").path("nodes")) {
      states.add(new State(s.path("id").asText(), s.path("name").asText(), s.path("type").asText(),
          s.path("position").asDouble()));
    }
    states.sort(Comparator.comparingDouble(State::position));
    return new LinearTeam(team.path("id").asText(), team.path("key").asText(key), states);
  }

  /** The state named {@code name} (any case), else the first of {@code type}. */
  Optional<State> state(String name, String type) {
    for (State s : states) {
      if (!name.isEmpty() && s.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(s);
      }
    }
    for (State s : states) {
      if (!type.isEmpty() && s.type().equals(type)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  IntegrationException unknownState(String name, String type, String connectionId) {
    return new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": team " + key
        + " has no workflow state named '" + name + "'" + (type.isEmpty() ? "" : " nor of type '" + type + "'")
        + "; its states are " + states.stream().map(s -> s.name() + " (" + s.type() + ")").toList(), null);
  }
}
