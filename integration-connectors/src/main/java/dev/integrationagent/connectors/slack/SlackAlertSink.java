package dev.integrationagent.connectors.slack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.AlertSink;
import dev.integrationagent.api.alert.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Posts alerts to a Slack channel through {@link SlackClient} ({@code chat.postMessage}): one
 * message per alert with its severity, title, what to do and its facts, and the resolved notice as
 * a reply in the thread of the alert it resolves, so a channel reads as one thread per incident.
 * Every text is escaped for Slack's mrkdwn, so a tool's text cannot mention {@code @channel} or
 * forge a link. A post that fails throws (the agent logs it and carries on with its other sinks).
 *
 * <pre>{@code
 * SlackClient slack = SlackClient.builder().token(System.getenv("SLACK_BOT_TOKEN")).build();
 * IntegrationAgent.builder().alerts(new SlackAlertSink(slack, "#integrations-oncall"))
 * }</pre>
 */
public final class SlackAlertSink implements AlertSink {
  private static final int THREADS_KEPT = 1_000;

  private final SlackClient client;
  private final String channel;
  /** The message of each open alert, by its rule and source, for its resolved notice to reply to. */
  private final Map<String, String> threads = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > THREADS_KEPT;
    }
  };

  public SlackAlertSink(SlackClient client, String channel) {
    this.client = requireNonNull(client, "client");
    this.channel = requireNonNull(channel, "channel");
    if (channel.isBlank()) {
      throw new IllegalArgumentException("the alert channel must not be blank");
    }
  }

  @Override
  public void send(Alert alert) {
    String key = alert.attributes().getOrDefault("rule", "") + "|" + alert.source();
    boolean resolved = "resolved".equals(alert.attributes().get("state"));
    String parent;
    synchronized (threads) {
      parent = resolved ? threads.remove(key) : null;
    }
    SlackMessage posted = client.postMessage(channel, fallback(alert), blocks(alert), parent, null, null);
    if (!resolved) {
      synchronized (threads) {
        threads.put(key, posted.ts());
      }
    }
  }

  /** The notification text: what a phone shows. */
  static String fallback(Alert alert) {
    return label(alert.severity()) + ": " + mrkdwn(alert.title());
  }

  static ArrayNode blocks(Alert alert) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ArrayNode blocks = json.arrayNode();
    ObjectNode header = blocks.addObject().put("type", "section");
    header.putObject("text").put("type", "mrkdwn").put("text", "*" + label(alert.severity()) + "* "
        + mrkdwn(alert.title()) + "\n" + mrkdwn(alert.message()));
    Map<String, String> facts = new TreeMap<>(alert.attributes());
    if (!facts.isEmpty()) {
      StringBuilder line = new StringBuilder();
      facts.forEach((k, v) -> line.append(line.length() == 0 ? "" : " · ").append(mrkdwn(k))
          .append(": `").append(mrkdwn(v).replace("`", "'")).append('`'));
      ObjectNode context = blocks.addObject().put("type", "context");
      context.putArray("elements").addObject().put("type", "mrkdwn").put("text", line.toString() + " · at "
          + alert.at());
    }
    return blocks;
  }

  /** Slack's three control characters as entities: no mention, no link, no forged formatting of a link. */
  private static String mrkdwn(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String label(Severity severity) {
    return switch (severity) {
      case CRITICAL -> ":rotating_light: CRITICAL";
      case WARNING -> ":warning: WARNING";
      default -> ":white_check_mark: " + severity.name();
    };
  }

  @Override
  public String toString() {
    return "SlackAlertSink[" + channel + "]";
  }
}
