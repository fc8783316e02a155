package dev.integrationagent.sync;

import dev.integrationagent.Mappings;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorProvider;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.InMemoryConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plugin as a third party would ship it, listed in this module's test
 * {@code META-INF/services}: connector type {@code memory}, whose setting {@code tracker} names an
 * in-memory tracker a test registered, and whose secret setting {@code token} must be
 * {@link #TOKEN}.
 */
public final class MemoryConnectorProvider implements ConnectorProvider {
  static final String TOKEN = "memory-token-42";
  static final Map<String, InMemoryConnector> TRACKERS = new ConcurrentHashMap<>();

  @Override
  public List<Connector> connectors() {
    return List.of(new MemoryConnector());
  }

  static final class MemoryConnector implements Connector {
    @Override
    public String type() {
      return "memory";
    }

    @Override
    public String version() {
      return "test";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE);
    }

    @Override
    public List<String> validate(ConnectionSettings settings) {
      List<String> problems = new ArrayList<>();
      String tracker = settings.get("tracker").orElse(null);
      if (tracker == null) {
        problems.add("tracker: missing");
      } else if (!TRACKERS.containsKey(tracker)) {
        problems.add("tracker: no tracker named '" + tracker + "'");
      }
      if (!settings.secretKeys().contains("token")) {
        problems.add("token: missing; give it as a secret setting");
      } else if (!settings.get("token").orElseThrow().equals(TOKEN)) {
        problems.add("token: not accepted");
      }
      return problems;
    }

    @Override
    public Mapping defaultMapping() {
      return Mappings.identity();
    }

    @Override
    public ConnectorSession open(ConnectionSettings settings, ConnectorContext context) {
      return TRACKERS.get(settings.get("tracker").orElseThrow()).open(context);
    }
  }
}
