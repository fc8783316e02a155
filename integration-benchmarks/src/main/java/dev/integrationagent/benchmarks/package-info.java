/** JMH benchmarks; each compares against a baseline measured in the same run. */
@ParametersAreNonnullByDefault
package dev.integrationagent.benchmarks;

import javax.annotation.ParametersAreNonnullByDefault;
