package dev.integrationagent.api.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a mapping makes of a sample, field by field: the API a mapping editor calls.
 *
 * <pre>{@code
 * MappingPreview p = mapping.preview(sampleIssueJson);
 * p.traces().forEach(t -> System.out.println(t.field() + " <- " + t.source() + ": " + t.output() + " " + t.issues()));
 * }</pre>
 *
 * @param result the canonical document produced, with whatever fields could be mapped
 * @param traces one entry per rule, in rule order
 */
public record MappingPreview(JsonNode result, List<FieldTrace> traces) {
  public MappingPreview {
    traces = List.copyOf(traces);
  }

  /** Whether every rule applied without an issue. */
  public boolean isClean() {
    return traces.stream().allMatch(t -> t.issues().isEmpty());
  }
}
