package dev.integrationagent.chaos;

import javax.annotation.Nullable;

/**
 * One agent request as a {@link FaultProxy} saw it.
 *
 * @param seq order among this proxy's requests
 * @param connection the agent's connection id ({@code github}, {@code redmine})
 * @param atMillis when the request arrived (epoch millis)
 * @param method the HTTP method
 * @param path path and query
 * @param fault the fault injected, or {@code none}
 * @param upstreamStatus the tool's status, or -1 when the request was not forwarded
 * @param delivered whether the whole answer was written back to the agent
 * @param requestBody the request body of a write (shortened), else null
 * @param responseBody the tool's answer to a write (whole, to learn a created item's id), else null
 */
record Exchange(long seq, String connection, long atMillis, String method, String path, String fault,
    int upstreamStatus, boolean delivered, @Nullable String requestBody, @Nullable String responseBody) {

  boolean isWrite() {
    return isWrite(method, path);
  }

  /** Whether a request changes the tool: a GraphQL POST is a query (the agent sends no mutations). */
  static boolean isWrite(String method, String path) {
    if (path.startsWith("/graphql")) {
      return false;
    }
    return switch (method) {
      case "POST", "PUT", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }

  boolean applied() {
    return upstreamStatus >= 200 && upstreamStatus < 300;
  }

  String describe() {
    return connection + " #" + seq + " " + method + " " + path + " -> " + (upstreamStatus < 0 ? "not forwarded"
        : upstreamStatus) + " fault=" + fault + " delivered=" + delivered
        + (requestBody == null ? "" : " body=" + requestBody);
  }
}
