package dev.integrationagent.store;

import java.time.Duration;

final class Leases {
  private Leases() {}

  static void checkTtl(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive, was " + ttl);
    }
  }
}
