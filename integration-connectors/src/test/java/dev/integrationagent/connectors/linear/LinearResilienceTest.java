package dev.integrationagent.connectors.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Linear's rate limits, its GraphQL error types, and creates whose answer was lost. */
class LinearResilienceTest {
  private static final String RATELIMITED = """
      {"errors":[{"message":"Rate limit exceeded","extensions":{"type":"ratelimited","code":"RATELIMITED"}}]}""";
  private final LinearFixture fixture = new LinearFixture();
  private final ConnectorSession session = fixture.open();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aSpentRequestBudgetIsWaitedForUntilItsResetAndTheCallThenSucceeds() {
    String id = fixture.linear.createIssue("Budget");
    fixture.linear.rateLimit(1, 1_000_000, Duration.ofSeconds(10));
    session.get(id); // the answer announces 0 requests left until the reset

    ExternalItem again = session.get(id).orElseThrow();

    assertThat(again.id()).isEqualTo(id);
    assertThat(fixture.waits.stream().reduce(Duration.ZERO, Duration::plus)).as("waited for the announced reset")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void aSpentComplexityBudgetIsWaitedForToo() {
    String id = fixture.linear.createIssue("Complex");
    fixture.linear.rateLimit(5_000, 30, Duration.ofSeconds(10));

    for (int i = 0; i < 8; i++) {
      assertThat(session.get(id)).as("read %s", i).isPresent();
    }
    assertThat(fixture.waits.stream().reduce(Duration.ZERO, Duration::plus))
        .as("waited for the complexity budget's reset").isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aRatelimitedErrorUnderStatus200IsRetriedNotTakenAsAnAnswer() {
    String id = fixture.linear.createIssue("Two hundred");
    fixture.linear.answerNext(200, RATELIMITED);

    assertThat(session.get(id)).isPresent();
    assertThat(fixture.waits).hasSize(1);
  }

  @Test
  void theGraphQlErrorTypeDecidesBeforeTheHttpStatus() {
    fixture.linear.answerNext(400, """
        {"errors":[{"message":"Authentication required","extensions":{"type":"authentication error"}}]}""");

    IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> session.get("any"));

    assertThat(e.category()).as("400 alone would be VALIDATION").isEqualTo(ErrorCategory.AUTHENTICATION);
  }

  @Test
  void anUnknownIdIsNotFoundOnUpdate() {
    ObjectNode patch = LinearFixture.JSON.createObjectNode().put("title", "x");

    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> session.update("00000000-0000-4000-8000-000000000000", patch, null));

    assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
  }

  @Test
  void aCreateWhoseAnswerWasLostIsRepeatedWithItsIdAndMakesOneIssue() {
    session.health();
    JsonNode fields = LinearFixture.JSON.createObjectNode().put("title", "Lost answer");
    fixture.linear.loseNextResponses(1);

    ExternalItem created = session.create(fields, "ia:lost:1");

    assertThat(fixture.linear.issueCount()).isEqualTo(1);
    assertThat(created.id()).isEqualTo(LinearMarkers.issueId("ia:lost:1"));
    assertThat(session.findByMarker("ia:lost:1")).map(ExternalItem::id).contains(created.id());
  }

  @Test
  void aStatusTheTeamLacksIsWrittenAsTheFirstStateOfItsType() {
    ExternalItem item = session.create(LinearFixture.JSON.createObjectNode().put("title", "Typed"), null);
    ObjectNode patch = LinearFixture.JSON.createObjectNode();
    patch.putObject("state").put("name", "Open").put("type", "started");

    ExternalItem moved = session.update(item.id(), patch, null);

    assertThat(moved.data().path("state").path("name").asText()).isEqualTo("In Progress");
  }

  @Test
  void aStatusTheTeamCannotHoldIsRefusedNamingTheTeamsStates() {
    ExternalItem item = session.create(LinearFixture.JSON.createObjectNode().put("title", "Nowhere"), null);

    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> session.transition(item.id(), "Shipped"));

    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION);
    assertThat(e.getMessage()).contains("Shipped", "Todo (unstarted)", "Done (completed)");
  }
}
