package dev.integrationagent.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;

/** How the benchmark's description is read: the same conversion on both sides of the comparison. */
final class BenchmarkFormats {
  /** The mapping document's {@code format} for the description. */
  static final String DESCRIPTION_FORMAT = "adf";

  private BenchmarkFormats() {}

  static String description(JsonNode adf) {
    return dev.integrationagent.mapping.text.TextFormats.adfToMarkdown(adf);
  }
}
