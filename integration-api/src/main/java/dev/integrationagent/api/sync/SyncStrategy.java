package dev.integrationagent.api.sync;

/**
 * Turns a linked pair's two current states and its base into writes: the field-level three-way
 * merge. The engine's default changes a field on the other side when only one side changed it
 * and hands fields changed on both sides to the plan's {@link ConflictResolver}.
 */
@FunctionalInterface
public interface SyncStrategy {
  MergeResult merge(MergeInput input, ConflictResolver resolver);
}
