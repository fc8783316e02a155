/**
 * Owns the built-in audit sinks, the JSON form of audit events, and the hash-chained audit files:
 * {@link dev.integrationagent.audit.JsonLinesAuditSink} writes them, {@link
 * dev.integrationagent.audit.AuditLogs} verifies, reads and queries them. Hosts reach the sinks
 * through {@link dev.integrationagent.AuditSinks}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.audit;

import javax.annotation.ParametersAreNonnullByDefault;
