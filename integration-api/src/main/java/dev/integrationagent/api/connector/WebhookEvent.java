package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A verified webhook delivery turned into changes.
 *
 * <p>A tool sends a delivery again when it was not acknowledged, and people redeliver one by hand
 * (GitHub's "Redeliver") after a failure: a handler returns it again, with the same
 * {@code deliveryId}. The agent records a delivery as done only once every plan handled it, and
 * reports a delivery it already handled as a duplicate.
 *
 * @param deliveryId the tool's delivery id, the same for every redelivery of one delivery
 * @param kind the tool's event name ({@code "issues.edited"})
 * @param items the items the event reports as changed; a notice: the agent reads each again
 *     before it syncs it, so an item may be partial
 * @param comments comments the event reports as added or edited
 * @param deletedCommentIds ids of comments the event reports as deleted
 */
public record WebhookEvent(
    String deliveryId, String kind, List<ExternalItem> items, List<ExternalComment> comments,
    List<String> deletedCommentIds) {
  public WebhookEvent {
    requireNonNull(deliveryId, "deliveryId");
    requireNonNull(kind, "kind");
    items = List.copyOf(items);
    comments = List.copyOf(comments);
    deletedCommentIds = List.copyOf(deletedCommentIds);
  }

  /** An event that deletes no comment. */
  public WebhookEvent(String deliveryId, String kind, List<ExternalItem> items, List<ExternalComment> comments) {
    this(deliveryId, kind, items, comments, List.of());
  }
}
