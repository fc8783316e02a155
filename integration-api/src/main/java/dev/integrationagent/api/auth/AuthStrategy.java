package dev.integrationagent.api.auth;

import java.util.Set;

/**
 * How requests of one connection are authenticated: an API key, a bearer token, basic
 * credentials or OAuth 2.0. Core's {@code Auth} factory has the built-in ones; implement this for
 * anything else. Implementations are thread-safe.
 *
 * <pre>{@code
 * AuthStrategy custom = new AuthStrategy() {
 *   public void apply(AuthRequest request) { request.header("X-Api-Key", key); }
 *   public Set<String> secrets() { return Set.of(key); }
 * };
 * }</pre>
 */
public interface AuthStrategy {
  /** Adds credentials to the request. */
  void apply(AuthRequest request);

  /**
   * Called once when the tool answered 401 to a request this strategy authenticated. A strategy
   * that can obtain new credentials (an OAuth refresh) does so and returns true, and the
   * request is replayed once; others return false and the 401 stands.
   */
  default boolean refreshAfterUnauthorized() {
    return false;
  }

  /**
   * Like {@link #refreshAfterUnauthorized()}, told which request was rejected. When several
   * requests fail with 401 at once, a strategy can see that the rejected credential is already
   * stale and skip a second refresh. The pipeline calls this one; the default delegates.
   */
  default boolean refreshAfterUnauthorized(AuthRequest rejected) {
    return refreshAfterUnauthorized();
  }

  /**
   * Values that must never appear in logs, exceptions, audit events or metric tags. The
   * pipeline redacts them wherever it prints a request.
   */
  default Set<String> secrets() {
    return Set.of();
  }

  /** Names of query parameters that carry secrets, redacted from every printed URL. */
  default Set<String> secretQueryParameters() {
    return Set.of();
  }

  /**
   * What is wrong with how the strategy was made, each naming the value ({@code "token: missing"});
   * empty when it can be used. Connection builders report these with their own problems at
   * {@code build()}, so a credential read from an unset environment variable is one of the listed
   * problems rather than an exception on the spot. Never includes a secret's value.
   */
  default java.util.List<String> problems() {
    return java.util.List.of();
  }

  /** A name for diagnostics ({@code "bearer"}), never including a credential. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
