package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A verified webhook delivery turned into changes.
 *
 * @param deliveryId the tool's delivery id, used to drop replays
 * @param kind the tool's event name ({@code "issues.edited"})
 * @param items the items the event reports as changed (possibly partial; the engine may re-read them)
 * @param comments comments the event reports as added or edited
 */
public record WebhookEvent(
    String deliveryId, String kind, List<ExternalItem> items, List<ExternalComment> comments) {
  public WebhookEvent {
    requireNonNull(deliveryId, "deliveryId");
    requireNonNull(kind, "kind");
    items = List.copyOf(items);
    comments = List.copyOf(comments);
  }
}
