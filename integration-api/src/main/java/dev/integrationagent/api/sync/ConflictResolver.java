package dev.integrationagent.api.sync;

/**
 * Decides a field edited on both sides since the last sync. Core's {@code ConflictPolicy} has
 * the built-in ones (last write wins, a side wins, per field, manual); implement this for custom
 * rules. Must be pure and thread-safe.
 *
 * <pre>{@code
 * ConflictResolver longerTitleWins = c -> Resolution.take(c,
 *     c.a().asText().length() >= c.b().asText().length() ? Side.A : Side.B);
 * }</pre>
 */
@FunctionalInterface
public interface ConflictResolver {
  Resolution resolve(FieldConflict conflict);
}
