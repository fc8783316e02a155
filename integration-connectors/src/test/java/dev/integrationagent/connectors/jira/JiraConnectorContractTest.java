package dev.integrationagent.connectors.jira;

import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.testkit.ConnectorContract;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;

class JiraConnectorContractTest extends ConnectorContract {
  private static final String WEBHOOK_SECRET = "contract-webhook-secret";
  private final JiraFixture fixture = new JiraFixture();
  private final AtomicInteger deliveries = new AtomicInteger();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Override
  protected ConnectorSession openSession() {
    return fixture.builder().webhookSecret(WEBHOOK_SECRET).open(fixture.context());
  }

  @Override
  protected Mapping mapping() {
    return new JiraConnector().defaultMapping();
  }

  @Override
  protected Remote remote() {
    return new Remote() {
      @Override
      public String create(WorkItem item) {
        fixture.clock.advance(Duration.ofSeconds(1));
        return fixture.jira.createIssue(item.title());
      }

      @Override
      public void retitle(String id, String title) {
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.jira.editSummary(id, title);
      }

      @Override
      public void passTime() {
        fixture.clock.advance(Duration.ofSeconds(1));
      }

      @Override
      public List<String> createTied(List<WorkItem> items) {
        fixture.clock.advance(Duration.ofSeconds(1));
        return items.stream().map(i -> fixture.jira.createIssue(i.title())).toList();
      }
    };
  }

  @Override
  protected Set<Capability> capabilities() {
    return JiraConnector.CAPABILITIES;
  }

  @Override
  protected ConnectorSession sessionWithBadCredentials() {
    return fixture.openWithBadCredentials();
  }

  /** A Jira Cloud delivery: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>}. */
  @Override
  protected SignedDelivery webhookDelivery(ExternalItem item) {
    byte[] body = fixture.jira.webhookBody("jira:issue_created", item.id(), null).getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
      return new SignedDelivery(Map.of("X-Hub-Signature", List.of(signature),
          "X-Atlassian-Webhook-Identifier", List.of("contract-" + deliveries.incrementAndGet())), body, "X-Hub-Signature");
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
