package dev.integrationagent.api.auth;

import java.net.URI;
import java.util.Optional;

/**
 * The parts of an outgoing request an {@link AuthStrategy} may read and add to. The HTTP pipeline
 * adapts its own request type to this, so strategies work with any client.
 */
public interface AuthRequest {
  /** The HTTP method, upper case. */
  String method();

  /** The request's URL as it stands before authentication. */
  URI url();

  /** Sets a header, replacing any earlier value. */
  void header(String name, String value);

  /** Adds a query parameter. */
  void queryParameter(String name, String value);

  /**
   * The value a header has on the request so far, for strategies that need to know which
   * credential a request carried (an OAuth strategy compares the rejected token with its
   * current one). Empty when absent or when the adapter cannot tell.
   */
  default Optional<String> currentHeader(String name) {
    return Optional.empty();
  }
}
