package dev.integrationagent.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The crash-and-race run ({@link ChaosRun}) against the real Redmine and a fake GitHub JVM, with
 * {@code -Dchaos.*} knobs; excluded from the default build, run by {@code .ci/run}. The report is
 * printed either way, and written with the proxy log, the person's edits and the agents' output
 * under {@code target/chaos-SEED/}. Every figure must be 0: no duplicate, nothing missing, no
 * lost edit, no field left different, no echo write, nothing parked.
 */
@Tag("chaos")
class KillSuiteTest {

  @Test
  void twoWaySyncConvergesThroughKillsFaultsAndConcurrentEdits() {
    ChaosReport report = new ChaosRun(ChaosSettings.fromSystemProperties(), System.out).run();

    assertThat(report.figures()).as("chaos figures (report above; evidence in target/chaos-*/report.txt)")
        .containsOnlyKeys(ChaosReport.FIGURES);
    report.figures().forEach((figure, count) -> assertThat(count).as(figure).isZero());
  }
}
