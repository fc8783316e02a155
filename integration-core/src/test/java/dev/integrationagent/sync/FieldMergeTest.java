package dev.integrationagent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.sync.ConflictResolver;
import dev.integrationagent.api.sync.MergeInput;
import dev.integrationagent.api.sync.MergeResult;
import dev.integrationagent.api.sync.Resolution;
import dev.integrationagent.api.sync.Side;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMergeTest {
  private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  private static final ConflictResolver A_WINS = c -> Resolution.take(c, Side.A);

  private static Map<String, JsonNode> fields(String title, String priority) {
    return Map.of("title", TextNode.valueOf(title), "priority", TextNode.valueOf(priority));
  }

  private static MergeResult merge(Map<String, JsonNode> base, Map<String, JsonNode> a, Map<String, JsonNode> b,
      ConflictResolver resolver) {
    return FieldMerge.INSTANCE.merge(new MergeInput("p", base, a, b, T, T), resolver);
  }

  @Test
  void aChangeOnOneSideGoesToTheOther() {
    MergeResult r = merge(fields("t", "Low"), fields("t2", "Low"), fields("t", "Low"), A_WINS);

    assertThat(r.toB()).containsOnly(Map.entry("title", TextNode.valueOf("t2")));
    assertThat(r.toA()).isEmpty();
    assertThat(r.base()).isEqualTo(fields("t2", "Low"));
  }

  @Test
  void changesOfDifferentFieldsMerge() {
    MergeResult r = merge(fields("t", "Low"), fields("t2", "Low"), fields("t", "High"), A_WINS);

    assertThat(r.toA()).containsOnly(Map.entry("priority", TextNode.valueOf("High")));
    assertThat(r.toB()).containsOnly(Map.entry("title", TextNode.valueOf("t2")));
    assertThat(r.base()).isEqualTo(fields("t2", "High"));
  }

  @Test
  void theSameChangeOnBothSidesIsNoConflict() {
    MergeResult r = merge(fields("t", "Low"), fields("t2", "Low"), fields("t2", "Low"), c -> {
      throw new AssertionError("no conflict expected");
    });

    assertThat(r.isNoop()).isTrue();
    assertThat(r.base()).isEqualTo(fields("t2", "Low"));
  }

  @Test
  void aConflictGoesToTheResolverAndManualLeavesTheBase() {
    MergeResult manual = merge(fields("t", "Low"), fields("ta", "Low"), fields("tb", "Low"), c -> Resolution.manual());

    assertThat(manual.toA()).isEmpty();
    assertThat(manual.toB()).isEmpty();
    assertThat(manual.parked()).singleElement().satisfies(c -> {
      assertThat(c.field()).isEqualTo("title");
      assertThat(c.base()).isEqualTo(TextNode.valueOf("t"));
    });
    assertThat(manual.base().get("title")).isEqualTo(TextNode.valueOf("t"));

    MergeResult aWins = merge(fields("t", "Low"), fields("ta", "Low"), fields("tb", "Low"), A_WINS);
    assertThat(aWins.toB()).containsOnly(Map.entry("title", TextNode.valueOf("ta")));
  }

  @Test
  void withoutABaseEveryDifferenceIsAConflict() {
    MergeResult r = FieldMerge.INSTANCE.merge(new MergeInput("p", null, fields("ta", "Low"), fields("tb", "Low"), T, T),
        A_WINS);

    assertThat(r.toB()).containsOnly(Map.entry("title", TextNode.valueOf("ta")));
  }
}
