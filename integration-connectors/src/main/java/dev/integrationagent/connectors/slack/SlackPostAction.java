package dev.integrationagent.connectors.slack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionHandler;
import dev.integrationagent.api.workflow.ActionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The workflow action {@code slack.post}: posts one message per step of a run, never two. The
 * message carries metadata {@code event_type} {@value #EVENT_TYPE} with
 * {@code event_payload {"key": <the step's idempotency key>, "workflow": …, "execution": …}};
 * a retried step ({@code attempt > 1}) or one whose earlier attempt died without an outcome
 * first looks for that key in the channel's last {@value #LOOKBACK_HOURS} hours
 * ({@code conversations.history}, or {@code conversations.replies} for a reply in a thread) and
 * returns the message it finds instead of posting again. A first attempt never looks.
 *
 * <p>Parameters: {@code channel} (required: a conversation id such as {@code C0123456789}, since
 * the lookup's {@code conversations.history} takes no channel names), {@code text} (required
 * unless {@code blocks}; with blocks it is the notification fallback), {@code blocks} (a JSON
 * array of Block Kit blocks), {@code threadTs} (reply in the thread of that message). Output:
 * {@code {"channel": "C0123456789", "ts": "1700000000.000100", "found": false}}, {@code found}
 * true when an earlier attempt's message was returned. The bot needs the scopes
 * {@code chat:write} and {@code channels:history} (or {@code groups:history} for private
 * channels) and must be a member of the channel.
 *
 * <pre>{@code
 * SlackClient slack = SlackClient.builder().token(System.getenv("SLACK_BOT_TOKEN")).build();
 * ActionHandler post = slack.postAction();     // or new SlackPostAction(slack); hand it to the workflow engine
 * // a workflow node using it:
 * //   {"type": "slack.post", "params": {"channel": "C0123456789", "text": "New bug: {{ .item.title }}"}}
 * }</pre>
 */
public final class SlackPostAction implements ActionHandler {
  /** The action's type in workflow documents. */
  public static final String TYPE = "slack.post";
  /** The metadata event type that marks the messages this action posts. */
  public static final String EVENT_TYPE = "integration_agent_step";
  static final int LOOKBACK_HOURS = 24;
  /** How far back a retried step looks for the message of an earlier attempt. */
  static final Duration LOOKBACK = Duration.ofHours(LOOKBACK_HOURS);
  /** A conversation id as Slack's API description defines it: channel, private group or DM. */
  private static final Pattern CONVERSATION_ID = Pattern.compile("[CGD][A-Z0-9]{8,}");
  private static final int MAX_TEXT = 40_000;

  private final SlackClient client;

  public SlackPostAction(SlackClient client) {
    this.client = requireNonNull(client, "client");
  }

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Problems with the parameters, each naming the parameter. A value that is still a template
   * ({@code {{ vars.channel }}}) is checked only for its type: its final value is known at run time.
   */
  @Override
  public List<String> validate(JsonNode params) {
    requireNonNull(params, "params");
    List<String> problems = new ArrayList<>();
    if (!params.isObject()) {
      problems.add("params: must be an object with channel and text or blocks, but was " + kind(params));
      return problems;
    }
    JsonNode channel = params.path("channel");
    if (channel.isMissingNode() || channel.isNull()) {
      problems.add("channel: missing; give the conversation id, e.g. C0123456789");
    } else if (!channel.isTextual() || channel.asText().isBlank()) {
      problems.add("channel: must be a conversation id such as C0123456789, but was " + kind(channel));
    } else if (!isTemplate(channel.asText()) && !CONVERSATION_ID.matcher(channel.asText()).matches()) {
      problems.add("channel: must be a conversation id such as C0123456789 (a retried step looks the message up"
          + " with conversations.history, which takes no names), but was '" + channel.asText() + "'");
    }
    JsonNode text = params.path("text");
    JsonNode blocks = params.path("blocks");
    boolean hasBlocks = !blocks.isMissingNode() && !blocks.isNull();
    if (hasBlocks && !blocks.isArray() && !(blocks.isTextual() && isTemplate(blocks.asText()))) {
      problems.add("blocks: must be a JSON array of Block Kit blocks, but was " + kind(blocks));
    } else if (blocks.isArray() && blocks.isEmpty()) {
      problems.add("blocks: must hold at least one block, but was an empty array");
    }
    if (text.isMissingNode() || text.isNull()) {
      if (!hasBlocks) {
        problems.add("text: missing; give text or blocks");
      }
    } else if (!text.isTextual()) {
      problems.add("text: must be a string, but was " + kind(text));
    } else if (text.asText().isBlank() && !hasBlocks) {
      problems.add("text: must not be blank when there are no blocks");
    } else if (text.asText().length() > MAX_TEXT) {
      problems.add("text: must be at most " + MAX_TEXT + " characters (Slack's msg_too_long), but has "
          + text.asText().length());
    }
    JsonNode threadTs = params.path("threadTs");
    if (!threadTs.isMissingNode() && !threadTs.isNull()
        && !(threadTs.isTextual() && (isTemplate(threadTs.asText()) || threadTs.asText().matches("\\d{10}\\.\\d{6}")))) {
      problems.add("threadTs: must be a message ts such as 1700000000.000100, but was "
          + (threadTs.isTextual() ? "'" + threadTs.asText() + "'" : kind(threadTs)));
    }
    params.fieldNames().forEachRemaining(name -> {
      if (!List.of("channel", "text", "blocks", "threadTs").contains(name)) {
        problems.add(name + ": not a parameter of " + TYPE + " (channel, text, blocks, threadTs)");
      }
    });
    return problems;
  }

  @Override
  public ActionResult execute(ActionContext context, JsonNode params) {
    requireNonNull(context, "context");
    requireNonNull(params, "params");
    List<String> problems = validate(params);
    if (!problems.isEmpty()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, TYPE + " in step '" + context.stepId()
          + "' of workflow '" + context.workflowId() + "' has invalid parameters: " + String.join("; ", problems));
    }
    String channel = params.get("channel").asText();
    String key = context.idempotencyKey();
    if (context.outcomeUnknown() || context.attempt() > 1) {
      Instant since = context.clock().instant().minus(LOOKBACK);
      Optional<SlackMessage> earlier = params.hasNonNull("threadTs")
          ? client.findReply(channel, params.get("threadTs").asText(), key, since)
          : client.findMessage(channel, key, since);
      if (earlier.isPresent()) {
        SlackMessage m = earlier.get();
        return new ActionResult(output(m, true), "found the Slack message an earlier attempt posted in "
            + m.channel() + " (ts " + m.ts() + "); not posted again");
      }
    }
    ObjectNode payload = client.json().createObjectNode()
        .put("key", key)
        .put("workflow", context.workflowId())
        .put("execution", context.executionId());
    SlackMessage posted = client.postMessage(channel, textOf(params), blocksOf(params),
        params.hasNonNull("threadTs") ? params.get("threadTs").asText() : null, EVENT_TYPE, payload);
    return new ActionResult(output(posted, false), "posted to Slack channel " + posted.channel() + " (ts " + posted.ts() + ")");
  }

  private ObjectNode output(SlackMessage m, boolean found) {
    return client.json().createObjectNode().put("channel", m.channel()).put("ts", m.ts()).put("found", found);
  }

  private static @Nullable String textOf(JsonNode params) {
    return params.hasNonNull("text") ? params.get("text").asText() : null;
  }

  private static @Nullable JsonNode blocksOf(JsonNode params) {
    return params.hasNonNull("blocks") ? params.get("blocks") : null;
  }

  private static boolean isTemplate(String value) {
    return value.contains("{{");
  }

  private static String kind(JsonNode node) {
    return node.isTextual() ? "'" + node.asText() + "'" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
