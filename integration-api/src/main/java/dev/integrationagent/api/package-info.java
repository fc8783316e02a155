/**
 * The canonical model shared by every connector ({@link dev.integrationagent.api.WorkItem}) and the one
 * exception type of the library ({@link dev.integrationagent.api.IntegrationException}) with its
 * {@link dev.integrationagent.api.ErrorCategory}, which retry, circuit breaking, parking, health and alerts key on.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api;

import javax.annotation.ParametersAreNonnullByDefault;
