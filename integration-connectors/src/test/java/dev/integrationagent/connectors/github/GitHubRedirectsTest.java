package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.testkit.FakeGitHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub answers {@code 301 Moved Permanently} for an issue transferred to another repository,
 * and for every issue of a renamed repository. Only the second is the same issue.
 */
class GitHubRedirectsTest {
  private final GitHubFixture f = new GitHubFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private ObjectNode title(String title) {
    return f.context().json().createObjectNode().put("title", title);
  }

  @Test
  void aTransferredIssueReadsAsGoneNotAsTheIssueOfAnotherRepository() {
    int number = f.github.createIssue("Moves away", null);
    ConnectorSession session = f.session();
    f.github.transferIssue(number, 999L, 1);

    assertThat(session.get("" + number)).isEmpty();
  }

  @Test
  void aWriteToATransferredIssueFailsClassifiedInsteadOfBeingReplayedAsARead() {
    int number = f.github.createIssue("Moves away", null);
    ConnectorSession session = f.session();
    f.github.transferIssue(number, 999L, 1);
    int patches = f.github.requestCount("PATCH /repos/{owner}/{repo}/issues/{number}");

    assertThatThrownBy(() -> session.update("" + number, title("Renamed"), null))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
          assertThat(e.getMessage()).contains("#" + number).contains("transferred");
        });
    assertThat(f.github.requestCount("PATCH /repos/{owner}/{repo}/issues/{number}")).isEqualTo(patches + 1);
    assertThat(f.github.requestCount("GET /repositories/{id}/issues/{number}")).as("no replay as a GET").isZero();
  }

  @Test
  void anIssueOfARenamedRepositoryIsFollowedToItsNewAddressForReadsAndWrites() {
    int number = f.github.createIssue("Stays", null);
    ConnectorSession session = f.session(); // configured with the old name
    f.github.renameRepository("octo-org/renamed");

    assertThat(session.get("" + number)).hasValueSatisfying(i -> assertThat(i.data().path("title").asText())
        .isEqualTo("Stays"));
    session.update("" + number, title("Written after the rename"), null);

    assertThat(f.github.issue(number).path("title").asText()).isEqualTo("Written after the rename");
    assertThat(FakeGitHub.REPOSITORY_ID).isPositive();
  }
}
