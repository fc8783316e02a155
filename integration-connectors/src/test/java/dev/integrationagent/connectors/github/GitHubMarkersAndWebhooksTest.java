package dev.integrationagent.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import dev.integrationagent.testkit.FakeGitHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubMarkersAndWebhooksTest {
  private static final String SECRET = "webhook-secret-for-tests";
  private final GitHubFixture f = new GitHubFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static void assertCategory(Runnable call, ErrorCategory category) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class,
        e -> assertThat(e.category()).as(e.getMessage()).isEqualTo(category));
  }

  @Test
  void aCreateWhoseResponseWasLostIsFoundByItsMarkerWhileSearchLags() {
    f.github.searchLag(Duration.ofMinutes(5));
    GitHubSession session = f.session();
    f.github.loseNextResponses(1);

    assertCategory(() -> session.create(f.context().json().createObjectNode().put("title", "lost"), "ia:lost:1"),
        ErrorCategory.TRANSIENT);

    assertThat(f.github.issueCount()).as("a POST without idempotency is not repeated").isEqualTo(1);
    Optional<ExternalItem> found = session.findByMarker("ia:lost:1");
    assertThat(found).map(ExternalItem::id).contains("1");
    assertThat(found.orElseThrow().data().path("body").asText()).isEmpty();
    assertThat(f.github.requestCount("GET /search/issues")).isZero();
  }

  @Test
  void anOlderMarkedIssueBeyondTheRecentScanIsFoundThroughSearch() {
    GitHubSession session = (GitHubSession) f.builder().markerScanLimit(2).open(f.context());
    ExternalItem marked = session.create(f.context().json().createObjectNode().put("title", "old"), "ia:old:1");
    for (int i = 0; i < 3; i++) {
      f.github.createIssue("newer " + i, "mentions integration-agent:marker=ia:old:1 in plain text");
    }

    assertThat(session.findByMarker("ia:old:1")).map(ExternalItem::id).contains(marked.id());
    assertThat(session.findByMarker("ia:old")).isEmpty();
    assertThat(f.github.requestCount("GET /search/issues")).isEqualTo(2);
    assertThat(f.github.searchRateLimitRemaining()).as("search has its own budget").isEqualTo(28);
  }

  @Test
  void theSearchBudgetDoesNotPaceOtherCalls() {
    GitHubSession session = (GitHubSession) f.builder().markerScanLimit(1).open(f.context());
    f.github.createIssue("unmarked", null);

    for (int i = 0; i < 29; i++) {
      assertThat(session.findByMarker("ia:absent:" + i)).isEmpty();
    }

    assertThat(f.github.searchRateLimitRemaining()).isEqualTo(1);
    assertThat(f.waits).as("core calls and searches went unpaced").isEmpty();
  }

  @Test
  void aMarkerThatCannotLiveInAnHtmlCommentIsRejected() {
    GitHubSession session = f.session();

    assertThatThrownBy(() -> session.create(f.context().json().createObjectNode().put("title", "t"), "a --> b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a --> b'");
  }

  @Test
  void theSignatureMatchesGitHubsDocumentedTestVector() {
    GitHubWebhooks handler = new GitHubWebhooks("It's a Secret to Everybody", "github", new ObjectMapper());

    assertThat(handler.expectedSignature("Hello, World!".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    assertThat(FakeGitHub.signature("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  private WebhookHandler handler() {
    return f.builder().webhookSecret(SECRET).open(f.context()).webhooks().orElseThrow();
  }

  @Test
  void aSignedIssuesDeliveryBecomesAChangeAndARedeliveryKeepsItsDeliveryId() {
    int number = f.github.createIssue("hooked", "text");
    FakeGitHub.Delivery delivery = f.github.issuesDelivery(SECRET, "edited", number);
    WebhookHandler handler = handler();

    WebhookEvent event = handler.handle(delivery.headers(), delivery.body()).orElseThrow();

    assertThat(event.kind()).isEqualTo("issues.edited");
    assertThat(event.items()).extracting(ExternalItem::id).containsExactly(Integer.toString(number));
    // GitHub's "Redeliver": the agent, not the handler, knows whether the first was handled
    assertThat(handler.handle(delivery.headers(), delivery.body())).as("redelivery")
        .hasValueSatisfying(again -> assertThat(again.deliveryId()).isEqualTo(event.deliveryId()));
  }

  @Test
  void aTransferredIssueIsReportedGoneAndADeletedCommentAsDeletedNotAdded() {
    int number = f.github.createIssue("moving", "text");
    long comment = f.github.addComment(number, "soon gone");
    FakeGitHub.Delivery transferred = f.github.issuesDelivery(SECRET, "transferred", number);
    FakeGitHub.Delivery created = f.github.commentDelivery(SECRET, number);
    byte[] deletedBody = new String(created.body(), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"action\":\"created\"", "\"action\":\"deleted\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FakeGitHub.Delivery deleted = new FakeGitHub.Delivery(created.headers(), deletedBody)
        .withSignature(FakeGitHub.signature(SECRET, deletedBody));
    WebhookHandler handler = handler();

    assertThat(handler.handle(transferred.headers(), transferred.body()).orElseThrow().items())
        .singleElement().satisfies(item -> assertThat(item.deleted()).isTrue());
    WebhookEvent event = handler.handle(deleted.headers(), deleted.body()).orElseThrow();
    assertThat(event.kind()).isEqualTo("issue_comment.deleted");
    assertThat(event.comments()).as("not reported as added").isEmpty();
    assertThat(event.deletedCommentIds()).containsExactly(Long.toString(comment));
  }

  @Test
  void aDeletedDeliveryReportsTheIssueDeletedAndAnEditedOneDoesNot() {
    int number = f.github.createIssue("doomed", "text");
    FakeGitHub.Delivery deleted = f.github.issuesDelivery(SECRET, "deleted", number);
    FakeGitHub.Delivery edited = f.github.issuesDelivery(SECRET, "edited", number);
    WebhookHandler handler = handler();

    assertThat(handler.handle(deleted.headers(), deleted.body()).orElseThrow().items())
        .singleElement().satisfies(item -> assertThat(item.deleted()).isTrue());
    assertThat(handler.handle(edited.headers(), edited.body()).orElseThrow().items())
        .singleElement().satisfies(item -> assertThat(item.deleted()).isFalse());
  }

  @Test
  void aCommentDeliveryCarriesTheComment() {
    int number = f.github.createIssue("hooked", null);
    f.github.addComment(number, "hello from the web");
    FakeGitHub.Delivery delivery = f.github.commentDelivery(SECRET, number);

    WebhookEvent event = handler().handle(delivery.headers(), delivery.body()).orElseThrow();

    assertThat(event.kind()).isEqualTo("issue_comment.created");
    assertThat(event.comments()).singleElement()
        .satisfies(c -> assertThat(c.body()).isEqualTo("hello from the web"));
  }

  @Test
  void aPingCarriesNoChange() {
    FakeGitHub.Delivery ping = f.github.pingDelivery(SECRET);

    assertThat(handler().handle(ping.headers(), ping.body())).isEmpty();
  }

  @Test
  void aMissingOrWrongSignatureOrATamperedBodyIsRefusedAsAuthentication() {
    int number = f.github.createIssue("hooked", null);
    FakeGitHub.Delivery delivery = f.github.issuesDelivery(SECRET, "opened", number);
    WebhookHandler handler = handler();
    byte[] tampered = new String(delivery.body(), StandardCharsets.UTF_8).replace("hooked", "HOOKED")
        .getBytes(StandardCharsets.UTF_8);

    assertCategory(() -> handler.handle(delivery.withSignature(null).headers(), delivery.body()),
        ErrorCategory.AUTHENTICATION);
    assertCategory(() -> handler.handle(delivery.withSignature("sha256=00").headers(), delivery.body()),
        ErrorCategory.AUTHENTICATION);
    assertCategory(() -> handler.handle(delivery.headers(), tampered), ErrorCategory.AUTHENTICATION);
    FakeGitHub.Delivery otherSecret = f.github.issuesDelivery("another secret", "opened", number);
    assertCategory(() -> handler.handle(otherSecret.headers(), otherSecret.body()), ErrorCategory.AUTHENTICATION);
  }

  @Test
  void aSignedBodyThatIsNotJsonIsValidation() {
    byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = Map.of("x-hub-signature-256", List.of(FakeGitHub.signature(SECRET, body)),
        "x-github-event", List.of("issues"), "x-github-delivery", List.of("d-1"));

    assertCategory(() -> handler().handle(headers, body), ErrorCategory.VALIDATION);
  }

  @Test
  void withoutAWebhookSecretThereIsNoHandler() {
    assertThat(f.session().webhooks()).isEmpty();
  }
}
