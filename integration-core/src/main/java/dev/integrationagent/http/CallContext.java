package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The per-call state the interceptors share, attached to the OkHttp request as its tag. One call
 * runs its attempts one after another on one thread, so plain fields suffice.
 */
final class CallContext {
  final String pathTemplate;
  final boolean safeToRetry;
  int attempt = 1;
  boolean cacheHit;
  JsonNode body = MissingNode.getInstance();

  CallContext(String pathTemplate, boolean safeToRetry) {
    this.pathTemplate = pathTemplate;
    this.safeToRetry = safeToRetry;
  }
}
