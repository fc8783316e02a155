package dev.integrationagent.api.connector;

import static java.util.Objects.requireNonNull;

import javax.annotation.Nullable;

/**
 * Where a connection's change listing resumes. Opaque to the engine: each connector encodes what
 * it needs (a timestamp and the ids seen at it, a sequence number, a page token). The engine
 * stores a cursor only after every item before it was applied or parked.
 *
 * @param value the connector's encoding, or null for "from the beginning"
 */
public record Cursor(@Nullable String value) {
  /** The beginning of the change listing: everything there is. */
  public static final Cursor START = new Cursor(null);

  public static Cursor of(String value) {
    return new Cursor(requireNonNull(value, "value"));
  }

  public boolean isStart() {
    return value == null;
  }
}
