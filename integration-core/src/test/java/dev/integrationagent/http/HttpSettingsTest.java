package dev.integrationagent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
  @Test
  void everyBadValueIsReportedAtBuildNamingItsSettingAndQuotingTheValue() {
    HttpSettings.Builder builder = HttpSettings.custom()
        .maxAttempts(0)
        .readTimeout(Duration.ofSeconds(-3))
        .retryBudget(1.5, 3)
        .rateLimit(-1, Duration.ofSeconds(1))
        .connectTimeout(null)
        .baseDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1));

    assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class,
        e -> assertThat(e.problems()).containsExactly(
            "maxAttempts: must be at least 1 but was 0",
            "readTimeout: must be positive but was PT-3S",
            "retryBudget: the ratio must be in [0, 1] but was 1.5",
            "rateLimit: the number of requests must be at least 0 but was -1",
            "connectTimeout: " + SettingProblems.missing(),
            "maxDelay: must be at least baseDelay (PT10S) but was PT1S"));
  }

  @Test
  void aLaterValidValueOfASettingClearsItsProblem() {
    HttpSettings settings = HttpSettings.custom().maxAttempts(0).maxAttempts(3).build();

    assertThat(settings.maxAttempts()).isEqualTo(3);
  }

  @Test
  void fromKeepsTheBaseAndOverridesSingleValues() {
    HttpSettings connectorDefaults = HttpSettings.custom().maxConcurrentCalls(1).rateLimit(10, Duration.ofSeconds(1)).build();

    HttpSettings hostOverride = HttpSettings.from(connectorDefaults).maxAttempts(6).build();

    assertThat(hostOverride.maxConcurrentCalls()).isEqualTo(1);
    assertThat(hostOverride.requestsPerPeriod()).isEqualTo(10);
    assertThat(hostOverride.maxAttempts()).isEqualTo(6);
    assertThat(connectorDefaults.maxAttempts()).isEqualTo(HttpSettings.ofDefaults().maxAttempts());
  }

  @Test
  void pathTemplatesNeedEveryValue() {
    HttpPipeline pipeline = HttpPipeline.builder(Fixtures.SHARED).connectionId("jira")
        .baseUrl("https://acme.atlassian.net").build();

    assertThatThrownBy(() -> pipeline.get("/rest/api/3/issue/{key}", Map.of("id", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path template '/rest/api/3/issue/{key}' needs a value for 'key' but has only [id]");
    assertThatThrownBy(() -> HttpCall.get("issues"))
        .hasMessage("path template must start with '/' but was 'issues'");
  }

  @Test
  void pipelineNeedsIdAndBaseUrl() {
    assertThatThrownBy(() -> HttpPipeline.builder(Fixtures.SHARED).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .containsExactly("connectionId: missing", "baseUrl: missing"));
    assertThatThrownBy(() -> HttpPipeline.builder(Fixtures.SHARED).connectionId(" ").baseUrl("ftp:/x")
        .maxConcurrentCalls(0).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "connectionId: must not be blank but was ' '", "baseUrl: must be an http(s) URL but was 'ftp:/x'",
            "maxConcurrentCalls: must be at least 1 but was 0"));
  }

  @Test
  void idempotencyDecidesWhetherACallMayBeRetried() {
    var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    assertThat(HttpCall.get("/a").build().retryable()).isTrue();
    assertThat(HttpCall.put("/a", body).build().retryable()).isTrue();
    assertThat(HttpCall.post("/a", body).build().retryable()).isFalse();
    assertThat(HttpCall.patch("/a", body).build().retryable()).isFalse();
    assertThat(HttpCall.post("/a", body).idempotencyKey("k").build().retryable()).isTrue();
  }

  @Test
  void resetTimesReadEverySupportedForm() {
    Instant now = Instant.parse("2026-03-02T10:00:00Z");

    assertThat(ResetTimes.retryAfter(Headers.of("Retry-After", "120"), now)).isEqualTo(Duration.ofMinutes(2));
    assertThat(ResetTimes.retryAfter(Headers.of("Retry-After", "Mon, 02 Mar 2026 10:01:00 GMT"), now))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ResetTimes.retryAfter(Headers.of("Retry-After", "Mon, 02 Mar 2026 09:00:00 GMT"), now)).isZero();
    assertThat(ResetTimes.retryAfter(Headers.of("Retry-After", "soon"), now)).isNull();
    assertThat(ResetTimes.instant("1772445660", now)).isEqualTo(Instant.ofEpochSecond(1772445660));
    assertThat(ResetTimes.instant("1772445660000", now)).isEqualTo(Instant.ofEpochMilli(1772445660000L));
    assertThat(ResetTimes.instant("2026-03-02T10:05Z", now)).isEqualTo(now.plusSeconds(300));
    assertThat(ResetTimes.instant("30", now)).isEqualTo(now.plusSeconds(30));
  }
}
