package dev.integrationagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.integrationagent.api.connector.ConnectionSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiValuesTest {
  @Test
  void workItemsAreImmutableCopies() {
    List<String> labels = new ArrayList<>(List.of("bug"));
    WorkItem item = WorkItem.builder().title("T").labels(labels).customField("points", IntNode.valueOf(3)).build();
    labels.add("later");

    assertThat(item.labels()).containsExactly("bug");
    assertThatThrownBy(() -> item.labels().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(item.toBuilder().title("U").build()).isEqualTo(
        WorkItem.builder().title("U").labels(List.of("bug")).customField("points", IntNode.valueOf(3)).build());
  }

  @Test
  void aWorkItemNeedsATitle() {
    assertThatThrownBy(() -> WorkItem.builder().build()).hasMessageContaining("no title");
    assertThatThrownBy(() -> WorkItem.builder().title("  ").build()).hasMessageContaining("blank");
  }

  @Test
  void configurationErrorsListEveryProblem() {
    ConfigurationException e = new ConfigurationException("invalid agent", List.of("a: one", "b: two"));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e).hasMessage("invalid agent (2 problems)\n  - a: one\n  - b: two");
  }

  @Test
  void settingsNeverPrintSecrets() {
    ConnectionSettings settings = ConnectionSettings.builder()
        .put("baseUrl", "https://api.github.com").secret("token", "ghp_s3cr3t").build();

    assertThat(settings.toString()).contains("https://api.github.com").doesNotContain("ghp_s3cr3t");
    assertThat(settings.get("token")).contains("ghp_s3cr3t");
    assertThat(settings.secretKeys()).containsExactly("token");
  }

  @Test
  void onlyTransientAndRateLimitedAreRetryable() {
    assertThat(List.of(ErrorCategory.values())).filteredOn(ErrorCategory::isRetryable)
        .containsExactly(ErrorCategory.TRANSIENT, ErrorCategory.RATE_LIMITED);
  }
}
