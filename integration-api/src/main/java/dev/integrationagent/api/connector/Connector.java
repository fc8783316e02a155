package dev.integrationagent.api.connector;

import dev.integrationagent.api.mapping.Mapping;
import java.util.List;
import java.util.Set;

/**
 * A tool type, such as GitHub Issues or Jira Cloud. Stateless and thread-safe; each open
 * connection is a {@link ConnectorSession}. Found through {@link ConnectorProvider} when the host
 * opts in to discovery, or registered explicitly.
 */
public interface Connector {
  /** The tool's type name, lower case ({@code "github"}, {@code "jira"}). */
  String type();

  /** The connector's own version, for diagnostics. */
  String version();

  /** What sessions of this connector can do. */
  Set<Capability> capabilities();

  /** Every problem with the settings, each naming the setting key; empty when valid. */
  List<String> validate(ConnectionSettings settings);

  /** The mapping used when the host configures none. */
  Mapping defaultMapping();

  /** Opens a connection; the settings have passed {@link #validate}. */
  ConnectorSession open(ConnectionSettings settings, ConnectorContext context);
}
