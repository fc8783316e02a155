package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;

/** Short renderings of values for audit messages. */
final class Excerpts {
  private static final int MAX = 80;

  private Excerpts() {}

  static String of(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX ? text : text.substring(0, MAX) + "…";
  }
}
