package dev.integrationagent.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A named, time-limited claim that one agent holds, so a scheduled pass runs once across a
 * cluster.
 *
 * @param name what is claimed ({@code "plan:github-jira"})
 * @param owner the agent holding it
 * @param expiresAt when it lapses unless renewed
 */
public record Lease(String name, String owner, Instant expiresAt) {
  public Lease {
    requireNonNull(name, "name");
    requireNonNull(owner, "owner");
    requireNonNull(expiresAt, "expiresAt");
  }
}
