package dev.integrationagent.store;

import dev.integrationagent.http.Arguments;
import java.time.Duration;

final class Leases {
  private Leases() {}

  static void checkTtl(Duration ttl) {
    Arguments.positive("lease ttl", ttl);
  }
}
