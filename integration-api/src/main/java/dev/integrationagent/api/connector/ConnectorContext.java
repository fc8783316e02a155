package dev.integrationagent.api.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Optional;

/**
 * What the agent hands a connector when it opens a connection. Grows through default methods.
 */
public interface ConnectorContext {
  /** The id the host gave this connection ({@code "github"}). Use it in every error message. */
  String connectionId();

  /** The agent's clock; connectors read time only from here. */
  Clock clock();

  /** The agent's shared JSON mapper. */
  ObjectMapper json();

  /**
   * A service of the running agent by type, for example core's HTTP client factory. Empty when
   * the agent offers no such service.
   */
  default <T> Optional<T> service(Class<T> type) {
    return Optional.empty();
  }
}
