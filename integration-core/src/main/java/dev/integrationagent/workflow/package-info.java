/**
 * The workflow engine, its format and its built-in actions.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.workflow;

import javax.annotation.ParametersAreNonnullByDefault;
