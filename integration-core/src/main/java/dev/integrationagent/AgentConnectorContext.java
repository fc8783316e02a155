package dev.integrationagent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.http.HttpCallListener;
import dev.integrationagent.http.HttpClients;
import dev.integrationagent.http.Sleeper;
import javax.annotation.Nullable;
import java.time.Clock;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The context the agent hands each connection it opens. Offers the agent's shared HTTP resources
 * as services ({@link HttpClients}, {@link OkHttpClient}), so every connection's pipeline derives
 * from one pool and credentials share one rate budget, and an {@link HttpCallListener} that
 * writes failed calls to the agent's audit sinks, and the host's {@link Sleeper} when it gave one
 * (tests give one that moves a fake clock instead of waiting).
 */
record AgentConnectorContext(
    String connectionId, Clock clock, ObjectMapper json, HttpClients http, HttpCallListener httpCalls,
    @Nullable Sleeper sleeper)
    implements ConnectorContext {
  @Override
  public <T> Optional<T> service(Class<T> type) {
    if (type == HttpClients.class) {
      return Optional.of(type.cast(http));
    }
    if (type == OkHttpClient.class) {
      return Optional.of(type.cast(http.client()));
    }
    if (type == HttpCallListener.class) {
      return Optional.of(type.cast(httpCalls));
    }
    if (type == Sleeper.class && sleeper != null) {
      return Optional.of(type.cast(sleeper));
    }
    return Optional.empty();
  }
}
