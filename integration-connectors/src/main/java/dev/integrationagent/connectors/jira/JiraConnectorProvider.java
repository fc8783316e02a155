package dev.integrationagent.connectors.jira;

import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import java.util.List;

/**
 * The {@link java.util.ServiceLoader} entry of the Jira Cloud connector, listed in
 * {@code META-INF/services/dev.integrationagent.api.connector.ConnectorProvider}.
 *
 * <pre>{@code
 * ServiceLoader.load(ConnectorProvider.class).stream()
 *     .flatMap(p -> p.get().connectors().stream())
 *     .filter(c -> c.type().equals("jira"))
 *     .findFirst();
 * }</pre>
 */
public final class JiraConnectorProvider implements ConnectorProvider {
  /** Called by the service loader. */
  public JiraConnectorProvider() {}

  @Override
  public List<Connector> connectors() {
    return List.of(new JiraConnector());
  }
}
