package dev.integrationagent.events;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventFilter;
import dev.integrationagent.api.event.EventHandler;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * The agent's event stream: what passes, watches and the host recorded, read by offset, and the
 * subscriptions that consume it. Passes record their events in the store together with the state
 * they describe; subscriptions are delivered on the agent's own thread (never on a pass's), once
 * the agent is started, and whenever {@link #deliverNow()} is called.
 *
 * <pre>{@code
 * agent.events().subscribe("triage", EventFilter.types(EventTypes.ITEM_UPDATED).and(EventFilter.origin(TOOL)),
 *     event -> triage(event.itemId(), event.changes()));
 * agent.publish(ChangeEvent.builder("billing.invoice-paid", ChangeEvent.Origin.HOST, Instant.now())
 *     .item("INV-7").attribute("amount", "120.00").build());
 * }</pre>
 */
public final class EventStream {
  private final StateStore store;
  private final StateStore leases;
  private final String owner;
  private final Duration leaseTtl;
  private final Clock clock;
  private final Logger log;
  private final UnaryOperator<ChangeEvent> redact;
  private final Duration retention;
  private final Map<String, ConsumerLoop> loops = new ConcurrentHashMap<>();
  private final java.util.Set<ConsumerLoop> detached = ConcurrentHashMap.newKeySet();
  private volatile Instant prunedAt = Instant.MIN;

  /**
   * @param store where the stream is kept
   * @param leases where subscriptions claim their delivery (the store, or this process's leases
   *     for a store no other process can open)
   * @param owner this agent's name in leases
   * @param redact hides secrets in what the host publishes
   * @param retention how long events are kept
   */
  public EventStream(StateStore store, StateStore leases, String owner, Duration leaseTtl, Clock clock, Logger log,
      UnaryOperator<ChangeEvent> redact, Duration retention) {
    this.store = requireNonNull(store, "store");
    this.leases = requireNonNull(leases, "leases");
    this.owner = requireNonNull(owner, "owner");
    this.leaseTtl = requireNonNull(leaseTtl, "leaseTtl");
    this.clock = requireNonNull(clock, "clock");
    this.log = requireNonNull(log, "log");
    this.redact = requireNonNull(redact, "redact");
    this.retention = requireNonNull(retention, "retention");
  }

  /**
   * Delivers every event that {@code filter} accepts to {@code handler}, at least once, in offset
   * order, from the subscription's stored position; a new name starts at the oldest event kept.
   * A handler that throws gets the same event again after a backoff; other subscriptions and
   * passes are not held up.
   *
   * @param name the durable name: the same name after a restart, or on another agent sharing the
   *     store, goes on from the same position, and each event reaches it once across them
   * @throws IllegalArgumentException when this agent already has a subscription of that name
   */
  public Subscription subscribe(String name, EventFilter filter, EventHandler handler) {
    return subscribe(name, filter, handler, true);
  }

  /**
   * Like {@link #subscribe(String, EventFilter, EventHandler)}, but delivered only by its own
   * {@link Subscription#deliverNow()}, never by {@link #deliverNow()}: for a consumer that runs on a
   * thread of its own, so that a slow or blocking handler holds up nothing else (the audit trail's
   * sinks).
   */
  public Subscription subscribeDetached(String name, EventFilter filter, EventHandler handler) {
    return subscribe(name, filter, handler, false);
  }

  private Subscription subscribe(String name, EventFilter filter, EventHandler handler, boolean shared) {
    requireNonNull(name, "name");
    requireNonNull(filter, "filter");
    requireNonNull(handler, "handler");
    if (name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("a subscription name must be a non-blank word, was '" + name + "'");
    }
    ConsumerLoop loop = new ConsumerLoop(name, filter, handler, store, leases, owner, leaseTtl, clock, log);
    if (loops.putIfAbsent(name, loop) != null) {
      throw new IllegalArgumentException("this agent already has an event subscription named '" + name
          + "'; close it first or choose another name");
    }
    if (!shared) {
      detached.add(loop);
    }
    return new Subscription(loop, this);
  }

  void remove(ConsumerLoop loop) {
    loop.close();
    loops.remove(loop.name(), loop);
    detached.remove(loop);
  }

  /**
   * Records a host's event. Its type is a dotted name outside the engine's vocabulary
   * ({@code billing.invoice-paid}, not {@code item.updated}); its origin is {@code HOST}.
   *
   * @return the event as recorded, with its offset
   */
  public ChangeEvent publish(ChangeEvent event) {
    requireNonNull(event, "event");
    if (!EventTypes.hostMayPublish(event.type())) {
      throw new IllegalArgumentException("a host event's type must be a lower-case dotted name outside the engine's "
          + "vocabulary " + EventTypes.RESERVED_PREFIXES + ", such as 'billing.invoice-paid'; was '" + event.type() + "'");
    }
    if (event.origin() != ChangeEvent.Origin.HOST) {
      throw new IllegalArgumentException("a host event's origin must be HOST, was " + event.origin()
          + " (event " + event.type() + ")");
    }
    if (event.offset() != 0) {
      throw new IllegalArgumentException("event " + event.id() + " was recorded already, at offset " + event.offset());
    }
    return store.appendEvents(List.of(redact.apply(event))).get(0);
  }

  /** Recorded events after {@code afterOffset}, in offset order, at most {@code limit}. */
  public List<ChangeEvent> read(long afterOffset, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive but was " + limit);
    }
    return store.events(afterOffset, limit);
  }

  /** The offset of the newest event recorded. */
  public long lastOffset() {
    return store.lastEventOffset();
  }

  /** This agent's subscriptions, by name. */
  public Map<String, Subscription> subscriptions() {
    Map<String, Subscription> out = new java.util.TreeMap<>();
    loops.values().forEach(l -> out.put(l.name(), new Subscription(l, this)));
    return out;
  }

  /**
   * Delivers what is due to every subscription now, on the calling thread, and prunes events
   * older than the retention (at most once an hour).
   *
   * @return how many events the handlers took
   */
  public int deliverNow() {
    prune();
    int handled = 0;
    for (ConsumerLoop loop : List.copyOf(loops.values())) {
      if (detached.contains(loop)) {
        continue;
      }
      try {
        handled += loop.deliver();
      } catch (RuntimeException e) {
        // the store failed under this subscription: the others still get their turn
        log.warn("event subscription {}: delivery failed and is tried again: {}", loop.name(), e.toString());
      }
    }
    return handled;
  }

  private void prune() {
    Instant now = clock.instant();
    if (prunedAt.plus(Duration.ofHours(1)).isAfter(now)) {
      return;
    }
    prunedAt = now;
    try {
      int pruned = store.pruneEvents(now.minus(retention));
      if (pruned > 0) {
        log.info("event stream: pruned {} events older than {}", pruned, retention);
      }
    } catch (RuntimeException e) {
      log.warn("event stream: pruning failed and is tried again: {}", e.toString());
    }
  }

  /** Stops delivering to every subscription here. */
  public void close() {
    loops.values().forEach(ConsumerLoop::close);
    loops.clear();
  }
}
