package dev.integrationagent.api.connector;

import java.util.List;

/**
 * The {@link java.util.ServiceLoader} entry point of a connector plugin: list it in
 * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider}. The agent loads
 * providers only when the host calls {@code discoverConnectors()}.
 */
public interface ConnectorProvider {
  /** The connectors this plugin contributes. */
  List<Connector> connectors();
}
