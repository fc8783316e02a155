/**
 * Custom workflow actions that hosts and plugins contribute.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.workflow;

import javax.annotation.ParametersAreNonnullByDefault;
