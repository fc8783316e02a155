package dev.integrationagent.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The crash-and-race run ({@link ChaosRun}) against the real Redmine and a fake GitHub JVM, with
 * {@code -Dchaos.*} knobs; excluded from the default build, run by {@code .ci/run}. The report is
 * printed either way, and written with the proxy log, the person's edits and the agents' output
 * under {@code target/chaos-SEED/}.
 *
 * <p>Every figure but one must be 0. {@code lost-edits} is reported, not yet asserted: at seeds 11
 * and 23 it is 1 of 300 items. That item is a GitHub description whose edit time GitHub's REST API
 * does not tell, so the later {@code updated_at} outweighs a later Redmine edit (see the
 * module README). Issue #10 stays open for it.
 */
@Tag("chaos")
class KillSuiteTest {
  /** Figures reported but not yet held to 0 (see the class comment). */
  static final Set<String> REPORTED_ONLY = Set.of("lost-edits");

  @Test
  void twoWaySyncConvergesThroughKillsFaultsAndConcurrentEdits() {
    ChaosReport report = new ChaosRun(ChaosSettings.fromSystemProperties(), System.out).run();

    assertThat(report.figures()).as("chaos figures (report above; evidence in target/chaos-*/report.txt)")
        .containsOnlyKeys(ChaosReport.FIGURES);
    report.figures().forEach((figure, count) -> {
      if (REPORTED_ONLY.contains(figure)) {
        System.out.println("chaos: " + figure + " = " + count + " (reported, not yet asserted: issue #10)");
      } else {
        assertThat(count).as(figure).isZero();
      }
    });
  }
}
