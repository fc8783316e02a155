package dev.integrationagent.events;

import java.time.Instant;
import java.util.Optional;

/**
 * A named reader of the event stream, as {@link EventStream#subscribe} returns it. Its position
 * is durable: a subscription of the same name, after a restart or on another agent sharing the
 * store, goes on where it stopped.
 *
 * <pre>{@code
 * Subscription s = agent.events().subscribe("crm-export", EventFilter.types("item.created"), crm::export);
 * s.lag();        // events recorded that it has not passed yet
 * s.close();      // stops delivering to it here; its position stays in the store
 * }</pre>
 */
public final class Subscription implements AutoCloseable {
  private final ConsumerLoop loop;
  private final EventStream stream;

  Subscription(ConsumerLoop loop, EventStream stream) {
    this.loop = loop;
    this.stream = stream;
  }

  public String name() {
    return loop.name();
  }

  /** The offset of the last event it handled or passed. */
  public long position() {
    return loop.storedPosition();
  }

  /** How many recorded events lie after its position. */
  public long lag() {
    return Math.max(0, stream.lastOffset() - position());
  }

  /** How many times in a row its handler failed on the event it waits at; 0 when it is not failing. */
  public int failures() {
    return loop.failures();
  }

  /** When the event its handler failed on is delivered again, while it is failing. */
  public Optional<Instant> retryAt() {
    return Optional.ofNullable(loop.retryAt());
  }

  /** The last failure of its handler, while it is failing. */
  public Optional<String> lastError() {
    return Optional.ofNullable(loop.lastError());
  }

  /** Events pruned by retention before it read them, since it was subscribed here. */
  public long missed() {
    return loop.missed();
  }

  /**
   * Delivers what is due to it now, on the calling thread; waits for a delivery to it in flight on
   * another thread of this agent first, so that every event recorded before the call has been
   * handled when it returns. It does nothing while the handler waits for the retry of a failed
   * event, or while another agent delivers it.
   *
   * @return how many events its handler took
   */
  public int deliverNow() {
    return loop.deliver(true);
  }

  /** Stops delivering to it in this agent. Its position stays in the store. */
  @Override
  public void close() {
    stream.remove(loop);
  }
}
