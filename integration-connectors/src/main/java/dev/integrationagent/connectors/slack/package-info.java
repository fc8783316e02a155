/**
 * Slack as a workflow target: {@link dev.integrationagent.connectors.slack.SlackClient} posts
 * messages with {@code chat.postMessage} (spaced per channel, classified by Slack's error codes)
 * and finds a message again by the idempotency key in its metadata with
 * {@code conversations.history}; {@link dev.integrationagent.connectors.slack.SlackPostAction} is
 * the workflow action {@code slack.post} built on it, which never posts a step twice.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.connectors.slack;

import javax.annotation.ParametersAreNonnullByDefault;
