package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A change of one of the host's own items that the host pushes the moment it happens
 * ({@link IntegrationAgent#publish(ItemChange)}), so that it reaches the other tools without
 * waiting for a poll: the item is read afresh from its connection and synced through every plan
 * that reads that connection, exactly as a webhook delivery's items are.
 *
 * <pre>{@code
 * // in the host's service, after its own transaction committed
 * agent.publish(ItemChange.updated("crm", ticket.id()));
 * }</pre>
 *
 * @param connectionId the connection whose item changed (a {@code JdbcTableConnector}'s, or any other)
 * @param itemId the item's id there
 * @param deleted whether the host deleted it
 * @param deliveryId an id for this change, the same when the host sends it again (a retry of the
 *     host's own outbox); a change whose id the agent handled already is not synced twice
 */
public record ItemChange(String connectionId, String itemId, boolean deleted, String deliveryId) {
  public ItemChange {
    requireNonNull(connectionId, "connectionId");
    requireNonNull(itemId, "itemId");
    requireNonNull(deliveryId, "deliveryId");
    if (itemId.isBlank() || deliveryId.isBlank()) {
      throw new IllegalArgumentException("an item change needs an item id and a delivery id, got '" + itemId + "', '"
          + deliveryId + "'");
    }
  }

  /** The item was created or changed; a fresh delivery id. */
  public static ItemChange updated(String connectionId, String itemId) {
    return new ItemChange(connectionId, itemId, false, "host-" + UUID.randomUUID());
  }

  /** The item was deleted; a fresh delivery id. */
  public static ItemChange deleted(String connectionId, String itemId) {
    return new ItemChange(connectionId, itemId, true, "host-" + UUID.randomUUID());
  }

  /** This change with the host's own delivery id (an outbox row's), so that a retry is recognised. */
  public ItemChange withDeliveryId(String id) {
    return new ItemChange(connectionId, itemId, deleted, id);
  }
}
