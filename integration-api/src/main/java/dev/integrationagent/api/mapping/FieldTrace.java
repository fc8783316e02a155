package dev.integrationagent.api.mapping;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import javax.annotation.Nullable;

/**
 * How one canonical field was produced in a {@link MappingPreview}.
 *
 * @param field the canonical field ({@code status}, {@code status.category}, {@code custom.points})
 * @param rule the rule in words ({@code from /fields/summary as string, required})
 * @param source where the input came from (a JSON pointer, or {@code expr})
 * @param input the input value, or null when absent
 * @param output the value produced, or null when none
 * @param issues what went wrong; empty when the rule applied cleanly
 */
public record FieldTrace(
    String field, String rule, String source, @Nullable JsonNode input, @Nullable JsonNode output,
    List<String> issues) {
  public FieldTrace {
    requireNonNull(field, "field");
    requireNonNull(rule, "rule");
    requireNonNull(source, "source");
    issues = List.copyOf(issues);
  }
}
