/**
 * The crash-and-race suite: a real Redmine and a fake GitHub in its own JVM, a fault-injecting
 * proxy in front of each, a seeded person editing both sides, and {@code kill -9} of the agent's
 * JVM every few seconds; afterwards a judge reads both tools directly and reports exact figures.
 * Start at {@link dev.integrationagent.chaos.ChaosRun}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.chaos;

import javax.annotation.ParametersAreNonnullByDefault;
