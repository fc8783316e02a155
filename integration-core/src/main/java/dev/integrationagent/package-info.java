/**
 * The agent's public entry points: {@link dev.integrationagent.IntegrationAgent} and its builder, and the
 * factories {@link dev.integrationagent.StateStores}, {@link dev.integrationagent.AuditSinks},
 * {@link dev.integrationagent.AlertSinks}, {@link dev.integrationagent.Mappings} and
 * {@link dev.integrationagent.ConflictPolicy}. Start here.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent;

import javax.annotation.ParametersAreNonnullByDefault;
