package dev.integrationagent.store;

/** Argument checks of the event stream that every store makes alike. */
final class Offsets {
  private Offsets() {}

  static void checkConsumerOffset(String consumer, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset of consumer '" + consumer + "' must not be negative but was "
          + offset);
    }
  }
}
