package dev.integrationagent;

/**
 * Follows sync passes as they go: a host's progress bar or metrics. Called on the pass's thread;
 * keep it quick. A listener that throws is logged and ignored.
 *
 * <pre>{@code
 * IntegrationAgent.builder().listener(new SyncListener() {
 *   public void onPage(SyncProgress p) { metrics.counter("synced").increment(p.applied()); }
 * })
 * }</pre>
 */
public interface SyncListener {
  /** After each page of a connection's changes has been settled. */
  default void onPage(SyncProgress progress) {}

  /** After each pass. */
  default void onFinished(SyncReport report) {}
}
