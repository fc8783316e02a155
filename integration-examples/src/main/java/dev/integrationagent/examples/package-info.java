/** Runnable examples of embedding the agent; {@link dev.integrationagent.examples.Quickstart} is the README's. */
@ParametersAreNonnullByDefault
package dev.integrationagent.examples;

import javax.annotation.ParametersAreNonnullByDefault;
