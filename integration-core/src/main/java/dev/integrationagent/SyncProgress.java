package dev.integrationagent;

/**
 * One settled page of a pass.
 *
 * @param planId the plan
 * @param runId the pass
 * @param connectionId the connection the page was read from
 * @param page the page's number in this direction of the pass, from 1
 * @param seen items on the page
 * @param applied items created or updated on the other side
 * @param failed items that failed (retried later or parked)
 */
public record SyncProgress(String planId, String runId, String connectionId, int page, int seen, int applied,
    int failed) {}
