package dev.integrationagent.connectors.slack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message as Slack returned it.
 *
 * <pre>{@code
 * SlackMessage posted = slack.postMessage("C0123456789", "Build failed", null, null, null, null);
 * String permalinkKey = posted.channel() + "/" + posted.ts();
 * }</pre>
 *
 * @param channel the conversation's id ({@code C0123456789}), as Slack names it in its answer
 * @param ts the message's timestamp ({@code 1700000000.000100}), its id within the channel
 * @param message Slack's message object ({@code text}, {@code blocks}, {@code metadata}, …)
 */
public record SlackMessage(String channel, String ts, JsonNode message) {
  public SlackMessage {
    requireNonNull(channel, "channel");
    requireNonNull(ts, "ts");
    requireNonNull(message, "message");
  }
}
