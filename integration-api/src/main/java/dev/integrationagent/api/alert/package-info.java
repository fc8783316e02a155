/**
 * Alerts raised by health monitoring and delivered to the host's channels.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.alert;

import javax.annotation.ParametersAreNonnullByDefault;
