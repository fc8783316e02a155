package dev.integrationagent.api.event;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Which events a subscriber wants. Filters combine with {@link #and} and {@link #or}.
 *
 * <pre>{@code
 * EventFilter.types("item.created", "item.updated").and(EventFilter.connection("github"))
 * }</pre>
 */
@FunctionalInterface
public interface EventFilter {
  boolean test(ChangeEvent event);

  default EventFilter and(EventFilter other) {
    requireNonNull(other, "other");
    return e -> test(e) && other.test(e);
  }

  default EventFilter or(EventFilter other) {
    requireNonNull(other, "other");
    return e -> test(e) || other.test(e);
  }

  static EventFilter all() {
    return e -> true;
  }

  /** Events of any of these types. */
  static EventFilter types(String... types) {
    Set<String> wanted = Set.of(types);
    return e -> wanted.contains(e.type());
  }

  /** Events about this connection. */
  static EventFilter connection(String connectionId) {
    requireNonNull(connectionId, "connectionId");
    return e -> connectionId.equals(e.connectionId());
  }

  /** Events of this plan. */
  static EventFilter plan(String planId) {
    requireNonNull(planId, "planId");
    return e -> planId.equals(e.planId());
  }

  /** Events of this origin: {@code origin(TOOL)} leaves out what the agent wrote itself. */
  static EventFilter origin(ChangeEvent.Origin origin) {
    requireNonNull(origin, "origin");
    return e -> e.origin() == origin;
  }
}
