package dev.integrationagent.http;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * How the pipeline waits: for a backoff delay, a {@code Retry-After}, or a rate-limit window.
 * Tests inject one that advances a fake clock instead of waiting.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * Sleeper recording = d -> { waits.add(d); clock.advance(d); };
 * HttpPipeline.builder(client).sleeper(recording)...
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {
  /** Waits for the duration; throws {@link InterruptedIOException} when the thread is interrupted. */
  void sleep(Duration duration) throws InterruptedIOException;

  /** Parks the calling thread for real. */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
