/**
 * JMH benchmarks of the engine, each against a baseline measured in the same run. Build with {@code mvn -pl integration-benchmarks -am package} and
 * run {@code java -jar integration-benchmarks/target/benchmarks.jar}; never part of the test run.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.benchmarks;

import javax.annotation.ParametersAreNonnullByDefault;
