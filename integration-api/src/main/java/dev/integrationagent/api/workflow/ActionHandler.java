package dev.integrationagent.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A custom workflow action, referred to from workflow documents by {@link #type()}.
 * Thread-safe. Throw {@code IntegrationException} with a retryable category to have the step
 * retried.
 *
 * <pre>{@code
 * final class NotifyOnCall implements ActionHandler {
 *   public String type() { return "notify-on-call"; }
 *   public ActionResult execute(ActionContext ctx, JsonNode params) {
 *     pager.page(params.path("team").asText(), ctx.item().title());
 *     return ActionResult.done("paged " + params.path("team").asText());
 *   }
 * }
 * }</pre>
 */
public interface ActionHandler {
  /** The action's name in workflow documents; unique per agent. */
  String type();

  /** Problems with the action's parameters, each naming the parameter; checked at build time. */
  default List<String> validate(JsonNode params) {
    return List.of();
  }

  ActionResult execute(ActionContext context, JsonNode params);
}
