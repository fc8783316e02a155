/**
 * Owns the audit trail (each sink on its own thread, reading the event stream), the records and
 * their JSON form, masking, the JDBC sink's table ({@code ia_audit_records}) with the queries over
 * it, and the hash-chained audit files: {@link dev.integrationagent.audit.JsonLinesAuditSink}
 * writes them, {@link dev.integrationagent.audit.AuditLogs} verifies, reads and queries them. Hosts
 * reach the sinks through {@link dev.integrationagent.AuditSinks}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.audit;

import javax.annotation.ParametersAreNonnullByDefault;
