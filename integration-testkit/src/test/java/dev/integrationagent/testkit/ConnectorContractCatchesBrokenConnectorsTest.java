package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.integrationagent.api.connector.ConnectorSession;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract run, as a plugin author's build would run it, against in-memory sessions with one
 * defect each ({@link BrokenSessions}): the check that covers the defect fails. The working
 * in-memory session passes every check, so each failure is the defect's.
 */
class ConnectorContractCatchesBrokenConnectorsTest {

  /** Set while {@link #run} runs a contract: the broken contracts are skipped when a build tool finds them. */
  private static final AtomicBoolean RUNNING = new AtomicBoolean();

  /** The in-memory contract with the session passed through a defect. */
  abstract static class Broken extends InMemoryConnectorContractTest {
    abstract UnaryOperator<ConnectorSession> defect();

    @BeforeEach
    void onlyWhenRunByTheTestBelow() {
      assumeTrue(RUNNING.get(), "broken on purpose: run by ConnectorContractCatchesBrokenConnectorsTest");
    }

    @Override
    protected ConnectorSession openSession() {
      return defect().apply(super.openSession());
    }
  }

  static final class IgnoresExpectedVersion extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::ignoringExpectedVersion;
    }
  }

  static final class CreateAnswerDiffersFromRead extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::answeringCreatesDifferently;
    }
  }

  static final class UpdateAnswerDiffersFromRead extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::answeringUpdatesWithTheOldState;
    }
  }

  static final class AppliesStaleWrites extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::refusingStaleWritesAfterApplyingThem;
    }
  }

  static final class AcceptsUnsignedWebhooks extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::acceptingUnsignedWebhooks;
    }
  }

  static final class InventsDeliveryIds extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::inventingDeliveryIds;
    }
  }

  static final class SkipsTiesAtAPageEdge extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::skippingTiesAtAPageEdge;
    }
  }

  static final class RepeatsOnResume extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::repeatingTheLastItemOnResume;
    }
  }

  static final class SkipsOnResume extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::skippingAnItemOnResume;
    }
  }

  static final class ClosesInsteadOfDeleting extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::closingInsteadOfDeleting;
    }
  }

  static final class AcceptsTamperedWebhooks extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::verifyingWebhooksOverParsedJson;
    }
  }

  static final class RacyCreates extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::sharingOneAnswerBetweenConcurrentCreates;
    }
  }

  static final class LosesConcurrentUpdates extends Broken {
    @Override
    UnaryOperator<ConnectorSession> defect() {
      return BrokenSessions::writingBackWholeItems;
    }
  }

  @Test
  void theWorkingInMemorySessionPassesEveryCheckAndSkipsNone() {
    Map<String, String> outcomes = run(InMemoryConnectorContractTest.class);

    assertThat(outcomes).hasSizeGreaterThanOrEqualTo(23).allSatisfy((check, outcome) ->
        assertThat(outcome).as(check).isEqualTo("SUCCESSFUL"));
  }

  @Test
  void aSessionThatIgnoresTheExpectedVersionFailsTheStaleVersionCheck() {
    assertThat(failed(IgnoresExpectedVersion.class)).containsExactly("aStaleVersionIsRefusedAsConflictAndChangesNothing");
  }

  @Test
  void aSessionWhoseCreateAnswerDiffersFromAReadFailsTheCreateAnswerCheck() {
    // the update check reads the create's answer too, and fails on the same defect
    assertThat(failed(CreateAnswerDiffersFromRead.class)).contains("aCreateAnswersWhatAFollowingReadReturns")
        .doesNotContain("anUpdateAnswersWhatAFollowingReadReturns");
  }

  @Test
  void aSessionThatAppliesAStaleWriteBeforeRefusingItFailsTheStaleVersionCheck() {
    assertThat(failed(AppliesStaleWrites.class)).containsExactly("aStaleVersionIsRefusedAsConflictAndChangesNothing");
  }

  @Test
  void aSessionWhoseUpdateAnswerDiffersFromAReadFailsTheUpdateAnswerCheck() {
    assertThat(failed(UpdateAnswerDiffersFromRead.class)).contains("anUpdateAnswersWhatAFollowingReadReturns")
        .doesNotContain("aCreateAnswersWhatAFollowingReadReturns");
  }

  @Test
  void aSessionThatSkipsATiedItemAtAPageEdgeFailsTheTieCheck() {
    assertThat(failed(SkipsTiesAtAPageEdge.class)).contains("itemsSharingATimestampAcrossAPageEdgeAreListedOnceEach");
  }

  @Test
  void aSessionThatRepeatsAnItemOnResumeFailsTheResumeCheck() {
    assertThat(failed(RepeatsOnResume.class))
        .contains("aListingResumedFromASavedCursorYieldsExactlyWhatWasNotListedThenExactlyTheNewChanges");
  }

  @Test
  void aSessionThatSkipsAnItemOnResumeFailsTheResumeCheck() {
    assertThat(failed(SkipsOnResume.class))
        .contains("aListingResumedFromASavedCursorYieldsExactlyWhatWasNotListedThenExactlyTheNewChanges");
  }

  @Test
  void aSessionThatClosesInsteadOfDeletingFailsTheDeleteCheck() {
    assertThat(failed(ClosesInsteadOfDeleting.class)).containsExactly("aDeletedItemIsReportedDeletedOrReadsAsGone");
  }

  @Test
  void aWebhookHandlerThatAcceptsATamperedBodyFailsTheTamperCheck() {
    assertThat(failed(AcceptsTamperedWebhooks.class)).containsExactly("aWebhookWhoseBodyWasTamperedWithIsRefused");
  }

  @Test
  void aWebhookHandlerThatTakesAnUnsignedDeliveryFailsTheSignatureCheck() {
    assertThat(failed(AcceptsUnsignedWebhooks.class)).containsExactly("aWebhookWithAWrongOrMissingSignatureIsRefused");
  }

  @Test
  void aWebhookHandlerThatInventsDeliveryIdsFailsTheReplayCheck() {
    assertThat(failed(InventsDeliveryIds.class)).containsExactly("aReplayedWebhookDeliveryIsRecognised");
  }

  @Test
  void aSessionThatLosesConcurrentCreatesFailsTheConcurrencyCheck() {
    assertThat(failed(RacyCreates.class)).containsExactly("concurrentCreatesLoseNothingAndCreateNothingTwice");
  }

  @Test
  void aSessionThatLosesConcurrentUpdatesFailsTheConcurrencyCheck() {
    assertThat(failed(LosesConcurrentUpdates.class)).containsExactly("concurrentUpdatesLoseNothing");
  }

  private static java.util.Set<String> failed(Class<? extends ConnectorContract> contract) {
    Map<String, String> outcomes = run(contract);
    assertThat(outcomes).as("checks run on " + contract.getSimpleName()).hasSizeGreaterThanOrEqualTo(23);
    java.util.Set<String> failed = new java.util.TreeSet<>();
    outcomes.forEach((check, outcome) -> {
      if (!outcome.equals("SUCCESSFUL")) {
        failed.add(check);
      }
    });
    return failed;
  }

  /** Every check's outcome (SUCCESSFUL, ABORTED for a skip, FAILED), by test method name. */
  private static Map<String, String> run(Class<? extends ConnectorContract> contract) {
    Map<String, String> outcomes = new TreeMap<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource method) {
          synchronized (outcomes) {
            outcomes.put(method.getMethodName(), result.getStatus().name());
          }
        }
      }

      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        if (id.getSource().orElse(null) instanceof MethodSource method) {
          synchronized (outcomes) {
            outcomes.put(method.getMethodName(), "SKIPPED");
          }
        }
      }
    };
    RUNNING.set(true);
    try {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(contract))
          .filters(EngineFilter.includeEngines("junit-jupiter"))
          .build(), listener);
    } finally {
      RUNNING.set(false);
    }
    return outcomes;
  }
}
