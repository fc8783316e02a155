/**
 * Owns the built-in audit sinks and the JSON form of audit events, and the JDBC sink's table
 * ({@code ia_audit_records}) with the queries over it. Hosts reach these through
 * {@link dev.integrationagent.AuditSinks}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.audit;

import javax.annotation.ParametersAreNonnullByDefault;
