package dev.integrationagent.mapping;

/** Short excerpts of values for messages, so that a huge field never floods an error. */
final class Excerpt {
  private static final int MAX = 60;

  private Excerpt() {}

  static String of(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX) + "…(" + text.length() + " chars)";
  }
}
