package dev.integrationagent.api.event;

/**
 * A subscriber's code. Delivery is at least once: a handler that throws gets the same event again
 * (after a backoff) and the subscription does not move past it; other subscribers and passes go
 * on. Deduplicate on {@link ChangeEvent#id()} where handling twice would matter.
 */
@FunctionalInterface
public interface EventHandler {
  void handle(ChangeEvent event) throws Exception;
}
