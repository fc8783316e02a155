package dev.integrationagent.api.workflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * What an action produced.
 *
 * @param output a value later steps can refer to; {@code null} JSON when there is none
 * @param message one line for the audit trail
 */
public record ActionResult(JsonNode output, String message) {
  public ActionResult {
    requireNonNull(output, "output");
    requireNonNull(message, "message");
  }

  public static ActionResult done(String message) {
    return new ActionResult(NullNode.getInstance(), message);
  }
}
