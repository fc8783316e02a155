package dev.integrationagent.sync;

import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys a pass's log lines carry: {@code plan} and {@code run} for the whole pass,
 * {@code connection} and {@code item} while one connection or item is worked on. Each scope puts
 * its keys and, when it ends, puts back what the thread had before (a host's own MDC, an outer
 * scope's), so nothing leaks onto a pooled or scheduler thread.
 */
final class LogContext {
  static final String PLAN = "plan";
  static final String RUN = "run";
  static final String CONNECTION = "connection";
  static final String ITEM = "item";

  private final String[] keys;
  private final @Nullable String[] previous;

  private LogContext(String[] keys, @Nullable String[] values) {
    this.keys = keys;
    this.previous = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      previous[i] = MDC.get(keys[i]);
      put(keys[i], values[i]);
    }
  }

  /** Runs a pass of {@code plan} with its keys; no connection or item until one is entered. */
  static <T> T pass(String plan, String run, Supplier<T> body) {
    return within(new String[] {PLAN, RUN, CONNECTION, ITEM}, new String[] {plan, run, null, null}, body);
  }

  /** Runs {@code body} while one connection is worked on, and no single item of it. */
  static <T> T connection(String connectionId, Supplier<T> body) {
    return within(new String[] {CONNECTION, ITEM}, new String[] {connectionId, null}, body);
  }

  static void connection(String connectionId, Runnable body) {
    connection(connectionId, () -> {
      body.run();
      return null;
    });
  }

  /** Runs {@code body} while one item of a connection is worked on. */
  static <T> T item(String connectionId, @Nullable String itemId, Supplier<T> body) {
    return within(new String[] {CONNECTION, ITEM}, new String[] {connectionId, itemId}, body);
  }

  static void item(String connectionId, @Nullable String itemId, Runnable body) {
    item(connectionId, itemId, () -> {
      body.run();
      return null;
    });
  }

  private static <T> T within(String[] keys, @Nullable String[] values, Supplier<T> body) {
    LogContext scope = new LogContext(keys, values);
    try {
      return body.get();
    } finally {
      scope.restore();
    }
  }

  private void restore() {
    for (int i = keys.length - 1; i >= 0; i--) {
      put(keys[i], previous[i]);
    }
  }

  private static void put(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
