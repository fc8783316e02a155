/**
 * Extension points of the sync engine: how a pair of changes becomes actions, and how conflicts are resolved.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.sync;

import javax.annotation.ParametersAreNonnullByDefault;
