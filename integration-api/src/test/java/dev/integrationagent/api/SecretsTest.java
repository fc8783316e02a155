package dev.integrationagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private static final String KEY = "s3cr3t/key+with \"quotes\"";

  @Test
  void replacesEveryOccurrenceOfASecret() {
    assertThat(Secrets.redact("key=tok-12345, again tok-12345.", Set.of("tok-12345")))
        .isEqualTo("key=[REDACTED], again [REDACTED].");
  }

  @Test
  void hidesTheSecretPercentEncodedAsInAUrl() {
    String encoded = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
    String url = "https://tool.example/api?key=" + encoded + "&other=" + encoded.replace("+", "%20");

    String redacted = Secrets.redact(url, Set.of(KEY));

    assertThat(redacted).isEqualTo("https://tool.example/api?key=[REDACTED]&other=[REDACTED]");
  }

  @Test
  void hidesTheSecretEscapedInsideAJsonString() throws Exception {
    String json = new ObjectMapper().writeValueAsString(java.util.Map.of("echo", KEY));
    assertThat(json).doesNotContain(KEY); // Jackson escaped its quotes

    assertThat(Secrets.redact(json, Set.of(KEY))).isEqualTo("{\"echo\":\"[REDACTED]\"}");
    assertThat(Secrets.redact("{\"echo\":\"s3cr3t\\/key\"}", Set.of("s3cr3t/key"))).isEqualTo("{\"echo\":\"[REDACTED]\"}");
  }

  @Test
  void aSecretContainingAnotherIsHiddenWhole() {
    assertThat(Secrets.redact("abcd-efgh", Set.of("abcd", "abcd-efgh"))).isEqualTo("[REDACTED]");
  }

  @Test
  void valuesShorterThanTheMinimumAndBlankOnesAreIgnored() {
    String text = "a status of 200 in the log";
    assertThat(Secrets.redact(text, Set.of("200", "a", "    ", ""))).isEqualTo(text);
    assertThat(Secrets.redact("pin 1234", Set.of("1234"))).isEqualTo("pin [REDACTED]");
    assertThat(Secrets.MIN_LENGTH).isEqualTo(4);
  }

  @Test
  void containsTellsWhetherAnyFormIsPresent() {
    assertThat(Secrets.contains("x=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8), Set.of(KEY))).isTrue();
    assertThat(Secrets.contains("nothing here", Set.of(KEY))).isFalse();
  }
}
