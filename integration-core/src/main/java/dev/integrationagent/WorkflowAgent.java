package dev.integrationagent;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.workflow.WorkflowActions;
import java.time.Clock;
import java.util.Map;

/** What the built-in workflow actions reach of the agent: its connections, mappings, store and plans. */
final class WorkflowAgent implements WorkflowActions.Agent {
  private final IntegrationAgent agent;
  private final Map<String, Mapping> mappings;

  WorkflowAgent(IntegrationAgent agent, Map<String, Mapping> mappings) {
    this.agent = agent;
    this.mappings = Map.copyOf(mappings);
  }

  @Override
  public ConnectorSession session(String connectionId) {
    requireKnown(connectionId);
    return agent.session(connectionId);
  }

  @Override
  public Mapping mapping(String connectionId) {
    requireKnown(connectionId);
    return mappings.get(connectionId);
  }

  private void requireKnown(String connectionId) {
    if (!mappings.containsKey(connectionId)) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION, "no connection '" + connectionId + "'; known connections: "
          + new java.util.TreeSet<>(mappings.keySet()));
    }
  }

  @Override
  public dev.integrationagent.api.event.ChangeEvent link(String planId, String aId, String bId,
      @javax.annotation.Nullable dev.integrationagent.api.event.ChangeEvent cause) {
    return agent.linkByHand(planId, aId, bId, cause);
  }

  @Override
  public dev.integrationagent.api.event.ChangeEvent unlink(String planId, String aId,
      @javax.annotation.Nullable dev.integrationagent.api.event.ChangeEvent cause) {
    return agent.unlinkByHand(planId, aId, cause);
  }

  @Override
  public String syncItem(String planId, String connectionId, String itemId) {
    return agent.syncItemNow(planId, connectionId, itemId);
  }

  @Override
  public Clock clock() {
    return agent.clock();
  }
}
