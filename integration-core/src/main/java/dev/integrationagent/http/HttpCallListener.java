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

  /**
   * One listener telling each of {@code listeners} in turn; one that throws is logged to {@code log}
   * and the others are still told.
   */
  static HttpCallListener all(java.util.List<HttpCallListener> listeners, org.slf4j.Logger log) {
    java.util.List<HttpCallListener> each = java.util.List.copyOf(listeners);
    return event -> {
      for (HttpCallListener listener : each) {
        try {
          listener.onCall(event);
        } catch (RuntimeException e) {
          log.warn("{}: an HTTP call listener failed ({}); the call is unaffected", event.connectionId(),
              e.getClass().getName());
        }
      }
    };
  }
}
