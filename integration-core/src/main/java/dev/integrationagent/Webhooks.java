package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.events.WatchRunner;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point for webhook deliveries: the host's HTTP endpoint hands each request here. The
 * connection's connector verifies the signature and parses the event; each changed item is read
 * afresh and synced by every plan the connection takes part in, exactly as a poll would (so a
 * delivery and a poll that overlap write once). A delivery is recorded as done only once every
 * plan handled it without a failure: a redelivery of it (the tool's retry, or a person's
 * "Redeliver" after a failed sync) is reported as a duplicate and not applied again, while a
 * redelivery of one that failed, or that is still being handled, is applied (or reported as a
 * duplicate while the first is in progress). Polling stays on: it catches what webhooks drop.
 *
 * <pre>{@code
 * @PostMapping("/hooks/{connection}")
 * ResponseEntity<Void> hook(@PathVariable String connection, @RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
 *   agent.webhooks().handle(connection, headers, body);
 *   return ResponseEntity.accepted().build();
 * }
 * }</pre>
 */
public final class Webhooks {
  private static final int REMEMBERED_DELIVERIES = 10_000;

  private final IntegrationAgent agent;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_DELIVERIES;
    }
  };

  /** Deliveries being handled now, by connection and delivery id (guarded by {@code seen}). */
  private final java.util.Set<String> inFlight = new java.util.HashSet<>();

  Webhooks(IntegrationAgent agent) {
    this.agent = agent;
  }

  /**
   * What a delivery did.
   *
   * @param duplicate whether it was already handled (or is being handled now) and was not applied again
   * @param reports one per plan and item it synced; a failure in any of them leaves the delivery
   *     to be applied again when it is redelivered
   */
  public record Result(String deliveryId, boolean duplicate, List<SyncReport> reports) {
    public Result {
      reports = List.copyOf(reports);
    }
  }

  /**
   * Verifies, parses and applies one delivery.
   *
   * @param headers the request headers (names in any case)
   * @param body the raw body, exactly as received
   * @return the result; empty for a delivery that carries no change (a ping)
   * @throws IntegrationException {@code AUTHENTICATION} for a bad signature, {@code VALIDATION} for a
   *     malformed body, {@code CONFIGURATION} when the connection takes no webhooks
   */
  public Optional<Result> handle(String connectionId, Map<String, List<String>> headers, byte[] body) {
    requireNonNull(connectionId, "connectionId");
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    WebhookHandler handler = agent.session(connectionId).webhooks().orElseThrow(() -> new IntegrationException(
        ErrorCategory.CONFIGURATION, connectionId, "connection '" + connectionId + "' does not take webhooks", null));
    Optional<WebhookEvent> parsed = handler.handle(headers, body);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(deliver(connectionId, parsed.get(), ChangeEvent.Origin.TOOL));
  }

  /** A host's change of its own item, through the same pipeline as a delivery's items. */
  Result deliver(ItemChange change) {
    agent.session(change.connectionId()); // an unknown connection is the caller's mistake, named
    ExternalItem item = new ExternalItem(change.itemId(), null, "published", agent.clock().instant(),
        com.fasterxml.jackson.databind.node.NullNode.getInstance(), change.deleted());
    return deliver(change.connectionId(), new WebhookEvent(change.deliveryId(), "host", List.of(item), List.of()),
        ChangeEvent.Origin.HOST);
  }

  private Result deliver(String connectionId, WebhookEvent event, ChangeEvent.Origin origin) {
    String key = connectionId + "/" + event.deliveryId();
    synchronized (seen) {
      if (seen.containsKey(key) || !inFlight.add(key)) {
        return new Result(event.deliveryId(), true, List.of());
      }
    }
    boolean handled = false;
    try {
      // recorded first: every event of what it sets off follows from it
      ChangeEvent received = agent.stateStore().appendEvents(List.of(ChangeEvent.builder(EventTypes.WEBHOOK_RECEIVED,
              origin, agent.clock().instant())
          .connection(connectionId).attribute("delivery", event.deliveryId()).attribute("kind", event.kind())
          .attribute("items", String.join(",", event.items().stream().map(ExternalItem::id).toList())).build()))
          .get(0);
      List<SyncReport> reports = new ArrayList<>();
      for (SyncPlan plan : agent.plans().values()) {
        if (plan.a().equals(connectionId) || (plan.isTwoWay() && plan.b().equals(connectionId))) {
          event.items().forEach(item -> reports.add(agent.syncItem(plan.id(), connectionId, item, received)));
        }
      }
      boolean watched = true;
      Optional<WatchRunner> watch = agent.ownWatch(connectionId);
      if (watch.isPresent()) {
        try {
          event.items().forEach(item -> watch.get().item(item.id(), item.deleted(), received));
        } catch (IntegrationException e) {
          watched = false; // not recorded as done: a redelivery tries again
          agent.logWarning("watch of " + connectionId + ": webhook delivery " + event.deliveryId()
              + " could not be read: " + e.getMessage());
        }
      }
      handled = watched && reports.stream().allMatch(r -> r.failures().isEmpty());
      return new Result(event.deliveryId(), false, reports);
    } finally {
      synchronized (seen) {
        inFlight.remove(key);
        if (handled) {
          seen.put(key, Boolean.TRUE);
        }
      }
      agent.deliverOwnConsumers();
    }
  }
}
