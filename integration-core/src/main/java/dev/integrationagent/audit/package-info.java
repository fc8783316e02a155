/**
 * Owns the built-in audit sinks and the JSON form of audit events. Hosts reach these through
 * {@link dev.integrationagent.AuditSinks}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.audit;

import javax.annotation.ParametersAreNonnullByDefault;
