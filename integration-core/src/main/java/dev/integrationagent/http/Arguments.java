package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Checks of builder arguments, for the connection settings of this library and of connectors
 * built on it, so that every setting fails the same way: {@code "readTimeout must be positive but
 * was PT-3S"}.
 */
public final class Arguments {
  private Arguments() {}

  /** The duration, when it is more than zero. */
  public static Duration positive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    return value;
  }

  /** The duration, when it is zero or more. */
  public static Duration notNegative(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative but was " + value);
    }
    return value;
  }

  /** The duration, when it is zero or more and at most {@code max}. */
  public static Duration atMost(String name, Duration value, Duration max) {
    notNegative(name, value);
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between 0 and " + max + " but was " + value);
    }
    return value;
  }

  /** The number, when it is {@code min} or more. */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
    }
    return value;
  }
}
