/**
 * Owns the state stores: in-memory, and JDBC on embedded H2 or PostgreSQL with versioned migrations.
 * Hosts reach these through {@link dev.integrationagent.StateStores}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.store;

import javax.annotation.ParametersAreNonnullByDefault;
