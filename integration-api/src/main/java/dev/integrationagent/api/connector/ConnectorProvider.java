package dev.integrationagent.api.connector;

import java.util.List;

/**
 * The {@link java.util.ServiceLoader} entry point of a connector plugin: list it in
 * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider}. The agent loads
 * providers only when the host calls {@code discoverConnectors()}; connections then name a
 * connector by its {@link Connector#type()} and give plain settings:
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .discoverConnectors()
 *     .connection("gh", "github", ConnectionSettings.builder()
 *         .put("repository", "acme/app").secret("token", token).build())
 * }</pre>
 */
public interface ConnectorProvider {
  /** The connectors this plugin contributes. */
  List<Connector> connectors();
}
