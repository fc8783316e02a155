package dev.integrationagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String KEY = "key-0123456789";
  private final Set<String> secrets = new HashSet<>(Set.of(KEY));
  private final Redaction redaction = new Redaction(() -> secrets);

  @Test
  void anExceptionKeepsItsKindCategoryAndStackWithTheKeyHiddenFromTheWholeChain() {
    IntegrationException original = new IntegrationException(ErrorCategory.AUTHENTICATION, "gh",
        "rejected " + KEY, new IllegalStateException("cause " + KEY, new java.io.IOException("root " + KEY)));

    RuntimeException clean = redaction.exception(original);

    assertThat(clean).isInstanceOfSatisfying(IntegrationException.class, e -> {
      assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
      assertThat(e.connectionId()).isEqualTo("gh");
    });
    assertThat(clean.getStackTrace()).isEqualTo(original.getStackTrace());
    StringWriter printed = new StringWriter();
    clean.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString()).doesNotContain(KEY).contains("rejected [REDACTED]", "cause [REDACTED]",
        "java.io.IOException: root [REDACTED]");
  }

  @Test
  void anExceptionWithoutASecretIsReturnedAsItIs() {
    IllegalStateException clean = new IllegalStateException("nothing secret");

    assertThat(redaction.exception(clean)).isSameAs(clean);
  }

  @Test
  void aConfigurationExceptionKeepsItsSummaryAndProblems() {
    RuntimeException clean = redaction.exception(new ConfigurationException("bad", List.of("token: '" + KEY + "'")));

    assertThat(clean).isInstanceOfSatisfying(ConfigurationException.class, e -> {
      assertThat(e.summary()).isEqualTo("bad");
      assertThat(e.problems()).containsExactly("token: '[REDACTED]'");
    });
  }

  @Test
  void jsonIsCopiedOnlyWhenItHoldsASecretInAValueOrAName() throws Exception {
    JsonNode plain = new ObjectMapper().readTree("{\"a\":[1,\"x\"]}");
    JsonNode leaking = new ObjectMapper().readTree("{\"a\":[\"" + KEY + "\"],\"" + KEY + "\":{\"b\":\"k " + KEY + "\"}}");

    assertThat(redaction.json(plain)).isSameAs(plain);
    assertThat(redaction.json(leaking).toString())
        .isEqualTo("{\"a\":[\"[REDACTED]\"],\"[REDACTED]\":{\"b\":\"k [REDACTED]\"}}");
    assertThat(leaking.toString()).contains(KEY); // the original is untouched
  }

  @Test
  void alertsAreCleanedAndRotatedSecretsAreCoveredAtOnce() {
    secrets.add("rotated-token-42");
    Alert alert = new Alert(Instant.EPOCH, Severity.CRITICAL, "health", "gh down: " + KEY,
        "token rotated-token-42 refused", Map.of("key", KEY));

    Alert clean = redaction.alert(alert);

    assertThat(clean.toString()).doesNotContain(KEY).doesNotContain("rotated-token-42");
  }

  @Test
  void theLoggerCleansMessagesArgumentsAndLoggedErrors() {
    List<String> lines = new java.util.ArrayList<>();
    org.slf4j.Logger sink = new org.slf4j.helpers.LegacyAbstractLogger() {
      private static final long serialVersionUID = 1L;

      @Override
      protected String getFullyQualifiedCallerName() {
        return null;
      }

      @Override
      protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, org.slf4j.Marker marker, String msg,
          Object[] args, Throwable t) {
        lines.add(level + " " + msg + (t == null ? "" : " / " + t));
      }

      @Override public boolean isTraceEnabled() { return true; }
      @Override public boolean isDebugEnabled() { return true; }
      @Override public boolean isInfoEnabled() { return true; }
      @Override public boolean isWarnEnabled() { return true; }
      @Override public boolean isErrorEnabled() { return true; }
    };
    RedactingLogger log = new RedactingLogger(sink, redaction);

    log.warn("item {} failed: {}", "7", "bad key " + KEY, new IllegalStateException("said " + KEY));

    assertThat(lines).singleElement().asString().doesNotContain(KEY)
        .startsWith("WARN item 7 failed: bad key [REDACTED] / ").contains("said [REDACTED]");
  }

  @Test
  void oneAuditRecordIsCleanedWithOneReadingOfTheSecretsAndARotatedOneIsCoveredByTheNext() {
    java.util.concurrent.atomic.AtomicInteger readings = new java.util.concurrent.atomic.AtomicInteger();
    Redaction counting = new Redaction(() -> {
      readings.incrementAndGet(); // every connection's secrets, with their encoded forms: not cheap
      return Set.copyOf(secrets);
    });
    ObjectMapper json = new ObjectMapper();
    dev.integrationagent.api.audit.AuditEvent record = dev.integrationagent.api.audit.AuditEvent.builder(
            "item.updated", dev.integrationagent.api.audit.AuditEvent.Outcome.SUCCESS, Instant.parse("2026-01-05T10:00:00Z"))
        .connection("gh").item("7").message("updated with " + KEY).attribute("a", "1").attribute("b", KEY).attribute("c", "3")
        .changes(Map.of("title", new dev.integrationagent.api.event.FieldChange(json.getNodeFactory().textNode("old"),
            json.getNodeFactory().textNode("new " + KEY))))
        .build();

    dev.integrationagent.api.audit.AuditEvent clean = counting.event(record);

    assertThat(readings).as("secrets read per record").hasValue(1);
    assertThat(clean.message()).isEqualTo("updated with [REDACTED]");
    assertThat(clean.attributes()).containsEntry("b", "[REDACTED]").containsEntry("a", "1");
    assertThat(clean.changes().get("title").newValue().asText()).isEqualTo("new [REDACTED]");

    secrets.add("rotated-987654321");
    assertThat(counting.event(record.toBuilder().message("now rotated-987654321").build()).message())
        .isEqualTo("now [REDACTED]");
  }
}
