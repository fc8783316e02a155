package dev.integrationagent.testkit;

import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** The mechanics of {@link ConnectorContract}'s checks that are not about a connector. */
final class ContractSupport {
  private static final Duration CONCURRENT_LIMIT = Duration.ofSeconds(60);

  private ContractSupport() {}

  /**
   * The cursor as the engine gets it back from its store: a JDBC store keeps only the string
   * value, so a connector cannot rely on anything else surviving a restart.
   */
  static Cursor stored(Cursor cursor) {
    return new Cursor(cursor.value());
  }

  /** How many page edges fall between two items of one updated time. */
  static long tiedPageEdges(List<ChangePage> pages) {
    long edges = 0;
    for (int i = 0; i + 1 < pages.size(); i++) {
      List<ExternalItem> left = pages.get(i).items();
      List<ExternalItem> right = pages.get(i + 1).items();
      if (!left.isEmpty() && !right.isEmpty()
          && left.get(left.size() - 1).updatedAt().equals(right.get(0).updatedAt())) {
        edges++;
      }
    }
    return edges;
  }

  /**
   * The body with one byte more, still the same JSON: a space after the opening brace (or at the
   * end of a body that is not an object), so that a handler which verifies the signature over
   * re-serialized JSON, or not at all, takes it.
   */
  static byte[] tampered(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String changed = text.startsWith("{") ? "{ " + text.substring(1) : text + " ";
    return changed.getBytes(StandardCharsets.UTF_8);
  }

  /** The delivery's headers with the signature's last character changed. */
  static Map<String, List<String>> withWrongSignature(ConnectorContract.SignedDelivery delivery) {
    Map<String, List<String>> headers = new LinkedHashMap<>(delivery.headers());
    headers.replaceAll((name, values) -> {
      if (!name.equalsIgnoreCase(delivery.signatureHeader())) {
        return values;
      }
      return values.stream().map(v -> v.isEmpty() ? "0" : v.substring(0, v.length() - 1)
          + (v.charAt(v.length() - 1) == '0' ? '1' : '0')).toList();
    });
    return headers;
  }

  /** The delivery's headers without the signature. */
  static Map<String, List<String>> withoutSignature(ConnectorContract.SignedDelivery delivery) {
    Map<String, List<String>> headers = new LinkedHashMap<>(delivery.headers());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase(delivery.signatureHeader()));
    return headers;
  }

  /**
   * Runs {@code work} on {@code threads} threads released at once; returns each thread's result
   * in thread order, or rethrows the first failure.
   */
  static <T> List<T> inParallel(int threads, IntFunction<T> work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return work.apply(thread);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(CONCURRENT_LIMIT.toSeconds(), TimeUnit.SECONDS));
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new AssertionError("a concurrent call failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("concurrent calls did not finish within " + CONCURRENT_LIMIT + " (a deadlock?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for concurrent calls", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
