package dev.integrationagent.connectors.github;

import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import java.util.List;

/**
 * Registers {@link GitHubConnector} for {@link java.util.ServiceLoader} discovery; listed in
 * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider}.
 *
 * <pre>{@code
 * ServiceLoader.load(ConnectorProvider.class).stream()
 *     .flatMap(p -> p.get().connectors().stream())
 *     .filter(c -> c.type().equals("github"))
 *     .findFirst();
 * }</pre>
 */
public final class GitHubConnectorProvider implements ConnectorProvider {
  @Override
  public List<Connector> connectors() {
    return List.of(new GitHubConnector());
  }
}
