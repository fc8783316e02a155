/**
 * Owns health and alerting: the built-in alert sinks.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.monitor;

import javax.annotation.ParametersAreNonnullByDefault;
