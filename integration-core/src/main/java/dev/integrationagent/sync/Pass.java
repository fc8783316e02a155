package dev.integrationagent.sync;

import dev.integrationagent.SyncReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Counters of one pass. */
final class Pass {
  final String runId;
  final Instant startedAt;
  int created;
  int updated;
  int unchanged;
  int conflicts;
  final List<SyncReport.Failure> failures = new ArrayList<>();

  Pass(String runId, Instant startedAt) {
    this.runId = runId;
    this.startedAt = startedAt;
  }

  void fail(SyncReport.Failure failure) {
    failures.add(failure);
  }

  SyncReport report(String planId, Instant finishedAt) {
    return new SyncReport(planId, runId, startedAt, finishedAt, created, updated, unchanged, failures.size(),
        conflicts, failures, null);
  }
}
