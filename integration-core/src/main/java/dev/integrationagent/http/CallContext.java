package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import javax.annotation.Nullable;

/**
 * The per-call state the interceptors share, attached to the OkHttp request as its tag. One call
 * runs its attempts one after another on one thread, so plain fields suffice.
 */
final class CallContext {
  final String pathTemplate;
  final boolean safeToRetry;
  int attempt = 1;
  boolean cacheHit;
  /**
   * Stores the response in the conditional cache; run once its body proved whole (parsed), since a
   * body cut off in transit that were cached would be served again on every 304.
   */
  @Nullable Runnable remember;
  JsonNode body = MissingNode.getInstance();

  CallContext(String pathTemplate, boolean safeToRetry) {
    this.pathTemplate = pathTemplate;
    this.safeToRetry = safeToRetry;
  }
}
