package dev.integrationagent.api.connector;

import dev.integrationagent.api.mapping.Mapping;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One configured connection as the host declares it on the agent builder: what
 * {@code GitHubConnector.builder()...} produces. The agent validates every definition at
 * {@code build()} and opens it at start.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("github", GitHubConnector.builder().repository("acme/app").auth(Auth.bearer(token)))
 * }</pre>
 */
public interface ConnectionDefinition {
  /** The tool type, as its {@link Connector#type()} says. */
  String type();

  /**
   * Every problem with this definition, each naming the setting ({@code "baseUrl: not an http(s)
   * URL: 'ftp://x'"}). Empty when valid. Never includes a secret's value.
   */
  List<String> problems();

  /** The mapping between the tool's JSON and the canonical item; empty when none was given and the tool has no default. */
  Optional<Mapping> mapping();

  /**
   * Values that must never appear in output: tokens, passwords, keys. The agent hides them (as
   * {@link dev.integrationagent.api.Secrets} does) from everything it writes, and from what this
   * connection's sessions return or throw; it reads them again at each use, so a rotated token can
   * be returned here.
   */
  default Set<String> secrets() {
    return Set.of();
  }

  /** Opens the connection. Called once per agent; the session is closed with the agent. */
  ConnectorSession open(ConnectorContext context);
}
