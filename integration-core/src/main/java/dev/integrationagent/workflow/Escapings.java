package dev.integrationagent.workflow;

/**
 * Where each action's string parameters land, and so how their placeholders are escaped. A
 * parameter not listed is plain text ({@link Escaping#NONE}): the connector writes it as a value,
 * and a JSON body built from a parameter object is serialised by Jackson, which quotes it.
 */
final class Escapings {
  private Escapings() {}

  static Escaping of(String action, String pointer) {
    return switch (action) {
      case "createItem", "updateFields" -> pointer.equals("/fields/description") ? Escaping.MARKDOWN : Escaping.NONE;
      case "addComment" -> pointer.equals("/body") ? Escaping.MARKDOWN : Escaping.NONE;
      case "slack.post" -> pointer.equals("/text") || pointer.startsWith("/blocks") ? Escaping.SLACK_MRKDWN
          : Escaping.NONE;
      case "http.call" -> pointer.equals("/url") ? Escaping.URL
          : pointer.startsWith("/headers/") ? Escaping.HEADER
          : pointer.equals("/body") ? Escaping.JSON : Escaping.NONE;
      default -> Escaping.NONE;
    };
  }
}
