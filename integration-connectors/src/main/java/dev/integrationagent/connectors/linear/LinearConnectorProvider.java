package dev.integrationagent.connectors.linear;

import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import java.util.List;

/**
 * The {@link java.util.ServiceLoader} entry of the Linear connector, listed in
 * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider}.
 *
 * <pre>{@code
 * ServiceLoader.load(ConnectorProvider.class).stream()
 *     .flatMap(p -> p.get().connectors().stream())
 *     .filter(c -> c.type().equals("linear"))
 *     .findFirst();
 * }</pre>
 */
public final class LinearConnectorProvider implements ConnectorProvider {
  /** Called by the service loader. */
  public LinearConnectorProvider() {}

  @Override
  public List<Connector> connectors() {
    return List.of(new LinearConnector());
  }
}
