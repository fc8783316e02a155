package dev.integrationagent.connectors.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Names to ids for issue statuses, priorities and trackers. Each list is read once and kept; a
 * name it does not know reloads the list once (an administrator may have added one) before the
 * write is refused.
 */
final class RedmineLookups {
  /** One kind of named thing: its list endpoint's body reader. */
  private static final class Named {
    private final String kind;
    private final Supplier<JsonNode> list;
    private final String field;
    private Map<String, JsonNode> byName = Map.of();
    private boolean loaded;

    Named(String kind, Supplier<JsonNode> list, String field) {
      this.kind = kind;
      this.list = list;
      this.field = field;
    }

    synchronized Optional<JsonNode> find(String name) {
      String key = name.trim().toLowerCase(Locale.ROOT);
      if (!loaded || !byName.containsKey(key)) {
        Map<String, JsonNode> fresh = new LinkedHashMap<>();
        list.get().path(field).forEach(n -> fresh.put(n.path("name").asText().toLowerCase(Locale.ROOT), n));
        byName = fresh;
        loaded = true;
      }
      return Optional.ofNullable(byName.get(key));
    }

    synchronized String known() {
      return byName.values().stream().map(n -> n.path("name").asText()).toList().toString();
    }
  }

  private final String connectionId;
  private final Named statuses;
  private final Named priorities;
  private final Named trackers;

  RedmineLookups(String connectionId, Supplier<JsonNode> statuses, Supplier<JsonNode> priorities,
      Supplier<JsonNode> trackers) {
    this.connectionId = connectionId;
    this.statuses = new Named("status", statuses, "issue_statuses");
    this.priorities = new Named("priority", priorities, "issue_priorities");
    this.trackers = new Named("tracker", trackers, "trackers");
  }

  long statusId(String name) {
    return id(statuses, name);
  }

  long priorityId(String name) {
    return id(priorities, name);
  }

  long trackerId(String name) {
    return id(trackers, name);
  }

  private long id(Named named, String name) {
    return named.find(name).map(n -> n.path("id").asLong()).orElseThrow(() ->
        new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": Redmine has no "
            + named.kind + " named '" + name + "'; known: " + named.known()
            + ". Fix the mapping's values or add the " + named.kind + " in Redmine's administration.", null));
  }
}
