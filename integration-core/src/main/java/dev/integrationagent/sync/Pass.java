package dev.integrationagent.sync;

import dev.integrationagent.SyncReport;
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
  int conflicts;
  final List<SyncReport.Failure> failures = new ArrayList<>();
  /** The conflict queue as this pass knows it, by link (A id, newline, B id) and field; null until read. */
  @Nullable Map<String, Map<String, ConflictRecord>> queued;

  Pass(String runId, Instant startedAt) {
    this.runId = runId;
    this.startedAt = startedAt;
  }

  void queue(ConflictRecord conflict) {
    queued.computeIfAbsent(conflict.aId() + "\n" + conflict.bId(), k -> new LinkedHashMap<>())
        .put(conflict.field(), conflict);
  }

  void fail(SyncReport.Failure failure) {
    failures.add(failure);
  }

  SyncReport report(String planId, Instant finishedAt) {
    return new SyncReport(planId, runId, startedAt, finishedAt, created, updated, unchanged, failures.size(),
        conflicts, failures, null);
  }
}
