package dev.integrationagent.http;

/**
 * Receives one {@link HttpCallEvent} per attempt; the agent's metrics and audit layers subscribe
 * here. Called on the calling thread: keep it quick. An exception thrown here is logged and
 * otherwise ignored.
 *
 * <pre>{@code
 * HttpPipeline.builder(client)
 *     .listener(e -> meter.record(e.connectionId(), e.pathTemplate(), e.status(), e.duration()))
 * }</pre>
 */
@FunctionalInterface
public interface HttpCallListener {
  void onCall(HttpCallEvent event);
}
