/**
 * Owns the canonical JSON form of a work item and the built-in mappings. Hosts reach these through
 * {@link dev.integrationagent.Mappings}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.mapping;

import javax.annotation.ParametersAreNonnullByDefault;
