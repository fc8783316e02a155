package dev.integrationagent.sync;

import dev.integrationagent.SyncReport;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.store.ConflictRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/** Counters of one pass. */
final class Pass {
  final String runId;
  final Instant startedAt;
  int created;
  int updated;
  int unchanged;
  /** Of the unchanged items, those skipped as nothing new since the last sync (the agent's own echoes). */
  int echoes;
  int conflicts;
  final List<SyncReport.Failure> failures = new ArrayList<>();
  /** The conflict queue as this pass knows it, by link (A id, newline, B id) and field; null until read. */
  @Nullable Map<String, Map<String, ConflictRecord>> queued;
  /**
   * The tool's change of the item being processed, once known (null for an echo, or before it is
   * known); recorded with the item's first outcome, then {@link #observedRecorded}.
   */
  @Nullable ChangeEvent observed;
  boolean observedRecorded;
  /** What set this pass off, when something recorded did (a webhook delivery): every event of it follows from it. */
  @Nullable ChangeEvent trigger;

  Pass(String runId, Instant startedAt) {
    this.runId = runId;
    this.startedAt = startedAt;
  }

  void queue(ConflictRecord conflict) {
    queued.computeIfAbsent(conflict.aId() + "\n" + conflict.bId(), k -> new LinkedHashMap<>())
        .put(conflict.field(), conflict);
  }

  /** Starts an item: nothing of it observed yet. */
  void startItem() {
    observed = null;
    observedRecorded = false;
  }

  /** The event the agent's outcomes for the current item follow from, or null. */
  @Nullable ChangeEvent cause() {
    return observed != null ? observed : trigger;
  }

  void fail(SyncReport.Failure failure) {
    failures.add(failure);
  }

  SyncReport report(String planId, Instant finishedAt) {
    return new SyncReport(planId, runId, startedAt, finishedAt, created, updated, unchanged, failures.size(),
        conflicts, failures, null);
  }
}
