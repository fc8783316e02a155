package dev.integrationagent.events;

import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventHandler;
import java.util.List;

/**
 * A handler that takes a subscription's events a page at a time (up to 200, those its filter
 * accepts, in offset order): the subscription's position moves past the page when this returns,
 * and a handler that throws gets the whole page again after the backoff. For a consumer that
 * writes a page in one transaction (the JDBC audit sink), where one write per event would cost a
 * commit each.
 */
@FunctionalInterface
public interface BatchEventHandler extends EventHandler {
  void handleAll(List<ChangeEvent> events) throws Exception;

  @Override
  default void handle(ChangeEvent event) throws Exception {
    handleAll(List.of(event));
  }
}
