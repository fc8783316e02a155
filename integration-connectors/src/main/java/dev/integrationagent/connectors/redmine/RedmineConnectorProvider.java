package dev.integrationagent.connectors.redmine;

import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import java.util.List;

/**
 * Registers {@link RedmineConnector} for {@link java.util.ServiceLoader} discovery; listed in
 * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider}.
 *
 * <pre>{@code
 * ServiceLoader.load(ConnectorProvider.class).stream()...   // or IntegrationAgent.builder().discoverConnectors()
 * }</pre>
 */
public final class RedmineConnectorProvider implements ConnectorProvider {
  @Override
  public List<Connector> connectors() {
    return List.of(new RedmineConnector());
  }
}
