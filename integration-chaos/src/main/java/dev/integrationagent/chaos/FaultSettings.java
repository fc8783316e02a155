package dev.integrationagent.chaos;

/**
 * How often a {@link FaultProxy} misbehaves, each a probability per agent request (0 to 1),
 * drawn from the proxy's seeded random source in this order; at most one fault per request.
 *
 * @param serverError answer 503 without forwarding
 * @param reset reset the connection before forwarding
 * @param dropAnswer forward, let the tool apply it, then close the connection without answering
 * @param rateLimitStorm start a run of {@code stormLength} answers 429 with {@code Retry-After: 1}
 * @param stormLength how many 429s a storm answers
 * @param truncateWithLength forward, then send part of a 2xx body under the full {@code Content-Length}
 * @param truncateWithClose forward, then send part of a 2xx body with no length and {@code Connection: close}
 * @param latency delay the answer by {@code latencyMillis}
 * @param latencyMillis how long a delayed answer waits, at most (drawn between half and all of it)
 */
record FaultSettings(double serverError, double reset, double dropAnswer, double rateLimitStorm, int stormLength,
    double truncateWithLength, double truncateWithClose, double latency, int latencyMillis) {

  static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The suite's default: about one request in eight meets some fault. */
  static FaultSettings defaults() {
    return new FaultSettings(0.02, 0.015, 0.02, 0.004, 4, 0.01, 0.01, 0.05, 400);
  }

  /** Every probability multiplied by {@code factor} (0 switches faults off). */
  FaultSettings scaled(double factor) {
    return new FaultSettings(serverError * factor, reset * factor, dropAnswer * factor, rateLimitStorm * factor,
        stormLength, truncateWithLength * factor, truncateWithClose * factor, latency * factor, latencyMillis);
  }
}
