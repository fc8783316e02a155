package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorProvider;
import java.util.List;

/** Registers the {@code jdbc-table} connector type ({@link JdbcTableConnectorType}) for discovery. */
public final class JdbcTableConnectorProvider implements ConnectorProvider {
  @Override
  public List<Connector> connectors() {
    return List.of(new JdbcTableConnectorType());
  }
}
