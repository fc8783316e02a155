/**
 * Mappings between a tool's JSON and the canonical {@link dev.integrationagent.api.WorkItem}, and named
 * custom value transforms.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.mapping;

import javax.annotation.ParametersAreNonnullByDefault;
