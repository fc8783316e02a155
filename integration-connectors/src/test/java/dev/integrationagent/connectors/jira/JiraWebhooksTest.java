package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraWebhooksTest {
  private static final String SECRET = "whsec-jira-test-secret";

  private final JiraFixture fixture = new JiraFixture();
  private final WebhookHandler webhooks = fixture.builder().webhookSecret(SECRET).open(fixture.context())
      .webhooks().orElseThrow();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, List<String>> headers(String signature, String delivery) {
    return Map.of("x-hub-signature", List.of(signature), "X-Atlassian-Webhook-Identifier", List.of(delivery));
  }

  private static void assertCategory(Runnable call, ErrorCategory category) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class,
        e -> assertThat(e.category()).as(e.getMessage()).isEqualTo(category));
  }

  @Test
  void aSignedIssueUpdateBecomesAnEventWithTheItem() {
    String id = fixture.jira.createIssue("Hooked");
    fixture.jira.editIssue(id, fields -> fields.putArray("labels").add("triaged")); // jira:issue_updated reports a change
    byte[] body = fixture.jira.webhookBody("jira:issue_updated", id, null).getBytes(StandardCharsets.UTF_8);

    WebhookEvent event = webhooks.handle(headers(sign(body, SECRET), "d-1"), body).orElseThrow();

    assertThat(event.deliveryId()).isEqualTo("d-1");
    assertThat(event.kind()).isEqualTo("jira:issue_updated");
    assertThat(event.items()).singleElement().satisfies(item -> {
      assertThat(item.id()).isEqualTo(id);
      assertThat(item.key()).isEqualTo("PAY-1");
      assertThat(item.deleted()).isFalse();
    });
  }

  @Test
  void aCommentCreatedEventCarriesTheComment() {
    String id = fixture.jira.createIssue("Talk");
    String comment = fixture.jira.addComment(id, "ping from Jira");
    byte[] body = fixture.jira.webhookBody("comment_created", id, comment).getBytes(StandardCharsets.UTF_8);

    WebhookEvent event = webhooks.handle(headers(sign(body, SECRET), "d-2"), body).orElseThrow();

    assertThat(event.comments()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(comment);
      assertThat(c.itemId()).isEqualTo(id);
      assertThat(c.body()).isEqualTo("ping from Jira");
    });
  }

  @Test
  void aDeletedIssueIsMarkedDeleted() {
    String id = fixture.jira.createIssue("Gone soon");
    byte[] body = fixture.jira.webhookBody("jira:issue_deleted", id, null).getBytes(StandardCharsets.UTF_8);

    WebhookEvent event = webhooks.handle(headers(sign(body, SECRET), "d-3"), body).orElseThrow();

    assertThat(event.items()).singleElement().satisfies(item -> assertThat(item.deleted()).isTrue());
  }

  @Test
  void aRedeliveryIsReturnedAgainWithItsDeliveryIdForTheAgentToDrop() {
    String id = fixture.jira.createIssue("Once");
    byte[] body = fixture.jira.webhookBody("jira:issue_created", id, null).getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = headers(sign(body, SECRET), "d-4");

    assertThat(webhooks.handle(headers, body)).hasValueSatisfying(e -> assertThat(e.deliveryId()).isEqualTo("d-4"));
    assertThat(webhooks.handle(headers, body)).hasValueSatisfying(e -> assertThat(e.deliveryId()).isEqualTo("d-4"));
  }

  @Test
  void aDeliveryIsANoticeItsIssueIsReadAsTheRestApiHasItNotFromItsWikiMarkup() {
    String id = fixture.jira.createIssue("Formatted");
    ConnectorSession session = fixture.builder().open(fixture.context());
    // a patch holds the issue's fields under "fields"; top-level keys are not read (the update was a no-op)
    com.fasterxml.jackson.databind.node.ObjectNode patch = fixture.context().json().createObjectNode();
    patch.putObject("fields").put("summary", "Formatted")
        .set("description", dev.integrationagent.mapping.text.TextFormats.markdownToAdf("Some **bold** text"));
    session.update(id, patch, null);
    byte[] body = fixture.jira.webhookBody("jira:issue_updated", id, null).getBytes(StandardCharsets.UTF_8);

    WebhookEvent event = webhooks.handle(headers(sign(body, SECRET), "d-8"), body).orElseThrow();

    assertThat(event.items()).singleElement().satisfies(item ->
        assertThat(item.data().path("fields").path("description"))
            .isEqualTo(session.get(id).orElseThrow().data().path("fields").path("description")));
  }

  @Test
  void aCommentEventYieldsItsIssueAndADeletedCommentIsReportedDeleted() {
    String id = fixture.jira.createIssue("Talk");
    String comment = fixture.jira.addComment(id, "soon gone");
    byte[] created = fixture.jira.webhookBody("comment_created", id, comment).getBytes(StandardCharsets.UTF_8);
    byte[] deleted = fixture.jira.webhookBody("comment_deleted", id, comment).getBytes(StandardCharsets.UTF_8);

    WebhookEvent added = webhooks.handle(headers(sign(created, SECRET), "d-9"), created).orElseThrow();
    WebhookEvent gone = webhooks.handle(headers(sign(deleted, SECRET), "d-10"), deleted).orElseThrow();

    assertThat(added.items()).extracting(ExternalItem::id).containsExactly(id);
    assertThat(gone.items()).extracting(ExternalItem::id).containsExactly(id);
    assertThat(gone.comments()).isEmpty();
    assertThat(gone.deletedCommentIds()).containsExactly(comment);
  }

  @Test
  void aWrongOrMissingSignatureFailsAsAuthentication() {
    String id = fixture.jira.createIssue("Forged");
    fixture.jira.editIssue(id, fields -> fields.putArray("labels").add("triaged")); // jira:issue_updated reports a change
    byte[] body = fixture.jira.webhookBody("jira:issue_updated", id, null).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> webhooks.handle(headers(sign(body, "another-secret"), "d-5"), body))
        .isInstanceOfSatisfying(IntegrationException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
          assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(sign(body, SECRET).substring(7));
        });
    assertCategory(() -> webhooks.handle(headers("sha256=zz", "d-6"), body), ErrorCategory.AUTHENTICATION);
    assertCategory(() -> webhooks.handle(Map.of(), body), ErrorCategory.AUTHENTICATION);
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Forged", "Forgex").getBytes(StandardCharsets.UTF_8);
    assertCategory(() -> webhooks.handle(headers(sign(body, SECRET), "d-7"), tampered), ErrorCategory.AUTHENTICATION);
  }

  @Test
  void aMalformedDeliveryFailsAsValidation() {
    byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
    byte[] noEvent = "{\"timestamp\":1}".getBytes(StandardCharsets.UTF_8);

    assertCategory(() -> webhooks.handle(headers(sign(body, SECRET), "d-8"), body), ErrorCategory.VALIDATION);
    assertCategory(() -> webhooks.handle(headers(sign(noEvent, SECRET), "d-9"), noEvent), ErrorCategory.VALIDATION);
  }

  @Test
  void anEventOfAnotherProjectCarriesNoChange() {
    String id = fixture.jira.createIssue("Elsewhere");
    fixture.jira.editIssue(id, fields -> fields.putArray("labels").add("triaged")); // jira:issue_updated reports a change
    byte[] body = fixture.jira.webhookBody("jira:issue_updated", id, null).replace("\"key\":\"PAY\"", "\"key\":\"OPS\"")
        .getBytes(StandardCharsets.UTF_8);

    Optional<WebhookEvent> event = webhooks.handle(headers(sign(body, SECRET), "d-10"), body);

    assertThat(event).isEmpty();
  }

  @Test
  void withoutASecretDeliveriesAreAcceptedUnsigned() {
    WebhookHandler open = fixture.open().webhooks().orElseThrow();
    String id = fixture.jira.createIssue("Unsigned");
    byte[] body = fixture.jira.webhookBody("jira:issue_created", id, null).getBytes(StandardCharsets.UTF_8);

    assertThat(open.handle(Map.of(), body)).isPresent();
  }
}
